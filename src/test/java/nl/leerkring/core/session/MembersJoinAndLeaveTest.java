package nl.leerkring.core.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import nl.leerkring.testing.BotHarness;
import nl.leerkring.testing.MutableClock;
import nl.leerkring.testing.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Members who join after the plan, or leave: co-host turns, reminders and assignments follow them. */
class MembersJoinAndLeaveTest {

    @TempDir
    Path tmp;
    MutableClock clock = new MutableClock(Instant.parse("2027-01-04T10:00:00Z")); // Monday 4 January 2027
    BotHarness kring;

    @BeforeEach
    void circle() {
        kring = new BotHarness(TestDatabases.h2(tmp), clock).circle("alice", "bob lid", "carol lid");
    }

    @AfterEach
    void close() {
        kring.close();
    }

    List<String> cohosts() {
        return kring.database().jdbi().withHandle(h -> h.createQuery(
                "SELECT COALESCE(cohost_id, '-') FROM circle_session WHERE status = 'PLANNED' ORDER BY number")
                .mapTo(String.class).list());
    }

    List<String> timersOf(String user) {
        return kring.timers().scheduled().keySet().stream().filter(k -> k.startsWith("rem-") && k.endsWith("-" + user)).sorted().toList();
    }

    @Test
    void joiningAndLeavingUpdateTheRotationTheRemindersAndTheTasks() {
        kring.command("alice", "plan 12-01-2027 19:30 4x");
        kring.command("alice", "opdracht Lees het artikel tot 11-01-2027");
        assertEquals(List.of("bob", "carol", "bob", "carol"), cohosts());

        kring.command("alice", "rol <@dave> lid");
        assertEquals(List.of("bob", "carol", "dave", "carol"), cohosts(), "dave takes a turn before bob takes a second");
        assertTrue(kring.last().text().startsWith(BotHarness.text("cohost.rotation.updated")), kring.last().text());
        List<String> daves = timersOf("dave");
        assertTrue(daves.stream().filter(k -> k.startsWith("rem-session-")).count() >= 4, "session reminders for dave: " + daves);
        assertTrue(daves.stream().anyMatch(k -> k.startsWith("rem-assignment-")), "the open assignment reminds dave: " + daves);
        assertTrue(daves.stream().anyMatch(k -> k.startsWith("rem-prep-")), "dave's co-host turn is prepared: " + daves);
        assertFalse(timersOf("bob").stream().filter(k -> k.startsWith("rem-prep-")).count() > 1, "bob prepares one turn now");

        kring.command("alice", "rol <@carol> geen");
        assertEquals(List.of("bob", "dave", "dave", "bob"), cohosts(), "carol's turns go to the others, fairly");
        assertEquals(List.of(), timersOf("carol"), "carol hears no more of the circle");
        kring.command("carol", "taken");
        assertFalse(kring.last().text().contains(BotHarness.text("tasks.cohost")), kring.last().text());

        kring.command("alice", "sessie cohost 3 <@bob>");
        assertEquals(List.of("bob", "dave", "bob", "bob"), cohosts());
        assertEquals(BotHarness.text("cohost.handedTo", 3, "<@bob>"), kring.last().text());
        kring.command("dave", "sessie cohost 2 <@bob>");
        assertEquals(List.of("bob", "dave", "bob", "bob"), cohosts(), "only the facilitator hands a turn on");
    }
}
