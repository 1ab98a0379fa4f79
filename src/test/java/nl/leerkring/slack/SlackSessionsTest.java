package nl.leerkring.slack;

import static nl.leerkring.testing.SlackRequests.buttonPress;
import static nl.leerkring.testing.SlackRequests.slashCommand;
import static nl.leerkring.testing.SlackRequests.viewSubmission;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import nl.leerkring.testing.FakeSlackApi;
import nl.leerkring.testing.FakeSlackApi.Call;
import nl.leerkring.testing.MutableClock;
import nl.leerkring.testing.SlackApp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sessions end to end over the real Slack door, with a controlled clock: signed slash commands
 * plan the cycle and start the session (the agenda and its parts reach the fake Slack API in
 * the channel and its thread); an assignment goes to every member's DM with the app; the answer
 * button in that DM opens a modal, and its submission is saved.
 */
class SlackSessionsTest {

    private static final Duration WAIT = SlackApp.WAIT;
    private static final String TEAM = FakeSlackApi.TEAM_ID;
    private static final String CHANNEL = "C1";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;
    private final MutableClock clock = new MutableClock(Instant.parse("2027-01-04T10:00:00Z"));
    private SlackApp slackApp;
    private FakeSlackApi slack;

    @BeforeEach
    void start() {
        slackApp = SlackApp.start(tmp, clock);
        slack = slackApp.slack();
    }

    @AfterEach
    void stop() {
        slackApp.close();
    }

    private void post(String body) {
        HttpResponse<String> response = slackApp.post(body);
        assertEquals(200, response.statusCode(), response.body());
    }

    private void kring(String user, String text) {
        post(slashCommand(TEAM, CHANNEL, user, text));
    }

    @Test
    void planStartTheSessionAndAnswerTheAssignmentFromTheAppDm() throws Exception {
        kring("U1", "start");
        kring("U1", "rol <@U2> lid");
        kring("U1", "rol <@U3> lid");
        kring("U1", "plan 12-01-2027 19:30");
        slack.await("chat.postMessage", c -> c.content().contains("De bijeenkomsten zijn gepland (6)"), WAIT);

        clock.set(Instant.parse("2027-01-12T18:30:00Z"));
        kring("U2", "sessie start");
        Call agenda = slack.await("chat.postMessage", c -> c.content().contains("Bijeenkomst 1 van 6"), WAIT);
        assertEquals(CHANNEL, agenda.field("channel"));
        assertTrue(agenda.content().contains("19:30–19:55  Kennismaken"), agenda.content());
        Call part = slack.await("chat.postMessage", c -> c.content().contains("Onderdeel 1 van 5"), WAIT);
        assertEquals(CHANNEL, part.field("channel"));
        assertTrue(part.field("thread_ts") != null, "the parts go in the agenda's thread");

        kring("U1", "opdracht Beschrijf een situatie die niet lukte tot 20-01-2027");
        slack.await("chat.postMessage", c -> c.field("channel").equals(CHANNEL) && c.content().contains("heeft de opdracht"), WAIT);
        for (String member : Set.of("U1", "U2", "U3")) {
            Call dm = slack.await("chat.postMessage", c -> c.field("channel").equals(member), WAIT);
            assertTrue(dm.content().contains("Beschrijf een situatie die niet lukte"), dm.content());
        }
        Set<String> channelsWithTheText = slack.calls("chat.postMessage").stream()
                .filter(c -> c.content().contains("die niet lukte")).map(c -> c.field("channel")).collect(Collectors.toSet());
        assertEquals(Set.of("U1", "U2", "U3"), channelsWithTheText, "the assignment itself goes only to DMs");

        // U3 presses "Antwoord geven" in the app DM: a modal opens with the click's trigger
        Call dm = slack.await("chat.postMessage", c -> c.field("channel").equals("U3"), WAIT);
        JsonNode button = JSON.readTree(dm.field("blocks")).findValue("elements").get(0);
        post(buttonPress(TEAM, "D3", "U3", button.path("action_id").asText(), button.path("value").asText()));
        Call modal = slack.await("views.open", c -> true, WAIT);
        assertEquals("Je antwoord", JSON.readTree(modal.field("view")).path("title").path("text").asText());
        post(viewSubmission(TEAM, "U3", "V1", modal.field("view"), Map.of("text", "Het overleg liep vast")));
        slack.await("chat.postEphemeral", c -> c.content().contains("Je antwoord is bewaard"), WAIT);
        assertEquals(1L, (long) slackApp.app().database().jdbi().withHandle(h -> h.createQuery(
                "SELECT COUNT(*) FROM assignment_answer WHERE user_id = 'U3'").mapTo(Long.class).one()));
        assertFalse(slack.calls("chat.postMessage").stream().anyMatch(c -> c.content().contains("Het overleg liep vast")),
                "the answer is not shown before the next session");
    }
}
