package nl.leerkring.slack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import nl.leerkring.chat.Address;
import nl.leerkring.chat.Choice;
import nl.leerkring.chat.Form;
import nl.leerkring.chat.OutgoingMessage;
import nl.leerkring.chat.Platform;
import nl.leerkring.chat.SendResult;
import nl.leerkring.delivery.DeliveryWorker;
import nl.leerkring.delivery.Outbox;
import nl.leerkring.store.Database;
import nl.leerkring.testing.MutableClock;
import nl.leerkring.testing.ScriptedSender;
import nl.leerkring.testing.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The delivery worker's lane for forms opened with a trigger, on a real database with a
 * hand-moved clock: such a row goes before what its conversation holds back, and one whose
 * trigger is older than three seconds is sent as its private message with the button instead.
 */
class ModalLaneTest {

    private static final Address ALICE = Address.channel(Platform.SLACK, "T1", "C1").privatelyTo("U1");

    @TempDir
    Path tmp;
    private Database db;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T10:00:00Z"));
    private final ScriptedSender slack = new ScriptedSender();
    private DeliveryWorker worker;

    @BeforeEach
    void open() {
        var target = TestDatabases.h2(tmp);
        db = Database.open(target.url(), target.user(), target.password());
        worker = new DeliveryWorker(new Outbox(db.jdbi()), Map.of(Platform.SLACK, slack), clock, Duration.ofSeconds(1), 4);
    }

    @AfterEach
    void close() {
        db.close();
    }

    private void write(OutgoingMessage message) {
        db.jdbi().useTransaction(h -> Outbox.enqueue(h, message, clock.instant()));
    }

    /** A form as {@code Turn.openForm} writes it with a trigger: the message for an expired trigger beside it. */
    private static OutgoingMessage form(String trigger) {
        Form form = new Form("plan.submit", "", "Plannen", "Opslaan", List.of(Form.FormField.text("date", "Datum", 40)));
        return new OutgoingMessage(ALICE, form.title(), "Het formulier kon niet op tijd openen.", List.of(),
                List.of(new Choice("Formulier openen", "form.reopen", "")), null, null, form, trigger, null);
    }

    @Test
    void aFormGoesBeforeWhatItsConversationHoldsBack() {
        slack.then(new SendResult.RateLimited(Duration.ofSeconds(30), "HTTP 429"));
        write(OutgoingMessage.text(ALICE, "eerder bericht"));
        worker.deliverDue();
        assertEquals(List.of(), slack.delivered(), "held back for 30 s");

        write(form("trigger-1"));
        worker.deliverDue();
        assertEquals(2, slack.attempts().size());
        assertNotNull(slack.attempts().get(1).message().form(), "the modal was opened while the earlier message waits");
        assertEquals("trigger-1", slack.attempts().get(1).message().trigger());
    }

    @Test
    void aFormWhoseTriggerIsOlderThanThreeSecondsIsOfferedAgainAsAMessage() {
        write(form("trigger-2"));
        long id = db.jdbi().withHandle(h -> h.createQuery("SELECT MAX(id) FROM outbox").mapTo(Long.class).one());
        clock.advance(Duration.ofMillis(3001));
        worker.deliverDue();

        assertEquals(1, slack.attempts().size());
        OutgoingMessage sent = slack.attempts().get(0).message();
        assertNull(sent.form(), "not opened as a modal with a dead trigger");
        assertEquals(ALICE, sent.to());
        assertEquals("Het formulier kon niet op tijd openen.", sent.text());
        assertEquals(List.of(new Choice("Formulier openen", "form.reopen", String.valueOf(id))), sent.choices());
        assertEquals("sent", db.jdbi().withHandle(h -> h.createQuery("SELECT status FROM outbox WHERE id = :id")
                .bind("id", id).mapTo(String.class).one()));
    }

    @Test
    void aFormStillWithinItsThreeSecondsOpens() {
        write(form("trigger-3"));
        clock.advance(Duration.ofMillis(2900));
        worker.deliverDue();
        assertEquals("trigger-3", slack.attempts().get(0).message().trigger());
        assertNotNull(slack.attempts().get(0).message().form());
    }
}
