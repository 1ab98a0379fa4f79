package nl.leerkring.teams;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nl.leerkring.Leerkring;
import nl.leerkring.delivery.Outbox;
import nl.leerkring.testing.Await;
import nl.leerkring.testing.Http;

/**
 * People in one Teams channel using a running Leerkring over real HTTP, as the Bot Connector
 * would deliver their activities to {@code /api/messages}: {@code kring …} messages and
 * messages to {@code @Leerkring} (with real Teams mentions), replies in a thread
 * ({@code <channel>;messageid=<id>}), and Action.Submit presses and form submissions from the
 * cards the bot posted, in the conversation the card is in (a channel thread or the user's 1:1
 * chat) and with {@code replyToId} set to the card, as Teams does. Tests of the door itself
 * build an {@link #activity} and {@link #send} it as they like. What the bot sent is read from
 * the {@link FakeConnector}.
 */
final class TeamsChannel {

    static final String TENANT = "72f988bf-tenant-0001";
    static final String BOT = "28:bot-app-id";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern MENTION = Pattern.compile("<@([^>]+)>");

    private final HttpClient http = HttpClient.newHttpClient();
    private final URI endpoint;
    private final FakeConnector connector;
    private final Leerkring app;
    private final Outbox outbox;
    private final String channel;
    private final String type;
    private final AtomicLong ids = new AtomicLong();

    /** @param app the running app: its outbox, as a card is pressed once the bot is done sending, as a person would */
    TeamsChannel(Leerkring app, FakeConnector connector, String channel) {
        this(app, connector, channel, "channel");
    }

    /** @param type the conversation's {@code conversationType}: {@code channel} or {@code groupChat} */
    TeamsChannel(Leerkring app, FakeConnector connector, String channel, String type) {
        this.endpoint = URI.create("http://127.0.0.1:" + app.port() + "/api/messages");
        this.connector = connector;
        this.app = app;
        this.outbox = app.outbox();
        this.channel = channel;
        this.type = type;
    }

    String id() {
        return channel;
    }

    // ----------------------------------------------------------------------------------------
    // What people do

    /**
     * A message activity from {@code user}. Mentions written {@code <@id>} in {@code text} become
     * what Teams sends: {@code <at>name</at>} in the text and a mention entity.
     */
    ObjectNode activity(String user, String conversationId, String conversationType, String text) {
        ObjectNode a = JSON.createObjectNode();
        a.put("type", "message").put("id", "act-" + ids.incrementAndGet()).put("timestamp", "2026-11-21T10:15:30.123Z")
                .put("serviceUrl", connector.serviceUrl()).put("channelId", "msteams").put("locale", "nl-NL");
        a.putObject("from").put("id", user).put("name", nameOf(user)).put("aadObjectId", "aad-" + nameOf(user));
        a.putObject("recipient").put("id", BOT).put("name", "Leerkring");
        a.putObject("conversation").put("id", conversationId).put("conversationType", conversationType)
                .put("tenantId", TENANT).put("isGroup", !"personal".equals(conversationType));
        ObjectNode channelData = a.putObject("channelData");
        channelData.putObject("tenant").put("id", TENANT);
        // a group chat's channelData holds only the tenant
        if ("channel".equals(conversationType)) {
            channelData.putObject("channel").put("id", channel);
        }
        if (text != null) {
            ArrayNode entities = a.putArray("entities");
            Matcher m = MENTION.matcher(text);
            StringBuilder teamsText = new StringBuilder();
            while (m.find()) {
                String shown = "<at>" + nameOf(m.group(1)) + "</at>";
                ObjectNode mention = entities.addObject().put("type", "mention").put("text", shown);
                mention.putObject("mentioned").put("id", m.group(1)).put("name", nameOf(m.group(1)));
                m.appendReplacement(teamsText, Matcher.quoteReplacement(shown));
            }
            m.appendTail(teamsText);
            a.put("text", teamsText.toString());
        }
        return a;
    }

    /** {@code facilitator} makes the channel a circle and gives each of {@code members} the member role. */
    void startCircle(String facilitator, List<String> members) {
        command(facilitator, "start");
        awaitPost(c -> text(c).contains("Dit kanaal is nu een leerkring"));
        for (String member : members) {
            command(facilitator, "rol <@" + member + "> lid");
            awaitPost(c -> text(c).contains(shown(member) + " is nu lid"));
        }
    }

    /**
     * How a card shows a mention of this user whose name Teams gave the bot, as {@link #text}
     * reads it: {@code @Name} (in the card a real mention, {@code <at>Name</at>}, or in a fact
     * the plain {@code @Name}).
     */
    static String shown(String userId) {
        return "@" + nameOf(userId);
    }

