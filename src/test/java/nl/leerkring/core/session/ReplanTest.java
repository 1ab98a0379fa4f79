package nl.leerkring.core.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import nl.leerkring.chat.OutgoingMessage;
import nl.leerkring.testing.BotHarness;
import nl.leerkring.testing.MutableClock;
import nl.leerkring.testing.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A new plan continues the cycle where it is; only an explicit new cycle starts the template again. */
class ReplanTest {

    @TempDir
    Path tmp;
    MutableClock clock = new MutableClock(Instant.parse("2027-01-04T10:00:00Z"));
    BotHarness kring;

    @BeforeEach
    void circle() {
        kring = new BotHarness(TestDatabases.h2(tmp), clock).circle("alice", "bob lid", "carol lid");
        kring.command("alice", "plan 12-01-2027 19:30 6x elke 6 weken");
    }

    @AfterEach
    void close() {
        kring.close();
    }

    List<String> sessions() {
        return kring.database().jdbi().withHandle(h -> h.createQuery(
                "SELECT number || ' ' || status FROM circle_session ORDER BY cycle, number").mapTo(String.class).list());
    }

    /** The facilitator starts the session at its time, walks through it and closes it, with a learning point. */
    void hold(String at, String point) {
        clock.set(Instant.parse(at));
        kring.command("alice", "sessie start");
        String next = BotHarness.text("session.choice.next");
        while (kring.last().choices().stream().anyMatch(c -> c.label().equals(next))) {
            kring.pressLabelled("alice", next);
        }
        OutgoingMessage last = kring.last();
        kring.press("alice", last, BotHarness.text("session.choice.point"));
        OutgoingMessage form = kring.last();
        kring.submit("alice", form.form().action(), form.form().context(), Map.of("text", point));
        kring.press("alice", last, BotHarness.text("session.choice.close"));
    }

    @Test
    void replanningAfterTwoHeldSessionsContinuesAtTheThird() {
        hold("2027-01-12T18:30:00Z", "Eerst luisteren");
        hold("2027-02-23T18:30:00Z", "Doorvragen helpt");
        assertEquals(List.of("1 HELD", "2 HELD", "3 PLANNED", "4 PLANNED", "5 PLANNED", "6 PLANNED"), sessions());

        clock.set(Instant.parse("2027-03-01T10:00:00Z"));
        kring.command("alice", "plan 09-03-2027 19:30 4x elke 4 weken");
        kring.pressLabelled("alice", BotHarness.text("plan.choice.replace"));
        assertEquals(List.of("1 HELD", "2 HELD", "3 PLANNED", "4 PLANNED", "5 PLANNED", "6 PLANNED"), sessions(),
                "the held sessions stay; the new ones take numbers 3 to 6 in the same cycle");
        assertTrue(kring.last().text().startsWith(BotHarness.text("plan.continues", 2, 3)), kring.last().text());
        String points = kring.database().jdbi().withHandle(h -> h.createQuery(
                "SELECT learning_points FROM circle_session WHERE number = 2").mapTo(String.class).one());
        assertTrue(points.contains("Doorvragen helpt"), points);

        clock.set(Instant.parse("2027-03-09T18:30:00Z"));
        kring.command("alice", "sessie start");
        assertEquals(BotHarness.text("session.agenda.title", 3, 6, "Lessen tot dusver"), kring.lastTitled("Bijeenkomst").title());
    }

    @Test
    void aNewCycleIsStartedOnlyWhenAskedFor() {
        hold("2027-01-12T18:30:00Z", "Eerst luisteren");
        clock.set(Instant.parse("2027-02-01T10:00:00Z"));
        kring.command("alice", "plan 09-02-2027 19:30 2x");
        kring.pressLabelled("alice", BotHarness.text("plan.choice.newCycle"));
        assertEquals(List.of("1 HELD", "2 CANCELLED", "3 CANCELLED", "4 CANCELLED", "5 CANCELLED", "6 CANCELLED",
                "1 PLANNED", "2 PLANNED"), sessions());
        clock.set(Instant.parse("2027-02-09T18:30:00Z"));
        kring.command("alice", "sessie start");
        assertEquals(BotHarness.text("session.agenda.title", 1, 2, "Start, contracteren en leervraag"),
                kring.lastTitled("Bijeenkomst").title());
    }
}
