package nl.leerkring.teams;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;

/**
 * A fake Bot Connector on loopback: answers what the bot posts like the real one (every message
 * its own id, a 1:1 chat per user, the {@code ARRAffinity} cookie it sets) and records every
 * request. Tests can queue special answers (a 429, say) that are given before the normal ones.
 * It also stands in for the member's OneDrive: {@link #uploadUrl} is an upload URL as a
 * {@code fileConsent/invoke} carries it, and what is {@code PUT} there is an {@link #uploads upload}.
 */
final class FakeConnector implements AutoCloseable {

    /**
     * One request the bot made, with its path percent-decoded, and the id the connector answered
     * with (of the posted message, or of the 1:1 chat it created), or null.
     */
    record Call(String method, String path, String body, String cookie, String answeredId, long atNanos,
                String contentRange) {

        /** The conversation a message was posted to (for a thread: the channel id with {@code ;messageid=…}). */
        String conversation() {
            return path.substring("/v3/conversations/".length(), path.lastIndexOf("/activities"));
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final MockWebServer server = new MockWebServer();
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final Deque<MockResponse> queued = new ConcurrentLinkedDeque<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final java.util.Map<String, String> members = new java.util.concurrent.ConcurrentHashMap<>();

    FakeConnector() throws IOException {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                String body = request.getBody().readUtf8();
                String[] answeredId = new String[1];
                MockResponse response = answer(request, body, answeredId);
                calls.add(new Call(request.getMethod(), URI.create("http://x" + request.getPath()).getPath(),
                        body, request.getHeader("Cookie"), answeredId[0], System.nanoTime(), request.getHeader("Content-Range")));
                return response;
            }
        });
        server.start(java.net.InetAddress.getLoopbackAddress(), 0);
    }

    private MockResponse answer(RecordedRequest request, String body, String[] answeredId) {
        MockResponse special = queued.poll();
        if (special != null) {
            return special;
        }
        String path = request.getPath();
        if ("PUT".equals(request.getMethod()) && path.startsWith("/upload/")) {
            // an upload session takes the last range of a file with 201 Created and the item
            return new MockResponse().setResponseCode(201).setHeader("Content-Type", "application/json")
                    .setBody("{\"id\":\"01BYE5RZ\",\"name\":\"" + path.substring("/upload/".length()) + "\"}");
        }
        if ("POST".equals(request.getMethod()) && "/v3/conversations".equals(path)) {
            answeredId[0] = privateChatId(memberOf(body));
            return json("{\"id\":\"" + answeredId[0] + "\"}");
        }
        if ("POST".equals(request.getMethod()) && path.startsWith("/v3/conversations/") && path.contains("/activities")) {
            answeredId[0] = "1700000000" + String.format("%03d", ids.incrementAndGet());
            return json("{\"id\":\"" + answeredId[0] + "\"}")
                    // what the real connector does; the okhttp-3 cookie jar used to break on it
                    .addHeader("Set-Cookie", "ARRAffinity=affinity-" + ids.get() + "; Path=/; HttpOnly");
        }
        String decoded = URI.create("http://x" + path).getPath();
        if ("GET".equals(request.getMethod()) && decoded.matches("/v3/conversations/[^/]+/members/[^/]+")) {
            return member(decoded.substring(decoded.lastIndexOf('/') + 1));
        }
        if ("PUT".equals(request.getMethod()) && path.startsWith("/v3/conversations/") && path.contains("/activities/")) {
            return json("{\"id\":\"" + path.substring(path.lastIndexOf('/') + 1) + "\"}");
        }
        return new MockResponse().setResponseCode(404);
    }

    /**
     * One member of the conversation as {@code GET /v3/conversations/{id}/members/{memberId}}
     * answers (a {@code TeamsChannelAccount}: name, AAD object id, given name, surname, e-mail,
     * UPN, tenant, role), or the connector's 404 for someone who is not a member there.
     */
    private MockResponse member(String userId) {
        String name = members.get(userId);
        if (name == null) {
            return new MockResponse().setResponseCode(404).setHeader("Content-Type", "application/json")
                    .setBody("{\"error\":{\"code\":\"MemberNotFoundInConversation\",\"message\":\"The member could not be found in the conversation.\"}}");
        }
        var account = JSON.createObjectNode().put("id", userId).put("name", name)
                .put("aadObjectId", "6be2a8d6-" + Math.abs(userId.hashCode())).put("givenName", name.split(" ")[0])
                .put("surname", name.contains(" ") ? name.substring(name.indexOf(' ') + 1) : "")
                .put("email", name.replace(' ', '.').toLowerCase(java.util.Locale.ROOT) + "@contoso.example")
                .put("userPrincipalName", name.replace(' ', '.').toLowerCase(java.util.Locale.ROOT) + "@contoso.example")
                .put("tenantId", TeamsChannel.TENANT).put("userRole", "user");
        return json(account.toString());
    }

    /** Teams knows {@code userId} by {@code name} in its member lists from now on. */
    void member(String userId, String name) {
        members.put(userId, name);
    }

    /** The member look-ups the bot made ({@code GET …/members/{memberId}}), their paths in order. */
    List<String> memberLookups() {
        return calls.stream().filter(c -> c.method().equals("GET") && c.path().matches("/v3/conversations/[^/]+/members/[^/]+"))
                .map(Call::path).toList();
    }

    /** The id of the 1:1 chat between the bot and this user, as this connector makes it. */
    static String privateChatId(String userId) {
        return "a:1private-chat-with-" + userId.replaceAll("[^A-Za-z0-9]", "");
    }

    private static String memberOf(String conversationParameters) {
        try {
            return JSON.readTree(conversationParameters).path("members").path(0).path("id").asText();
        } catch (IOException e) {
            return "";
        }
    }

    private static MockResponse json(String body) {
        return new MockResponse().setResponseCode(200).setHeader("Content-Type", "application/json").setBody(body);
    }

    /** The service URL to put in activities. */
    String serviceUrl() {
        return server.url("/").toString();
    }

    /** An upload URL on this fake, as Teams puts one in an accepted file consent ({@code uploadInfo.uploadUrl}). */
    String uploadUrl(String name) {
        return server.url("/upload/" + name).toString();
    }

    /** What was PUT to an {@link #uploadUrl}, in order. */
    List<Call> uploads() {
        return calls.stream().filter(c -> c.method().equals("PUT") && c.path().startsWith("/upload/")).toList();
    }

    void enqueue(MockResponse response) {
        queued.add(response);
    }

    List<Call> calls() {
        return new ArrayList<>(calls);
    }

    /** The messages the bot changed (updateActivity: PUT to {@code /v3/conversations/<id>/activities/<id>}), in order. */
    List<Call> updates() {
        return calls.stream().filter(c -> c.method().equals("PUT") && c.path().startsWith("/v3/")).toList();
    }

    /**
     * Every message the bot posted or changed, in order, that carries an Adaptive Card: what
     * a card check looks at.
     */
    List<Call> cards() {
        return calls.stream().filter(c -> c.path().startsWith("/v3/conversations/") && c.path().contains("/activities")
                && c.body().contains(AdaptiveCards.CONTENT_TYPE)).toList();
    }

    /** The 1:1 chats the bot asked the connector to create. */
    List<Call> createdChats() {
        return calls.stream().filter(c -> c.method().equals("POST") && c.path().equals("/v3/conversations")).toList();
    }

    /** The messages the bot posted (conversation activity POSTs), in order. */
    List<Call> posts() {
        return calls.stream()
                .filter(c -> c.method().equals("POST") && c.path().matches("/v3/conversations/[^/]+/activities(/.*)?"))
                .toList();
    }

    @Override
    public void close() throws IOException {
        server.shutdown();
    }
}
