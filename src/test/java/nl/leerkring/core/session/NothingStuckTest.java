package nl.leerkring.core.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import nl.leerkring.chat.Choice;
import nl.leerkring.chat.OutgoingMessage;
import nl.leerkring.testing.BotHarness;
import nl.leerkring.testing.MutableClock;
import nl.leerkring.testing.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** /kring casus and /kring sessie alone show what runs, and offer to go on with it or to end it. */
class NothingStuckTest {

    @TempDir
    Path tmp;
    MutableClock clock = new MutableClock(Instant.parse("2027-01-04T10:00:00Z"));
    BotHarness kring;

    @BeforeEach
    void circle() {
        kring = new BotHarness(TestDatabases.h2(tmp), clock).circle("alice", "bob lid", "carol lid");
    }

    @AfterEach
    void close() {
        kring.close();
    }

    @Test
    void aRunningCaseCanBeContinuedOrEndedWithOneQuestion() {
        kring.command("alice", "casus actieleren Overdracht");
        long flow = kring.flows().newestFlow();
        int before = kring.outbox().size();

        kring.command("bob", "casus");
        OutgoingMessage shown = kring.last();
        assertNull(shown.form(), "no start form while a case runs");
        assertEquals("bob", shown.to().privateTo());
        assertTrue(shown.text().startsWith(BotHarness.text("case.running", 1)), shown.text());
        assertTrue(shown.text().contains(BotHarness.text("flow.step.title", 1, 9, "De casus")), shown.text());
        assertEquals(List.of(BotHarness.text("case.choice.continue", "Overdracht"), BotHarness.text("case.choice.end", "Overdracht"),
                BotHarness.text("case.choice.another")), shown.choices().stream().map(Choice::label).toList());

        kring.press("bob", shown, BotHarness.text("case.choice.continue", "Overdracht"));
        OutgoingMessage again = kring.last();
        assertEquals(BotHarness.text("flow.step.title", 1, 9, "De casus"), again.title());
        assertEquals("flow:" + flow, again.threadAnchor());
        assertTrue(again.choices().stream().anyMatch(c -> c.label().equals(BotHarness.text("flow.choice.next"))));
        assertTrue(kring.outbox().size() > before);

        kring.press("alice", shown, BotHarness.text("case.choice.end", "Overdracht"));
        OutgoingMessage ask = kring.last();
        assertEquals(BotHarness.text("flow.end.ask", "Overdracht"), ask.text());
        kring.press("alice", ask, BotHarness.text("flow.choice.endCancel"));
        assertEquals(BotHarness.text("flow.end.cancelled"), kring.last().text());
        assertEquals("RUNNING", kring.flows().status(flow));

        kring.press("alice", again, BotHarness.text("flow.choice.end"));
        kring.press("alice", kring.last(), BotHarness.text("flow.choice.endConfirm"));
        assertEquals("ENDED", kring.flows().status(flow));
    }

    @Test
    void aRunningSessionCanBeContinuedOrClosed() {
        kring.command("alice", "plan 12-01-2027 19:30");
        clock.set(Instant.parse("2027-01-12T18:30:00Z"));
        kring.command("alice", "sessie start");
        kring.pressLabelled("alice", BotHarness.text("session.choice.next"));

        kring.command("carol", "sessie");
        OutgoingMessage shown = kring.last();
        assertEquals("carol", shown.to().privateTo());
        assertEquals(BotHarness.text("session.running", 1, BotHarness.text("session.part.title", 2, 5, "Contracteren")), shown.text());
        kring.press("carol", shown, BotHarness.text("session.choice.continue"));
        assertEquals(BotHarness.text("session.part.title", 2, 5, "Contracteren"), kring.last().title());
        assertTrue(kring.last().choices().stream().anyMatch(c -> c.label().equals(BotHarness.text("session.choice.next"))));

        kring.press("alice", shown, BotHarness.text("session.choice.close"));
        String status = kring.database().jdbi().withHandle(h -> h.createQuery("SELECT status FROM circle_session WHERE number = 1")
                .mapTo(String.class).one());
        assertEquals("HELD", status);
    }
}
