package nl.leerkring.teams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import nl.leerkring.Leerkring;
import nl.leerkring.config.Config;
import nl.leerkring.testing.Await;
import nl.leerkring.testing.Rows;
import nl.leerkring.testing.TestConfigs;
import nl.leerkring.testing.TestDatabases;
import okhttp3.mockwebserver.MockResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Teams door end to end: Bot Framework activities over real HTTP into the running app, the
 * real SDK adapter, a real H2 database, and a fake Bot Connector on loopback (the activities'
 * {@code serviceUrl}) that records what the bot posts.
 */
class TeamsEndpointTest {

    private static final String TENANT = TeamsChannel.TENANT;
    private static final String CHANNEL = "19:leerkring-channel@thread.tacv2";
    private static final String ANNA = "29:1anna-user-id";
    private static final String BOB = "29:2bob-user-id";
    private static final String BOT = TeamsChannel.BOT;
    private static final String WELCOME = "Dit kanaal is nu een leerkring";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tempDir;

    private TeamsServer server;
    private FakeConnector connector;
    private Leerkring app;
    private TeamsChannel teams;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private void startApp(Map<String, String> overrides) {
        Config config = TestConfigs.server(TestDatabases.h2(tempDir)).with(overrides);
        server = TeamsServer.start(config, Clock.systemUTC());
        connector = server.connector();
        app = server.app();
        teams = server.channel(CHANNEL);
    }

    // (a) + (b)
    @Test
    void kringStartInAChannelMakesACircleAndTheWelcomeCardReachesTheConnectorDespiteItsCookies() throws Exception {
        startApp(Map.of());

        assertEquals(202, post(message("act-1", CHANNEL, "channel", "kring start")).statusCode());

        assertEquals(1, count("SELECT COUNT(*) FROM circle WHERE platform = 'TEAMS' AND workspace_id = ? AND channel_id = ?",
                TENANT, CHANNEL));
        assertEquals(1, count("SELECT COUNT(*) FROM teams_conversation WHERE tenant_id = ? AND conversation_id = ?",
                TENANT, CHANNEL));
        FakeConnector.Call reply = awaitPosts(1).get(0);
        assertEquals("/v3/conversations/" + CHANNEL + "/activities", reply.path(),
                "a proactive message, not a reply to the SDK's random continuation id");
        JsonNode activity = JSON.readTree(reply.body());
        assertEquals("message", activity.path("type").asText());
        assertEquals("Welkom bij jullie leerkring", activity.path("summary").asText(),
                "the notification line is the title only; the card has the text");
        JsonNode card = activity.path("attachments").path(0);
        assertEquals("application/vnd.microsoft.card.adaptive", card.path("contentType").asText());
        assertEquals("AdaptiveCard", card.path("content").path("type").asText());
        assertEquals("1.4", card.path("content").path("version").asText());
        JsonNode body = card.path("content").path("body");
        assertEquals("Bolder", body.path(0).path("weight").asText(), "the title comes first, in bold");
        assertTrue(body.toString().contains(WELCOME), body.toString());

        // (b) the connector answered with Set-Cookie (ARRAffinity); the send was still marked sent,
        // and the cookie jar really ran: the next request carries the cookie back.
        awaitTrue(() -> count("SELECT COUNT(*) FROM outbox WHERE status = 'sent'") == 1, "the reply is marked sent");
        assertEquals(202, post(message("act-2", CHANNEL, "channel", "kring start")).statusCode());
        FakeConnector.Call second = awaitPosts(2).get(1);
        assertNotNull(second.cookie(), "the second request carries the ARRAffinity cookie back");
        assertTrue(second.cookie().contains("ARRAffinity=affinity-1"), second.cookie());
    }

    // (c)
    @Test
    void theSameActivityIdTwiceActsOnce() throws Exception {
        startApp(Map.of());
        String activity = message("act-dup", CHANNEL, "channel", "kring start");

        assertEquals(202, post(activity).statusCode());
        assertEquals(202, post(activity).statusCode());

        // Both requests returned after the core was done with them: what is in the database now is final.
        assertEquals(1, count("SELECT COUNT(*) FROM circle"));
        assertEquals(1, count("SELECT COUNT(*) FROM inbound_event"));
        assertEquals(1, count("SELECT COUNT(*) FROM outbox"));
        awaitTrue(() -> count("SELECT COUNT(*) FROM outbox WHERE status = 'sent'") == 1, "the one reply is sent");
        assertEquals(1, connector.posts().size(), "one welcome, not two");
    }