    /** {@code user} writes {@code @Leerkring kring <text>} in the channel: what Teams users type, as the bot tells them. */
    void command(String user, String text) {
        post(activity(user, channel, type, "<@" + BOT + "> kring " + text));
    }

    /** {@code user} writes {@code @Leerkring <text>} in the channel: the bot mentioned, as Teams delivers channel messages to it. */
    void atBot(String user, String text) {
        post(activity(user, channel, type, "<@" + BOT + "> " + text));
    }

    /** {@code user} writes {@code text} in the conversation itself, without the bot's mention (group chat talk). */
    void say(String user, String text) {
        post(activity(user, channel, type, text));
    }

    /** {@code user} replies {@code text} in the thread under the message with id {@code threadId}. */
    void reply(String user, String threadId, String text) {
        post(activity(user, channel + ActivityMapper.THREAD_MARKER + threadId, "channel", text));
    }

    /**
     * {@code user} picks {@code title} on a card the bot posted, where it was posted: the button
     * with that title, or else that entry of the card's pick list and then its submit button
     * (Teams merges the picked value into the button's data).
     */
    void press(String user, FakeConnector.Call card, String title) {
        submitted(user, card.conversation(), card, picked(card, title));
    }

    /** A press that names a card but comes from another conversation (a replayed or forged submit). */
    void pressFrom(String user, String conversation, FakeConnector.Call card, String title) {
        submitted(user, conversation, card, picked(card, title));
    }

    /** What Teams sends for picking {@code title} on the card: a button's data, or a pick list's submit data with the pick. */
    static ObjectNode picked(FakeConnector.Call card, String title) {
        for (JsonNode a : content(card).path("actions")) {
            if (a.path("title").asText().equals(title)) {
                return a.path("data").deepCopy();
            }
        }
        for (JsonNode block : content(card).path("body")) {
            if (block.path("type").asText().equals("Input.ChoiceSet")) {
                for (JsonNode option : block.path("choices")) {
                    if (option.path("title").asText().equals(title)) {
                        ObjectNode data = content(card).path("actions").path(0).path("data").deepCopy();
                        data.put(block.path("id").asText(), option.path("value").asText());
                        return data;
                    }
                }
            }
        }
        throw new AssertionError("no button or pick '" + title + "' on " + actionTitles(card) + " / " + pickTitles(card));
    }

    /** The titles of the card's pick list, in order. */
    static List<String> pickTitles(FakeConnector.Call card) {
        List<String> titles = new ArrayList<>();
        content(card).path("body").forEach(b -> {
            if (b.path("type").asText().equals("Input.ChoiceSet")) {
                b.path("choices").forEach(c -> titles.add(c.path("title").asText()));
            }
        });
        return titles;
    }

    /** {@code user} fills in the form card the bot posted (inputs by id) and presses its submit button. */
    void submit(String user, FakeConnector.Call form, Map<String, String> answers) {
        ObjectNode value = content(form).path("actions").path(0).path("data").deepCopy();
        answers.forEach(value::put);
        submitted(user, form.conversation(), form, value);
    }

    /** Presses a button that sends a form to the user's 1:1 chat, waits for the form, and submits it. */
    FakeConnector.Call pressAndSubmit(String user, FakeConnector.Call card, String title, Map<String, String> answers) {
        int mark = mark();
        press(user, card, title);
        FakeConnector.Call form = awaitPrivate(mark, user, c -> isForm(c));
        submit(user, form, answers);
        return form;
    }

    private void submitted(String user, String conversation, FakeConnector.Call card, ObjectNode value) {
        // Nobody answers a card in the milliseconds between the connector taking it and the
        // outbox marking it sent; a test could, and the press would then not find its card.
        Await.until(() -> outbox.pendingCount() == 0, () -> outbox.pendingCount() + " outbox rows still pending");
        boolean personal = !conversation.startsWith(channel);
        ObjectNode a = activity(user, conversation, personal ? "personal" : type, null);
        a.put("replyToId", card.answeredId());
        a.set("value", value);
        post(a);
    }

    // ----------------------------------------------------------------------------------------
    // What the bot sent

    int mark() {
        return connector.calls().size();
    }

    /** The first message posted in the channel or one of its threads that matches. */
    FakeConnector.Call awaitPost(Predicate<FakeConnector.Call> matching) {
        return Await.until(() -> connector.posts().stream().filter(c -> c.conversation().startsWith(channel)).filter(matching)
                        .findFirst(),
                () -> "no matching post in " + channel + "; posts: " + connector.posts().stream().map(TeamsChannel::text).toList());
    }

    /** The first message in the channel or its threads whose text (title first) starts with {@code prefix}. */
    FakeConnector.Call awaitPostStarting(String prefix) {
        return awaitPost(c -> text(c).startsWith(prefix));
    }

