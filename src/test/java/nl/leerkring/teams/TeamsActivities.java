package nl.leerkring.teams;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.IntSupplier;

/** Bot Framework activities as Teams sends them, posted over real HTTP to the app's {@code /api/messages}. */
final class TeamsActivities {

    static final String TENANT = "72f988bf-tenant-0001";
    static final String CHANNEL = "19:leerkring-channel@thread.tacv2";
    static final String BOT = "28:bot-app-id";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final FakeConnector connector;
    private final IntSupplier port;
    private final HttpClient http = HttpClient.newHttpClient();

    /** @param port the app's HTTP port, once it runs */
    TeamsActivities(FakeConnector connector, IntSupplier port) {
        this.connector = connector;
        this.port = port;
    }

    /** A message activity from a user in a conversation ("channel" or "personal"); {@code text} may be null. */
    ObjectNode activity(String id, String fromId, String fromName, String conversationId, String conversationType, String text) {
        ObjectNode a = JSON.createObjectNode();
        a.put("type", "message").put("id", id).put("timestamp", "2025-03-04T10:15:30.123Z")
                .put("serviceUrl", connector.serviceUrl()).put("channelId", "msteams").put("locale", "nl-NL");
        if (text != null) {
            a.put("text", text);
        }
        a.putObject("from").put("id", fromId).put("name", fromName).put("aadObjectId", "aad-" + fromName.toLowerCase());
        a.putObject("recipient").put("id", BOT).put("name", "Leerkring");
        a.putObject("conversation").put("id", conversationId).put("conversationType", conversationType)
                .put("tenantId", TENANT).put("isGroup", !"personal".equals(conversationType));
        ObjectNode channelData = a.putObject("channelData");
        channelData.putObject("tenant").put("id", TENANT);
        channelData.putObject("channel").put("id", CHANNEL);
        return a;
    }

    /** Adds an @mention of a user, written in the text as {@code <at>name</at>}. */
    static ObjectNode mentioning(ObjectNode activity, String userId, String name) {
        ObjectNode mention = (activity.has("entities") ? (com.fasterxml.jackson.databind.node.ArrayNode) activity.get("entities")
                : activity.putArray("entities")).addObject();
        mention.put("type", "mention").put("text", "<at>" + name + "</at>");
        mention.putObject("mentioned").put("id", userId).put("name", name);
        return activity;
    }

    /** Waits up to 10 s for a condition (delivery runs on its own thread). */
    static void awaitTrue(java.util.function.BooleanSupplier condition, String what) {
        nl.leerkring.testing.Await.until(condition, Duration.ofSeconds(10), () -> "in vain for: " + what);
    }

    HttpResponse<String> post(String body, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port.getAsInt() + "/api/messages"))
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