    // (d)
    @Test
    void withCredentialsSetUnauthenticatedRequestsGet401AndNothingIsStored() throws Exception {
        startApp(Map.of(Config.TEAMS_APP_ID, "00000000-0000-0000-0000-00000000b07a",
                Config.TEAMS_APP_PASSWORD, "not-a-real-secret"));
        String activity = message("act-auth", CHANNEL, "channel", "kring start");

        assertEquals(401, post(activity).statusCode(), "no Authorization header");
        assertEquals(401, post(activity, "Bearer garbage").statusCode(), "a token that is not a JWT");
        assertEquals(401, post(activity, "Bearer " + unsignedJwt()).statusCode(), "a JWT from an untrusted issuer");
        assertEquals(401, post(activity, "Basic dXNlcjpwYXNz").statusCode(), "not a bearer token");

        assertEquals(0, count("SELECT COUNT(*) FROM circle"));
        assertEquals(0, count("SELECT COUNT(*) FROM inbound_event"));
        assertEquals(0, count("SELECT COUNT(*) FROM teams_conversation"));
        assertEquals(0, count("SELECT COUNT(*) FROM outbox"));
        assertEquals(List.of(), connector.calls());
    }

    // (e)
    @Test
    void malformedJsonIs400() throws Exception {
        startApp(Map.of());

        assertEquals(400, post("{\"type\": \"message\", ").statusCode());
        assertEquals(400, post("[1, 2, 3]").statusCode());
        assertEquals(400, post("{\"text\": \"no type\"}").statusCode());
        assertEquals(0, count("SELECT COUNT(*) FROM inbound_event"));
    }

    // (f)
    @Test
    void a429WithRetryAfterDelaysTheReplyButItArrivesAfterwards() throws Exception {
        startApp(Map.of());
        connector.enqueue(new MockResponse().setResponseCode(429).setHeader("Retry-After", "1")
                .setHeader("Content-Type", "application/json")
                .setBody("{\"error\":{\"code\":\"Throttled\",\"message\":\"slow down\"}}"));

        assertEquals(202, post(message("act-429", CHANNEL, "channel", "kring start")).statusCode());

        List<FakeConnector.Call> posts = awaitPosts(2);
        long waitedMillis = Duration.ofNanos(posts.get(1).atNanos() - posts.get(0).atNanos()).toMillis();
        assertTrue(waitedMillis >= 900, "the retry honoured Retry-After: 1 (waited " + waitedMillis + " ms)");
        assertEquals(JSON.readTree(posts.get(0).body()).path("attachments"), JSON.readTree(posts.get(1).body()).path("attachments"),
                "the same card again");
        awaitTrue(() -> count("SELECT COUNT(*) FROM outbox WHERE status = 'sent' AND attempts = 1") == 1,
                "the reply is marked sent, and the 429 did not count as an attempt");
    }

    @Test
    void aMessageInAThreadActsOnTheChannelAndIsAnsweredInThatThread() throws Exception {
        startApp(Map.of());
        String inThread = CHANNEL + ";messageid=1699999999999";

        assertEquals(202, post(message("act-thread", inThread, "channel", "kring start")).statusCode());

        assertEquals(1, count("SELECT COUNT(*) FROM circle WHERE channel_id = ?", CHANNEL));
        assertEquals(1, count("SELECT COUNT(*) FROM teams_conversation WHERE conversation_id = ?", CHANNEL));
        assertEquals("/v3/conversations/" + inThread + "/activities", awaitPosts(1).get(0).path());
    }

    @Test
    void anAtMentionOfTheBotIsACommandAndOtherMentionsBecomeNeutral() throws Exception {
        startApp(Map.of());
        // "<at>Leerkring</at> start" with a mention entity of the bot, as Teams sends it
        ObjectNode activity = activity("act-mention", CHANNEL, "channel", "<@" + BOT + "> start");
        assertEquals("<at>Leerkring</at> start", activity.path("text").asText());
        assertEquals(BOT, activity.path("entities").path(0).path("mentioned").path("id").asText());

        assertEquals(202, post(activity.toString()).statusCode());

        assertEquals(1, count("SELECT COUNT(*) FROM circle WHERE channel_id = ?", CHANNEL));
    }

    @Test
    void anAdaptiveCardSubmitIsAChoice() throws Exception {
        startApp(Map.of());
        ObjectNode submit = activity("act-submit", CHANNEL, "channel", null);
        submit.putObject("value").put("lk_action", "circle.start").put("lk_value", "");

        assertEquals(202, post(submit.toString()).statusCode());

        assertEquals(1, count("SELECT COUNT(*) FROM circle WHERE channel_id = ?", CHANNEL));
        assertTrue(awaitPosts(1).get(0).body().contains(WELCOME));
    }

