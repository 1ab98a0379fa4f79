package nl.leerkring.slack;

import static nl.leerkring.testing.SlackRequests.FORM;
import static nl.leerkring.testing.SlackRequests.JSON;
import static nl.leerkring.testing.SlackRequests.slashCommand;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.UUID;
import nl.leerkring.testing.Await;
import nl.leerkring.testing.FakeSlackApi;
import nl.leerkring.testing.FakeSlackApi.Call;
import nl.leerkring.testing.SlackApp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Slack App Home tab (the member's own list, as /kring taken shows it) and the time zone
 * taken from the Slack profile, over the real /slack/events endpoint.
 */
class SlackHomeAndProfileTest {

    private static final String TEAM = FakeSlackApi.TEAM_ID;
    private static final String CHANNEL = "C1";
    private static final Duration WAIT = SlackApp.WAIT;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path tmp;
    SlackApp fixture;
    FakeSlackApi slack;

    @BeforeEach
    void start() {
        fixture = SlackApp.start(tmp, Clock.systemUTC());
        slack = fixture.slack();
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    private void command(String user, String text) {
        assertEquals(200, fixture.post(slashCommand(TEAM, CHANNEL, user, text)).statusCode());
    }

    private String zoneOf(String user) {
        return fixture.app().database().jdbi().withHandle(h -> h.createQuery(
                "SELECT time_zone FROM circle_member WHERE user_id = :u").bind("u", user).mapTo(String.class).findOne().orElse(null));
    }

    @Test
    void membersGetTheTimeZoneOfTheirSlackProfile() {
        slack.profileTimeZone("U1", "America/New_York");
        slack.profileTimeZone("U3", "Europe/London");
        command("U1", "start");
        command("U1", "rol <@U3|carol> lid");

        Await.until(() -> "America/New_York".equals(zoneOf("U1")) && "Europe/London".equals(zoneOf("U3")), WAIT,
                () -> "zones: U1=" + zoneOf("U1") + " U3=" + zoneOf("U3"));
        assertEquals(1, slack.calls("users.info").stream().filter(c -> c.field("user").equals("U1")).count(),
                "a profile is read once per run");
    }

    @Test
    void aZoneChosenByTheMemberIsNotOverwrittenByTheProfile() {
        command("U1", "start");
        command("U1", "tijdzone Europe/Berlin");
        slack.profileTimeZone("U1", "Asia/Tokyo");
        command("U1", "leden");
        fixture.awaitOutboxDrained();
        assertEquals("Europe/Berlin", zoneOf("U1"));
    }

    @Test
    void theHomeTabShowsMyListAndItsButtonsWork() throws Exception {
        command("U1", "start");
        command("U1", "rol <@U2|bob> lid");
        String due = LocalDate.now().plusDays(20).toString();
        command("U1", "opdracht Beschrijf een situatie die niet lukte tot " + due);
        fixture.awaitOutboxDrained();

        assertEquals(200, fixture.send(fixture.requests().signed(JSON, homeOpened("U2"))).statusCode());
        Call home = slack.await("views.publish", c -> c.field("user_id").equals("U2"), WAIT);
        JsonNode view = MAPPER.readTree(home.field("view"));
        assertEquals("home", view.path("type").asText());
        assertTrue(view.toString().contains("Beschrijf een situatie die niet lukte"), view.toString());

        String answer = buttonValue(view);
        int published = slack.calls("views.publish").size();
        assertEquals(200, fixture.post(homeButtonPress("U2", answer)).statusCode());
        Call modal = slack.await("views.open", c -> true, WAIT);
        assertTrue(modal.field("view").contains("assignment"), "the answer form opens: " + modal.field("view"));
        Await.until(() -> slack.calls("views.publish").size() > published, WAIT, () -> "the home tab is drawn again");
    }

    private static String buttonValue(JsonNode view) {
        for (JsonNode block : view.path("blocks")) {
            for (JsonNode element : block.path("elements")) {
                if (element.path("action_id").asText().startsWith("lk_choice_")) {
                    return element.path("value").asText();
                }
            }
        }
        throw new AssertionError("no button on the home tab: " + view);
    }

    private static String homeOpened(String user) {
        return """
                {"token":"legacy-verification-token","team_id":"%s","api_app_id":"%s","type":"event_callback",
                 "event_id":"Ev%s","event_time":1700000000,
                 "event":{"type":"app_home_opened","user":"%s","channel":"D%s","tab":"home","event_ts":"1700000000.000100"}}"""
                .formatted(TEAM, nl.leerkring.testing.SlackRequests.APP_ID, UUID.randomUUID().toString().substring(0, 8), user, user);
    }

    /** A block_actions from the Home tab: a view container and no channel. */
    private static String homeButtonPress(String user, String value) throws Exception {
        ObjectNode payload = MAPPER.createObjectNode();
        payload.put("type", "block_actions").put("api_app_id", nl.leerkring.testing.SlackRequests.APP_ID)
                .put("token", "legacy-verification-token").put("trigger_id", nl.leerkring.testing.SlackRequests.newTrigger());
        payload.putObject("team").put("id", TEAM).put("domain", "x");
        payload.putObject("user").put("id", user).put("username", user.toLowerCase()).put("team_id", TEAM);
        payload.putObject("container").put("type", "view").put("view_id", "VHOME");
        payload.putObject("view").put("id", "VHOME").put("type", "home").put("team_id", TEAM);
        payload.putArray("actions").addObject().put("type", "button").put("action_id", "lk_choice_0")
                .put("block_id", "b").put("value", value).put("action_ts", "1700000001.000" + (int) (Math.random() * 900 + 100));
        return "payload=" + java.net.URLEncoder.encode(payload.toString(), java.nio.charset.StandardCharsets.UTF_8);
    }
}
