package nl.leerkring.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
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

/** What the bot says is said right: plurals, typos in commands, roles it does not know. */
class WordsTest {

    @TempDir
    Path tmp;
    MutableClock clock = new MutableClock(Instant.parse("2027-01-04T10:00:00Z"));
    BotHarness kring;

    @BeforeEach
    void open() {
        kring = new BotHarness(TestDatabases.h2(tmp), clock);
    }

    @AfterEach
    void close() {
        kring.close();
    }

    String actors() {
        return kring.database().jdbi().withHandle(h -> h.createQuery("SELECT actors FROM flow_run").mapTo(String.class).one());
    }

    @Test
    void aTypoInACommandSuggestsTheNearestOne() {
        kring.command("alice", "strat");
        assertEquals(BotHarness.text("error.whichCommand", "/kring start"), kring.last().text());
        kring.command("alice", "start");
        kring.command("alice", "pln");
        assertEquals(BotHarness.text("error.whichCommand", "/kring plan"), kring.last().text());
        kring.command("alice", "xyzzy");
        assertEquals(BotHarness.text("error.unknownCommand", "xyzzy"), kring.last().text());
    }

    @Test
    void anUnknownRoleIsRefusedWithTheRoles() {
        kring.circle("alice");
        kring.command("alice", "rol <@bob> deelnemer");
        assertEquals(BotHarness.text("role.unknown", "deelnemer"), kring.last().text());
        assertTrue(kring.last().text().contains("begeleider, cohost, lid"), kring.last().text());
        assertEquals(1L, kring.count("circle_member"), "bob did not become a member");
    }

    @Test
    void oneVoteIsOneStemAndTwoActorsAreAanDeBeurt() {
        kring.circle("alice", "bob lid", "carol lid", "dave lid");
        kring.command("alice", "casus actieleren Overdracht");
        kring.deliver();
        long flow = kring.flows().newestFlow();
        String thread = kring.threadOf(flow);
        kring.reply("alice", thread, "De casus.");
        kring.reply("alice", thread, "De vraag?");
        kring.submit("bob", "flow.answer.submit", flow + ":2", Map.of("text", "Bellen"));
        clock.advance(Duration.ofMinutes(1));
        kring.timers().fireDue(kring.bot(), clock.instant());

        List<String> picked = List.of(actors().split(","));
        String other = List.of("bob", "carol", "dave").stream().filter(u -> !picked.contains(u)).findFirst().orElseThrow();
        kring.reply(other, thread, "Mag ik ook?");
        assertEquals(other, kring.last().to().privateTo());
        String said = kring.last().text();
        assertEquals("In deze stap zijn <@" + picked.get(0) + "> en <@" + picked.get(1) + "> aan de beurt.", said);
        kring.press(picked.get(0), "flow.pass", flow + ":3");
        kring.press(picked.get(1), "flow.pass", flow + ":3");

        OutgoingMessage vote = kring.lastTitled("Stap 5 van 9");
        kring.press("bob", vote, "Bellen");
        kring.press("alice", "flow.next", flow + ":4");
        assertTrue(kring.outbox().stream().anyMatch(m -> m.plainText().contains("Gekozen: Bellen (1 stem)")),
                kring.outbox().stream().map(OutgoingMessage::plainText).filter(t -> t.contains("Gekozen")).toList().toString());
    }

    @Test
    void oneSessionStillPlannedIsSingular() {
        kring.circle("alice", "bob lid");
        kring.command("alice", "plan 12-01-2027 19:30 1x");
        kring.command("alice", "plan 19-01-2027 19:30 2x");
        assertTrue(kring.last().text().startsWith("Er staat nog 1 bijeenkomst gepland."), kring.last().text());
    }
}