    @Test
    void aPrivateAnswerInAChannelGoesToA1to1ChatWithThatUserAndNeverToTheChannel() throws Exception {
        startApp(Map.of());
        post(message("act-start", CHANNEL, "channel", "kring start"));
        awaitPosts(1);

        // "leden" answers privately to whoever asked
        assertEquals(202, post(message("act-members", CHANNEL, "channel", "kring leden")).statusCode());

        awaitTrue(() -> count("SELECT COUNT(*) FROM outbox WHERE status = 'sent'") == 2, "both messages are sent");
        FakeConnector.Call create = connector.calls().stream()
                .filter(c -> c.path().equals("/v3/conversations")).findFirst().orElseThrow();
        JsonNode parameters = JSON.readTree(create.body());
        assertEquals(ANNA, parameters.path("members").path(0).path("id").asText());
        assertEquals(1, parameters.path("members").size());
        assertEquals(TENANT, parameters.path("tenantId").asText());
        assertEquals(false, parameters.path("isGroup").asBoolean(true));
        List<FakeConnector.Call> posts = connector.posts();
        assertEquals(2, posts.size());
        assertEquals("/v3/conversations/" + CHANNEL + "/activities", posts.get(0).path());
        assertEquals("/v3/conversations/" + FakeConnector.privateChatId(ANNA) + "/activities", posts.get(1).path());
    }

    @Test
    void aPrivateAnswerIsNotPostedInTheChannelWhenThe1to1ChatCannotBeMade() throws Exception {
        startApp(Map.of());
        post(message("act-start", CHANNEL, "channel", "kring start"));
        awaitPosts(1);
        awaitTrue(() -> count("SELECT COUNT(*) FROM outbox WHERE status = 'sent'") == 1, "the welcome is sent");
        connector.enqueue(new MockResponse().setResponseCode(403).setBody("{\"error\":{\"code\":\"Forbidden\"}}"));

        post(message("act-members", CHANNEL, "channel", "kring leden"));

        awaitTrue(() -> count("SELECT COUNT(*) FROM outbox WHERE status = 'failed'") == 1, "the private answer failed");
        assertEquals(1, connector.posts().size(), "nothing more was posted anywhere");
    }

    @Test
    void conversationUpdateStoresTheReferenceWithoutUserNames() throws Exception {
        startApp(Map.of());
        ObjectNode update = activity("act-install", CHANNEL, "channel", null);
        update.put("type", "conversationUpdate");
        update.putArray("membersAdded").addObject().put("id", BOT);

        assertEquals(202, post(update.toString()).statusCode());

        assertEquals(1, count("SELECT COUNT(*) FROM teams_conversation WHERE tenant_id = ? AND conversation_id = ?",
                TENANT, CHANNEL));
        assertEquals(0, count("SELECT COUNT(*) FROM inbound_event"));
        String reference = app.database().jdbi().withHandle(h -> h.createQuery(
                "SELECT reference_json FROM teams_conversation").mapTo(String.class).one());
        assertTrue(reference.contains(connector.serviceUrl()), reference);
        assertTrue(!reference.contains("Anna"), "no user names are stored: " + reference);
        assertTrue(!reference.contains(ANNA), "a channel's reference keeps no user id: " + reference);
    }

    @Test
    void withoutCredentialsAConnectorElsewhereIsRefusedAndNothingIsStored() throws Exception {
        startApp(Map.of());
        ObjectNode remote = activity("act-remote", CHANNEL, "channel", "kring start");
        remote.put("serviceUrl", "https://smba.trafficmanager.example/emea/");

        HttpResponse<String> response = post(remote.toString());

        assertEquals(403, response.statusCode(), "emulator mode answers only a connector on this machine");
        assertEquals(0, count("SELECT COUNT(*) FROM circle"));
        assertEquals(0, count("SELECT COUNT(*) FROM inbound_event"));
        assertEquals(0, count("SELECT COUNT(*) FROM teams_conversation"));
    }

