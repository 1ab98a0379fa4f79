package nl.leerkring.slack;

import static nl.leerkring.testing.SlackRequests.FORM;
import static nl.leerkring.testing.SlackRequests.JSON;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.UUID;
import nl.leerkring.testing.Await;
import nl.leerkring.testing.FakeSlackApi;
import nl.leerkring.testing.FakeSlackApi.Call;
import nl.leerkring.testing.SlackChannel;
import nl.leerkring.testing.SlackRequests;
import nl.leerkring.testing.SlackServer;
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
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path tmp;
    SlackServer server;
    FakeSlackApi slack;
    SlackChannel kring;

    @BeforeEach
    void start() {
        server = SlackServer.start(tmp, Clock.systemUTC());
        slack = server.api();
        kring = server.channel(CHANNEL);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private String zoneOf(String user) {
        return server.app().database().jdbi().withHandle(h -> h.createQuery(
                "SELECT time_zone FROM circle_member WHERE user_id = :u").bind("u", user).mapTo(String.class).findOne().orElse(null));
    }

    @Test
    void membersGetTheTimeZoneOfTheirSlackProfile() {
        slack.profileTimeZone("U1", "America/New_York");
        slack.profileTimeZone("U3", "Europe/London");
        kring.command("U1", "start");
        kring.command("U1", "rol <@U3|carol> lid");

        Await.until(() -> "America/New_York".equals(zoneOf("U1")) && "Europe/London".equals(zoneOf("U3")),
                () -> "zones: U1=" + zoneOf("U1") + " U3=" + zoneOf("U3"));
        assertEquals(1, slack.calls("users.info").stream().filter(c -> c.field("user").equals("U1")).count(),
                "a profile is read once per run");
    }

    @Test
    void aZoneChosenByTheMemberIsNotOverwrittenByTheProfile() {
        kring.command("U1", "start");
        kring.command("U1", "tijdzone Europe/Berlin");
        slack.profileTimeZone("U1", "Asia/Tokyo");
        kring.command("U1", "leden");
        server.awaitDelivered();
        assertEquals("Europe/Berlin", zoneOf("U1"));
    }

    @Test
    void theHomeTabShowsMyListAndItsButtonsWork() throws Exception {
        kring.command("U1", "start");
        kring.command("U1", "rol <@U2|bob> lid");
        String due = LocalDate.now().plusDays(20).toString();
        kring.command("U1", "opdracht Beschrijf een situatie die niet lukte tot " + due);
        server.awaitDelivered();

        assertEquals(200, server.post(JSON, SlackRequests.appHomeOpened(eventId(), TEAM, "U2")).statusCode());
        Call home = slack.await("views.publish", c -> c.field("user_id").equals("U2"));
        JsonNode view = MAPPER.readTree(home.field("view"));
        assertEquals("home", view.path("type").asText());
        assertTrue(view.toString().contains("Beschrijf een situatie die niet lukte"), view.toString());

        String answer = buttonValue(view);
        int published = slack.calls("views.publish").size();
        assertEquals(200, server.post(FORM, SlackRequests.homeButtonPress(TEAM, "U2", "lk_choice_0", answer)).statusCode());
        Call modal = slack.await("views.open", c -> true);
        assertTrue(modal.field("view").contains("assignment"), "the answer form opens: " + modal.field("view"));
        Await.until(() -> slack.calls("views.publish").size() > published, () -> "the home tab is drawn again");
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

    private static String eventId() {
        return "Ev" + UUID.randomUUID().toString().substring(0, 8);
    }
}
