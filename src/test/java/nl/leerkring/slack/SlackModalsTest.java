package nl.leerkring.slack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.slack.api.model.block.InputBlock;
import com.slack.api.model.block.element.DatePickerElement;
import com.slack.api.model.block.element.MultiUsersSelectElement;
import com.slack.api.model.block.element.TimePickerElement;
import com.slack.api.model.block.element.UsersSelectElement;
import com.slack.api.model.view.View;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import nl.leerkring.chat.Address;
import nl.leerkring.chat.Form;
import nl.leerkring.chat.Form.FormField;
import nl.leerkring.chat.OutgoingMessage;
import nl.leerkring.chat.Platform;
import nl.leerkring.delivery.Outbox;
import nl.leerkring.testing.FakeSlackApi;
import nl.leerkring.testing.FakeSlackApi.Call;
import nl.leerkring.testing.MutableClock;
import nl.leerkring.testing.Rows;
import nl.leerkring.testing.SlackChannel;
import nl.leerkring.testing.SlackLimits;
import nl.leerkring.testing.SlackRequests;
import nl.leerkring.testing.SlackServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Modals over the real door: dates, times and people are Slack's own pickers, read back into the
 * text the field's check takes; a refused pick keeps the modal open with the reason under its
 * field; a modal opens while the outbox holds a backlog for other channels; and a form whose
 * trigger could not be used becomes a private message whose button opens it again.
 */
class SlackModalsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;
    private SlackServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static JsonNode element(Call modal, String blockId) {
        for (JsonNode block : SlackChannel.view(modal).path("blocks")) {
            if (block.path("block_id").asText().equals(blockId)) {
                return block.path("element");
            }
        }
        throw new AssertionError("no block " + blockId + " in " + modal.field("view"));
    }

    private HttpResponse<String> submit(Call modal, String user, Map<String, String> answers) {
        return server.post(SlackRequests.FORM, SlackRequests.viewSubmission(SlackChannel.TEAM, user, modal.ref(),
                SlackChannel.view(modal), answers));
    }

    @Test
    void aPastDateFromTheDatepickerKeepsTheModalOpenWithTheErrorUnderTheDate() throws Exception {
        server = SlackServer.start(tmp, new MutableClock(Instant.parse("2026-12-07T10:00:00Z")));
        SlackChannel kring = server.channel("C1");
        kring.startCircle("U1", List.of("U2"));
        Call modal = kring.awaitModal(kring.command("U1", "plan"));
        assertEquals("datepicker", element(modal, "date").path("type").asText());
        assertEquals("timepicker", element(modal, "time").path("type").asText());
        assertEquals("static_select", element(modal, "template").path("type").asText());
        assertEquals(List.of(), SlackLimits.violations(server.api().calls("views.open")));

        // view_submission as Slack sends it: state.values.date.v = {type: datepicker, selected_date: ...}
        HttpResponse<String> refused = submit(modal, "U1",
                Map.of("date", "2026-12-01", "time", "19:30", "count", "3", "template", "leergroep"));
        assertEquals(200, refused.statusCode());
        JsonNode body = JSON.readTree(refused.body());
        assertEquals("errors", body.path("response_action").asText(), refused.body());
        assertEquals(List.of("date"), List.copyOf(iterable(body.path("errors").fieldNames())), refused.body());
        assertTrue(body.path("errors").path("date").asText().contains("1 december 2026 ligt in het verleden"), refused.body());
        server.awaitDelivered();
        assertEquals(0, Rows.countAll(server.app().database(), "circle_session"), "nothing planned");

        HttpResponse<String> taken = submit(modal, "U1",
                Map.of("date", "2027-01-12", "time", "19:30", "count", "3", "template", "leergroep"));
        assertFalse(taken.body().contains("response_action"), taken.body());
        kring.awaitPost(c -> c.content().contains("dinsdag 12 januari 2027, 19:30"));
        assertEquals(3, Rows.countAll(server.app().database(), "circle_session"));
    }

    @Test
    void theReceiverOfFeedbackIsPickedWithSlacksUserPickerAndSomeoneOutsideTheCircleIsNamedInTheModal() throws Exception {
        server = SlackServer.start(tmp, new MutableClock(Instant.parse("2026-12-07T10:00:00Z")));
        SlackChannel kring = server.channel("C1");
        kring.startCircle("U1", List.of("U2"));
        Call modal = kring.awaitModal(kring.command("U2", "top"));
        assertEquals("users_select", element(modal, "receiver").path("type").asText());
        assertFalse(modal.field("view").contains("@U1"), "no user ids as option labels: " + modal.field("view"));

        HttpResponse<String> outsider = submit(modal, "U2", Map.of("receiver", "U9", "text", "Goed voorbereid", "who", "named"));
        JsonNode body = JSON.readTree(outsider.body());
        assertEquals("errors", body.path("response_action").asText(), outsider.body());
        assertTrue(body.path("errors").path("receiver").asText().contains("zit niet in deze kring"), outsider.body());

        HttpResponse<String> member = submit(modal, "U2", Map.of("receiver", "U1", "text", "Goed voorbereid", "who", "named"));
        assertFalse(member.body().contains("response_action"), member.body());
        server.api().await("chat.postMessage", c -> c.field("channel").equals("U1") && c.content().contains("Goed voorbereid"));
        assertEquals(List.of(), SlackLimits.violations(server.api().calls()));
    }

    @Test
    void aFormShownAgainKeepsItsPickedDateTimeAndPeople() {
        Form form = new Form("x.submit", "", "Plannen", "Opslaan", List.of(
                FormField.text("date", "Datum", 40).as(FormField.Kind.DATE),
                FormField.text("time", "Tijd", 20).as(FormField.Kind.TIME),
                FormField.text("who", "Wie", 20).as(FormField.Kind.PERSON),
                FormField.text("all", "Iedereen", 100).as(FormField.Kind.PEOPLE),
                FormField.text("typed", "Getypt", 20).as(FormField.Kind.DATE)));
        View view = SlackModals.render(form.withAnswers(Map.of("date", "2027-01-12", "time", "19:30", "who", "U2",
                "all", "U2 U3", "typed", "volgende week"), Map.of()), Address.channel(Platform.SLACK, "T1", "C1").privatelyTo("U1"));
        assertEquals("2027-01-12", ((DatePickerElement) input(view, 0).getElement()).getInitialDate());
        assertEquals("19:30", ((TimePickerElement) input(view, 1).getElement()).getInitialTime());
        assertEquals("U2", ((UsersSelectElement) input(view, 2).getElement()).getInitialUser());
        assertEquals(List.of("U2", "U3"), ((MultiUsersSelectElement) input(view, 3).getElement()).getInitialUsers());
        // what a datepicker cannot show is not handed to it (Slack would refuse the view)
        assertNull(((DatePickerElement) input(view, 4).getElement()).getInitialDate());
    }

    private static InputBlock input(View view, int index) {
        return assertInstanceOf(InputBlock.class, view.getBlocks().get(index));
    }

    @Test
    void aModalOpensAtOnceWhileTheOutboxHoldsABacklogForOtherChannels() {
        server = SlackServer.start(tmp, Clock.systemUTC());
        FakeSlackApi slack = server.api();
        SlackChannel kring = server.channel("C1");
        kring.startCircle("U1", List.of("U2"));
        slack.latency(Duration.ofMillis(200));
        int backlog = 600;
        server.app().database().jdbi().useTransaction(h -> {
            for (int i = 0; i < backlog; i++) {
                Outbox.enqueue(h, OutgoingMessage.text(Address.channel(Platform.SLACK, "T1", "CB" + (i % 50)), "bericht " + i),
                        Instant.now());
            }
        });
        long sentAt = System.nanoTime();
        Call modal = kring.awaitModal(kring.command("U1", "plan"));
        long millis = (modal.atNanos() - sentAt) / 1_000_000;
        long stillWaiting = server.app().outbox().pendingCount();
        // 600 rows to 50 channels, 12 each, at 200 ms a call on 16 threads: each thread is held for
        // 2.4 s by a channel; a modal sent in its turn waited for one to come free
        assertTrue(stillWaiting > backlog / 2, "the backlog was not still there: " + stillWaiting);
        assertTrue(millis < 2000, "views.open " + millis + " ms after the command");
    }

    @Test
    void aTriggerSlackWillNotTakeBecomesAPrivateMessageWhoseButtonOpensTheFormAgain() {
        server = SlackServer.start(tmp, new MutableClock(Instant.parse("2026-12-07T10:00:00Z")));
        FakeSlackApi slack = server.api();
        SlackChannel kring = server.channel("C1");
        kring.startCircle("U1", List.of("U2"));
        slack.refuse("views.open", "expired_trigger_id");
        int mark = kring.mark();
        kring.command("U1", "plan");
        Call offered = kring.awaitEphemeral(mark, "U1", "kon niet op tijd openen");
        assertEquals(List.of("Formulier openen"), SlackChannel.buttonLabels(offered));

        slack.stopRefusing("views.open");
        Call modal = kring.awaitModal(kring.press("U1", offered, "Formulier openen"));
        assertEquals("datepicker", element(modal, "date").path("type").asText());

        // the button is the form of the one it was for: another member pressing it gets none
        int before = slack.calls("views.open").size();
        int mark2 = kring.mark();
        kring.press("U2", offered, "Formulier openen");
        kring.awaitEphemeral(mark2, "U2", "Dit formulier is er niet meer");
        assertEquals(before, slack.calls("views.open").size());
        assertEquals(List.of(), SlackLimits.violations(slack.calls()));
    }

    private static <T> List<T> iterable(java.util.Iterator<T> it) {
        List<T> list = new java.util.ArrayList<>();
        it.forEachRemaining(list::add);
        return list;
    }
}