    @Test
    void aTopReachesItsReceiverInA1to1ChatAndTheChannelSeesOnlyTotals() throws Exception {
        startApp(Map.of());
        post(message("act-start", CHANNEL, "channel", "kring start"));
        post(message("act-role", CHANNEL, "channel", "kring rol <@" + BOB + "> lid"));
        awaitPosts(2);

        int mark = teams.mark();
        post(message("act-top", CHANNEL, "channel", "kring top <@" + BOB + "> Goed voorbereid!"));
        // the question "named or anonymous?" goes to Anna's 1:1 chat; she answers it there
        FakeConnector.Call ask = teams.awaitPrivate(mark, ANNA, c -> TeamsChannel.actionTitles(c).contains("Met mijn naam"));
        JsonNode named = TeamsChannel.action(ask, "Met mijn naam").path("data");
        ObjectNode press = activity("act-named", FakeConnector.privateChatId(ANNA), "personal", null);
        press.putObject("value").put("lk_action", named.path("lk_action").asText()).put("lk_value", named.path("lk_value").asText());
        assertEquals(202, post(press.toString()).statusCode());

        awaitTrue(() -> connector.posts().stream().anyMatch(p -> p.body().contains("Er is een top gegeven")), "the totals");
        awaitTrue(() -> count("SELECT COUNT(*) FROM outbox WHERE status <> 'sent'") == 0, "everything is sent");
        List<FakeConnector.Call> calls = connector.calls();
        for (int i = 0; i < calls.size(); i++) {
            FakeConnector.Call call = calls.get(i);
            if (call.body().contains("Goed voorbereid!")) {
                assertEquals("/v3/conversations/" + FakeConnector.privateChatId(BOB) + "/activities", call.path(), "privately");
                // other conversations are sent to side by side: the last chat opened before it is Bob's
                int j = i - 1;
                while (j > 0 && !calls.get(j).path().equals("/v3/conversations")) {
                    j--;
                }
                FakeConnector.Call opened = calls.get(j);
                assertEquals("/v3/conversations", opened.path(), "a 1:1 chat was opened before");
                assertEquals(BOB, JSON.readTree(opened.body()).path("members").path(0).path("id").asText(), "with Bob");
                assertTrue(call.body().contains("Je kreeg een top van"), call.body());
            }
        }
        assertEquals(1, calls.stream().filter(c -> c.body().contains("Goed voorbereid!")).count());
        FakeConnector.Call totals = connector.posts().stream().filter(p -> p.body().contains("Er is een top gegeven")).findFirst().orElseThrow();
        assertEquals("/v3/conversations/" + CHANNEL + "/activities", totals.path(), "in the channel");
        assertTrue(totals.body().contains("Deze kring: 1 top en 0 tips in de laatste 8 weken (1:0)."), totals.body());
        // what Teams shows: the summary and the card (the envelope's recipient comes from the stored reference)
        JsonNode shown = JSON.readTree(totals.body());
        String visible = shown.path("summary").asText() + shown.path("attachments").toString();
        assertTrue(!visible.contains(BOB) && !visible.contains(ANNA) && !visible.contains("Bob") && !visible.contains("<at>"),
                "no names in the channel: " + visible);
        assertEquals(ANNA, app.database().jdbi().withHandle(h ->
                h.createQuery("SELECT giver_id FROM feedback").mapTo(String.class).one()));
    }

    // --- helpers ---

    private ObjectNode activity(String id, String conversationId, String conversationType, String text) {
        return teams.activity(ANNA, conversationId, conversationType, text).put("id", id);
    }

    /** A message to the bot: in a channel, with the bot's mention as Teams sends it. */
    private String message(String id, String conversationId, String conversationType, String text) {
        String addressed = "personal".equals(conversationType) ? text : "<@" + BOT + "> " + text;
        return activity(id, conversationId, conversationType, addressed).toString();
    }

    private HttpResponse<String> post(String body) {
        return teams.send(body, null);
    }

    private HttpResponse<String> post(String body, String authorization) {
        return teams.send(body, authorization);
    }

    private long count(String sql, Object... args) {
        return Rows.count(app.database(), sql, args);
    }

    private List<FakeConnector.Call> awaitPosts(int n) {
        awaitTrue(() -> connector.posts().size() >= n, n + " message(s) posted to the connector");
        return connector.posts();
    }

    private static void awaitTrue(BooleanSupplier condition, String what) {
        Await.until(condition, () -> "in vain for: " + what);
    }

    /** A well-formed JWT with an issuer Bot Framework does not trust and no signature. */
    private static String unsignedJwt() {
        var b64 = java.util.Base64.getUrlEncoder().withoutPadding();
        String header = b64.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"k1\"}".getBytes());
        String payload = b64.encodeToString(("{\"iss\":\"https://evil.example\",\"aud\":\"00000000-0000-0000-0000-00000000b07a\","
                + "\"serviceurl\":\"http://127.0.0.1/\",\"exp\":4102444800}").getBytes());
        return header + "." + payload + ".c2lnbmF0dXJl";
    }
}