    /** The first message posted to {@code user}'s 1:1 chat after {@code mark} that matches. */
    FakeConnector.Call awaitPrivate(int mark, String user, Predicate<FakeConnector.Call> matching) {
        String chat = FakeConnector.privateChatId(user);
        return Await.until(() -> connector.calls().stream().skip(mark).filter(c -> c.path().endsWith("/activities"))
                        .filter(c -> c.conversation().equals(chat)).filter(matching).findFirst(),
                () -> "no matching message in the 1:1 chat of " + user + "; posts: "
                        + connector.posts().stream().map(c -> c.conversation() + ": " + text(c)).toList());
    }

    FakeConnector.Call awaitPrivate(int mark, String user, String containing) {
        return awaitPrivate(mark, user, c -> text(c).contains(containing));
    }

    /**
     * The text a posted message shows: its card's text blocks (title, lines) and facts as
     * {@code label: value}, one a line, with mentions {@code <at>Name</at>} as {@code @Name};
     * the activity's text when it has no card.
     */
    static String text(FakeConnector.Call post) {
        JsonNode content = content(post);
        if (content.isMissingNode()) {
            return json(post).path("text").asText();
        }
        List<String> lines = new ArrayList<>();
        for (JsonNode block : content.path("body")) {
            if (block.path("type").asText().equals("TextBlock")) {
                lines.add(block.path("text").asText());
            }
            for (JsonNode fact : block.path("facts")) {
                lines.add(fact.path("title").asText() + ": " + fact.path("value").asText());
            }
        }
        return String.join("\n", lines).replaceAll("<at>([^<]*)</at>", "@$1");
    }

    /** A request body as JSON text with its escapes undone, so that text in it can be looked for as typed. */
    static String decodedBody(FakeConnector.Call call) {
        return call.body().isEmpty() ? "" : json(call).toString();
    }

    static boolean isForm(FakeConnector.Call post) {
        return content(post).path("actions").path(0).path("data").has(ActivityMapper.FORM_KEY);
    }

    /** The card's input ids, in order. */
    static List<String> inputIds(FakeConnector.Call form) {
        List<String> ids = new ArrayList<>();
        content(form).path("body").forEach(b -> {
            if (b.path("type").asText().startsWith("Input.")) {
                ids.add(b.path("id").asText());
            }
        });
        return ids;
    }

    static List<String> actionTitles(FakeConnector.Call card) {
        List<String> titles = new ArrayList<>();
        content(card).path("actions").forEach(a -> titles.add(a.path("title").asText()));
        return titles;
    }

    /** The value of the card's fact with this title, or null. */
    static String fact(FakeConnector.Call card, String title) {
        for (JsonNode block : content(card).path("body")) {
            for (JsonNode fact : block.path("facts")) {
                if (fact.path("title").asText().equals(title)) {
                    return fact.path("value").asText();
                }
            }
        }
        return null;
    }

    static JsonNode content(FakeConnector.Call post) {
        return json(post).path("attachments").path(0).path("content");
    }

    /** The button titled {@code title} on a card, as the bot rendered it (its {@code data} is what a press submits). */
    static JsonNode action(FakeConnector.Call card, String title) {
        for (JsonNode a : content(card).path("actions")) {
            if (a.path("title").asText().equals(title)) {
                return a;
            }
        }
        throw new AssertionError("no button '" + title + "' on " + actionTitles(card));
    }

    /** A request body the bot sent (an activity, or the parameters of a new conversation), as JSON. */
    static JsonNode json(FakeConnector.Call call) {
        try {
            return JSON.readTree(call.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + call.body(), e);
        }
    }

    /** A display name for a user id: {@code 29:1bob} and {@code 29:1bob-user-id} are Bob; the bot is Leerkring. */
    static String nameOf(String userId) {
        if (userId.equals(BOT)) {
            return "Leerkring";
        }
        String id = userId.substring(userId.lastIndexOf(':') + 2).split("-")[0];
        return Character.toUpperCase(id.charAt(0)) + id.substring(1);
    }

    /** Posts an activity as the connector does and expects it to be accepted: 202, as the door answers a message activity. */
    HttpResponse<String> post(ObjectNode activity) {
        HttpResponse<String> response = send(activity.toString(), null);
        if (response.statusCode() != 202) {
            throw new AssertionError("activity answered " + response.statusCode() + ": " + response.body() + "\n" + activity);
        }
        return response;
    }

    /**
     * Posts a body to {@code /api/messages} (with an Authorization header when given) and returns
     * the answer, once the event it carried has been handled.
     */
    HttpResponse<String> send(String body, String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        HttpResponse<String> response = Http.send(http, request.build());
        Await.handled(app);
        return response;
    }
}
