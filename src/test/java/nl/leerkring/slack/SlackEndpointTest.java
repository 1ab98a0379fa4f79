package nl.leerkring.slack;

import static nl.leerkring.testing.SlackRequests.FORM;
import static nl.leerkring.testing.SlackRequests.JSON;
import static nl.leerkring.testing.SlackRequests.appMention;
import static nl.leerkring.testing.SlackRequests.buttonPress;
import static nl.leerkring.testing.SlackRequests.slashCommand;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import nl.leerkring.testing.FakeSlackApi;
import nl.leerkring.testing.FakeSlackApi.Call;
import nl.leerkring.testing.Rows;
import nl.leerkring.testing.SlackChannel;
import nl.leerkring.testing.SlackRequests;
import nl.leerkring.testing.SlackServer;
import nl.leerkring.testing.TestConfigs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Slack door end to end: the whole app on a fresh H2 database, signed requests over real
 * HTTP into {@code /slack/events}, and a fake Slack Web API on loopback that records what the
 * bot sends.
 */
class SlackEndpointTest {

    private static final String TEAM = FakeSlackApi.TEAM_ID;
    private static final String CHANNEL = "C1";
    private static final String FACILITATOR = "U1";
    private static final String WELCOME = "Dit kanaal is nu een leerkring";

    @TempDir
    Path tempDir;

    private SlackServer server;
    private FakeSlackApi slack;
    private SlackRequests requests;

