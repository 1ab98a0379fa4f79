package nl.leerkring.slack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import nl.leerkring.testing.FakeSlackApi;
import nl.leerkring.testing.FakeSlackApi.Call;
import nl.leerkring.testing.MutableClock;
import nl.leerkring.testing.Rows;
import nl.leerkring.testing.SlackChannel;
import nl.leerkring.testing.SlackRequests;
import nl.leerkring.testing.SlackServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A modal's answers are read inside Slack's view_submission request: a refused answer comes
 * back in the HTTP response as {@code response_action: errors} under its block, so the modal
 * stays open with everything typed; a good one closes it and acts.
 */
class SlackFormErrorsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T10:00:00Z"));
    private SlackServer server;
    private FakeSlackApi slack;
    private SlackChannel kring;

    @BeforeEach
    void start() {
        server = SlackServer.start(tmp, clock);
        slack = server.api();
        kring = server.channel("C1");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> submit(Call modal, Map<String, String> answers) {
        return server.post(SlackRequests.FORM, SlackRequests.viewSubmission(SlackChannel.TEAM, "U1", modal.ref(),
                SlackChannel.view(modal), answers));
    }

    private static Map<String, String> answers(String date) {
        return Map.of("date", date, "time", "19:30", "count", "3", "template", "leergroep");
    }

    @Test
    void aWrongDateIsNamedUnderItsFieldInTheResponseAndTheCommandsDateIsTaken() throws Exception {
        kring.startCircle("U1", java.util.List.of("U2"));
        Call modal = kring.awaitModal(kring.command("U1", "plan"));
        assertTrue(SlackChannel.blockIds(modal).contains("date"), SlackChannel.blockIds(modal).toString());

        // the date is Slack's datepicker: a day in the past is what it can give that the plan refuses
        HttpResponse<String> refused = submit(modal, answers("2026-12-01"));
        assertEquals(200, refused.statusCode());
        JsonNode body = JSON.readTree(refused.body());
        assertEquals("errors", body.path("response_action").asText(), refused.body());
        assertEquals(1, body.path("errors").size(), refused.body());
        assertEquals("dinsdag 1 december 2026 ligt in het verleden. Kies een datum vanaf vandaag.", body.path("errors").path("date").asText());
        server.awaitDelivered();
        assertEquals(0, Rows.countAll(server.app().database(), "circle_session"), "nothing planned");

        // answers that are each fine but wrong together: named under the field to change
        HttpResponse<String> together = submit(modal, Map.of("date", "2027-01-12", "time", "19:30", "count", "8", "template", "leergroep"));
        JsonNode errors = JSON.readTree(together.body());
        assertEquals("errors", errors.path("response_action").asText(), together.body());
        assertEquals("Het sjabloon leergroep heeft 6 bijeenkomsten; plan er hooguit 6.", errors.path("errors").path("count").asText(),
                together.body());
        assertEquals(1, errors.path("errors").size(), together.body());

        HttpResponse<String> taken = submit(modal, answers("2027-01-12"));
        assertEquals(200, taken.statusCode());
        assertTrue(taken.body().isEmpty() || !taken.body().contains("response_action"), taken.body());
        kring.awaitPost(c -> c.content().contains("De bijeenkomsten zijn gepland (3)")
                && c.content().contains("dinsdag 12 januari 2027, 19:30"));
        assertEquals(3, Rows.countAll(server.app().database(), "circle_session"));
    }
}