    @BeforeEach
    void start() {
        server = SlackServer.start(tempDir, Clock.systemUTC());
        slack = server.api();
        requests = server.requests();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void signedStartIsAckedWithinThreeSecondsAndTheChannelIsWelcomed() {
        long started = System.nanoTime();
        HttpResponse<String> response = send(requests.signed(FORM, slashCommand(TEAM, CHANNEL, FACILITATOR, "start")));
        long ackMillis = (System.nanoTime() - started) / 1_000_000;

        assertEquals(200, response.statusCode(), response.body());
        assertTrue(ackMillis < 3000, "acked after " + ackMillis + " ms");
        Call welcome = slack.await("chat.postMessage", c -> c.field("channel").equals(CHANNEL));
        assertTrue(welcome.content().contains(WELCOME), welcome.content());
        assertEquals(1, count("SELECT COUNT(*) FROM circle WHERE platform = 'SLACK' AND workspace_id = 'T1' AND channel_id = 'C1'"));
        assertEquals(List.of(FACILITATOR + ":FACILITATOR"), members(CHANNEL));
    }

    enum Forgery { UNSIGNED, WRONG_SECRET, STALE }

    @ParameterizedTest
    @EnumSource(Forgery.class)
    void forgedOrStaleRequestsAreRefusedAndLeaveNoTrace(Forgery forgery) {
        String body = slashCommand(TEAM, CHANNEL, FACILITATOR, "start");
        HttpRequest.Builder request = switch (forgery) {
            case UNSIGNED -> requests.unsigned(FORM, body);
            case WRONG_SECRET -> new SlackRequests(server.endpoint(), "not-" + TestConfigs.SIGNING_SECRET).signed(FORM, body);
            case STALE -> requests.signedAt(Instant.now().minus(Duration.ofMinutes(6)), FORM, body);
        };

        assertEquals(401, send(request).statusCode());
        assertEquals(0, count("SELECT COUNT(*) FROM circle"));
        assertEquals(0, count("SELECT COUNT(*) FROM inbound_event"));
        assertEquals(0, count("SELECT COUNT(*) FROM outbox"));
        // A good request afterwards, in another channel: once its answer is out, the worker has
        // had every chance to send something for the refused one, and it must not have.
        assertEquals(200, send(requests.signed(FORM, slashCommand(TEAM, "C2", FACILITATOR, "help"))).statusCode());
        slack.await("chat.postEphemeral", c -> c.field("channel").equals("C2"));
        awaitOutboxDrained();
        assertEquals(List.of("chat.postEphemeral"), slack.chatCalls().stream().map(Call::method).toList());
    }

    @Test
    void aRetriedEventActsOnce() {
        String body = appMention("Ev0001", TEAM, CHANNEL, FACILITATOR, "<@" + FakeSlackApi.BOT_USER_ID + "> kring start");

        assertEquals(200, send(requests.signed(JSON, body)).statusCode());
        assertEquals(200, send(requests.signed(JSON, body)
                .header("X-Slack-Retry-Num", "1")
                .header("X-Slack-Retry-Reason", "http_timeout")).statusCode());

        slack.await("chat.postMessage", c -> c.content().contains(WELCOME));
        awaitOutboxDrained();
        assertEquals(1, count("SELECT COUNT(*) FROM circle"));
        assertEquals(1, slack.chatCalls().size(), () -> "chat calls: " + slack.chatCalls());
    }

    /** With 2 s the test also proves Retry-After is read: the worker's own first back-off is 1 s. */
    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void aRateLimitDelaysTheMessageButLosesNothing(int retryAfterSeconds) {
        slack.rateLimitNextPostMessages(1, retryAfterSeconds);

        assertEquals(200, send(requests.signed(FORM, slashCommand(TEAM, CHANNEL, FACILITATOR, "start"))).statusCode());

        Call delivered = slack.await("chat.postMessage", c -> c.status() == 200);
        List<Call> posts = slack.calls("chat.postMessage");
        Call refused = posts.get(0);
        assertEquals(429, refused.status());
        long gapMillis = (delivered.atNanos() - refused.atNanos()) / 1_000_000;
        assertTrue(gapMillis >= retryAfterSeconds * 1000L - 50,
                "retried " + gapMillis + " ms after the 429, before its Retry-After of " + retryAfterSeconds + " s");
        assertTrue(delivered.content().contains(WELCOME), delivered.content());
        awaitOutboxDrained();
        assertEquals(List.of(429, 200), slack.calls("chat.postMessage").stream().map(Call::status).toList());
        assertEquals(List.of("sent"), server.app().database().jdbi().withHandle(h ->
                h.createQuery("SELECT status FROM outbox").mapTo(String.class).list()));
    }

    @Test
    void theLanguageButtonSwitchesTheCircleToEnglish() {
        startCircle();
        assertEquals(200, send(requests.signed(FORM, slashCommand(TEAM, CHANNEL, FACILITATOR, "taal"))).statusCode());
        Call prompt = slack.await("chat.postEphemeral", c -> c.field("blocks").contains("lk_choice_1"));
        // press the button as it was rendered, not as we think it was
        JsonNode english = button(prompt, "lk_choice_1");
        assertEquals("circle.language|en", english.path("value").asText());

        HttpResponse<String> pressed = send(requests.signed(FORM,
                buttonPress(TEAM, CHANNEL, FACILITATOR, "lk_choice_1", english.path("value").asText())));

        assertEquals(200, pressed.statusCode(), pressed.body());
        Call confirmation = slack.await("chat.postMessage",
                c -> c.content().contains("From now on I speak English in this circle"));
        assertEquals(CHANNEL, confirmation.field("channel"));
        assertEquals("en", server.app().database().jdbi().withHandle(h ->
                h.createQuery("SELECT language FROM circle WHERE channel_id = 'C1'").mapTo(String.class).one()));
    }

    @Test
    void anUnknownSubcommandGetsAPrivateDutchHintAndChangesNothing() {
        assertEquals(200, send(requests.signed(FORM, slashCommand(TEAM, CHANNEL, FACILITATOR, "foo"))).statusCode());

        Call hint = slack.await("chat.postEphemeral", c -> c.field("user").equals(FACILITATOR));
        assertTrue(hint.field("text").contains("Het commando \"foo\" ken ik niet"), hint.field("text"));
        assertTrue(hint.field("text").contains("/kring help"), hint.field("text"));
        assertEquals(CHANNEL, hint.field("channel"));
        awaitOutboxDrained();
        assertEquals(0, count("SELECT COUNT(*) FROM circle"));
        assertEquals(List.of("chat.postEphemeral"), slack.chatCalls().stream().map(Call::method).toList());
    }

    @Test
    void onlyTheFacilitatorGivesRoles() {
        startCircle();
        assertEquals(200, send(requests.signed(FORM, slashCommand(TEAM, CHANNEL, FACILITATOR, "rol <@U3|carol> lid")))
                .statusCode());
        slack.await("chat.postMessage", c -> c.content().contains("<@U3> is nu lid"));

        assertEquals(200, send(requests.signed(FORM, slashCommand(TEAM, CHANNEL, "U3", "rol <@U2|bob> lid")))
                .statusCode());

        Call refusal = slack.await("chat.postEphemeral", c -> c.field("user").equals("U3"));
        assertTrue(refusal.field("text").contains("Alleen de begeleider"), refusal.field("text"));
        awaitOutboxDrained();
        assertEquals(List.of(FACILITATOR + ":FACILITATOR", "U3:MEMBER"), members(CHANNEL));
        assertEquals(2, slack.calls("chat.postMessage").size(), "no public message about the refused change");
    }

    private void startCircle() {
        assertEquals(200, send(requests.signed(FORM, slashCommand(TEAM, CHANNEL, FACILITATOR, "start"))).statusCode());
        slack.await("chat.postMessage", c -> c.content().contains(WELCOME));
    }

    private static JsonNode button(Call message, String actionId) {
        return SlackChannel.buttons(message).stream().filter(b -> actionId.equals(b.path("action_id").asText())).findFirst()
                .orElseThrow(() -> new AssertionError("no button " + actionId + " in " + message.field("blocks")));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        return server.send(request);
    }

    private void awaitOutboxDrained() {
        server.awaitDelivered();
    }

    private long count(String sql) {
        return Rows.count(server.app().database(), sql);
    }

    private List<String> members(String channel) {
        return server.app().database().jdbi().withHandle(h -> h.createQuery("""
                        SELECT m.user_id || ':' || m.role FROM circle_member m JOIN circle c ON c.id = m.circle_id
                        WHERE c.channel_id = :channel ORDER BY m.user_id""")
                .bind("channel", channel).mapTo(String.class).list());
    }
}
