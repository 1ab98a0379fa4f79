package nl.leerkring.core.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import nl.leerkring.chat.OutgoingMessage;
import nl.leerkring.testing.BotHarness;
import nl.leerkring.testing.MutableClock;
import nl.leerkring.testing.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /kring afbouw}: the facilitator steps back over the cycle. With one facilitator the
 * co-host gets the steering prompts; with none the co-host leads the session from start to close
 * while the facilitator is not there, and everyone hears of the change before the session.
 */
class FadeOutRunTest {

    static final Instant FIRST = SessionRunTest.FIRST;   // Tuesday 12 January 2027, 19:30 CET
    static final Instant SECOND = SessionRunTest.SECOND; // 23 February 2027

    @TempDir
    Path tmp;
    MutableClock clock = new MutableClock(Instant.parse("2027-01-04T10:00:00Z"));
    BotHarness kring;

    @BeforeEach
    void plannedCircle() {
        kring = new BotHarness(TestDatabases.h2(tmp), clock).circle("alice", "bob lid", "carol lid", "dave lid");
        kring.command("alice", "plan 12-01-2027 19:30");
    }

    @AfterEach
    void close() {
        kring.close();
    }

    String status(int number) {
        return kring.database().jdbi().withHandle(h -> h.createQuery("SELECT status FROM circle_session WHERE number = :n")
                .bind("n", number).mapTo(String.class).one());
    }

    /** What is sent from now on, by the rest of the test. */
    List<OutgoingMessage> since(int before) {
        List<OutgoingMessage> all = kring.outbox();
        return all.subList(before, all.size());
    }

    @Test
    void aSessionWithoutFacilitatorRunsToItsCloseWithTheCohostSteeringAndEveryoneWasToldBefore() {
        kring.command("alice", "afbouw 1:1 0:2-");
        OutgoingMessage set = kring.last();
        assertFalse(set.to().isPrivate(), "the circle hears the plan");
        assertEquals("De begeleiders stappen terug", set.title());
        assertTrue(set.text().startsWith("""
                Afbouwplan 1:1 0:2-:
                • bijeenkomst 1: één begeleider; de co-host bewaakt de tijd, gaat door naar het volgende onderdeel en sluit af
                • vanaf bijeenkomst 2: geen begeleider; de co-host leidt alles, van start tot afsluiting"""), set.text());

        kring.command("dave", "sessies");
        List<String> lines = kring.last().text().lines().toList();
        assertTrue(lines.get(0).endsWith("co-host <@bob> · één begeleider, de co-host bewaakt de tijd"), lines.get(0));
        assertTrue(lines.get(1).endsWith("co-host <@carol> · geen begeleider, de co-host leidt"), lines.get(1));

        // session 1, one facilitator: co-host bob gets the time, the parts and the closing
        clock.set(FIRST);
        kring.command("bob", "sessie start");
        OutgoingMessage agenda = kring.lastTitled("Bijeenkomst 1 van 6");
        assertEquals("één begeleider; co-host <@bob> bewaakt de tijd, gaat door naar het volgende onderdeel en sluit af",
                agenda.fields().stream().filter(f -> f.label().equals("Wie leidt")).findFirst().orElseThrow().value());
        assertTrue(agenda.text().contains("Wat er verandert bij bijeenkomst 1: één begeleider"), agenda.text());
        assertTrue(kring.last().text().endsWith("<@bob>, jij bewaakt de tijd (19:30–19:55) en gaat door naar het volgende onderdeel."),
                kring.last().text());
        for (int i = 0; i < 4; i++) {
            kring.press("bob", kring.lastTitled("Onderdeel"), "Volgende onderdeel");
        }
        assertTrue(kring.lastTitled("Onderdeel 5 van 5").text().contains("<@bob>, jij rondt af"));
        kring.press("bob", kring.lastTitled("Onderdeel 5 van 5"), "Bijeenkomst afsluiten");
        assertEquals("HELD", status(1));

        // before session 2 everyone hears what changes, in the reminder the day before
        int before = kring.outbox().size();
        clock.set(Instant.parse("2027-02-22T12:00:00Z"));
        kring.timers().fireDue(kring.bot(), clock.instant());
        for (String member : List.of("alice", "bob", "carol", "dave")) {
            OutgoingMessage reminder = since(before).stream()
                    .filter(m -> m.to().isDirect() && member.equals(m.to().privateTo()) && "Bijeenkomst 2 komt eraan".equals(m.title()))
                    .findFirst().orElseThrow(() -> new AssertionError(member + " had no reminder of session 2"));
            assertTrue(reminder.text().contains("Wat er verandert bij bijeenkomst 2: geen begeleider; co-host <@carol> leidt deze "
                    + "bijeenkomst, van start tot afsluiting."), reminder.text());
        }
        OutgoingMessage prep = kring.directTo("carol").stream().filter(m -> m.title() != null && m.title().startsWith("Jij bent co-host van bijeenkomst 2"))
                .findFirst().orElseThrow();
        assertTrue(prep.text().startsWith("Bij deze bijeenkomst is er geen begeleider: jij leidt hem"), prep.text());

        // session 2, no facilitator: alice presses nothing; carol starts, steers every part and closes
        clock.set(SECOND);
        before = kring.outbox().size();
        kring.command("carol", "sessie start");
        OutgoingMessage announced = kring.lastTitled("Bijeenkomst 2 van 6");
        assertFalse(announced.to().isPrivate());
        assertTrue(announced.text().contains("Wat er verandert bij bijeenkomst 2: geen begeleider; co-host <@carol> leidt deze "
                + "bijeenkomst, van start tot afsluiting."), announced.text());
        assertEquals("<@carol>", announced.fields().get(0).value());
        // the co-host keeps the time: when the first part's time is up, the prompt goes to carol
        OutgoingMessage first = kring.lastTitled("Onderdeel 1 van 4");
        assertTrue(first.text().contains("<@carol>, jij bewaakt de tijd (19:30–20:15)"), first.text());
        clock.set(Instant.parse("2027-02-23T19:15:00Z"));
        kring.timers().fireDue(kring.bot(), clock.instant());
        OutgoingMessage timeUp = kring.last();
        assertEquals("<@carol>, de tijd voor De beschrijvingen is om (20:15). Door naar het volgende onderdeel?", timeUp.text());
        assertEquals(announced.anchorKey(), timeUp.threadAnchor(), "in the session's thread");
        kring.press("carol", timeUp, "Volgende onderdeel");
        for (int i = 0; i < 2; i++) {
            OutgoingMessage part = kring.lastTitled("Onderdeel");
            assertTrue(part.text().contains("<@carol>, jij bewaakt de tijd"), part.text());
            kring.press("carol", part, "Volgende onderdeel");
        }
        OutgoingMessage closing = kring.lastTitled("Onderdeel 4 van 4");
        assertTrue(closing.text().contains("<@carol>, jij rondt af: de leerpunten, de opdracht, en dan Bijeenkomst afsluiten."),
                closing.text());
        kring.press("carol", closing, "Deze opdracht geven");
        kring.press("carol", closing, "Bijeenkomst afsluiten");
        assertEquals("HELD", status(2));
        assertTrue(kring.timers().scheduled().keySet().stream().noneMatch(k -> k.startsWith("session-time-")),
                "no time prompt after the close: " + kring.timers().scheduled().keySet());
        assertEquals("Bijeenkomst 2 is afgesloten", kring.lastTitled("Bijeenkomst 2 is").title());
        assertTrue(since(before).stream().noneMatch(m -> "carol".equals(m.to().privateTo()) && m.text() != null
                && m.text().startsWith("Alleen")), "nothing carol pressed was refused");
    }

    @Test
    void theFacilitatorWhoPressesAnywayHearsKindlyThatTheCohostLeadsAndCanHandTheTurnOn() {
        kring.command("alice", "afbouw 0:1-");
        clock.set(FIRST);
        kring.command("alice", "sessie start");
        assertEquals(BotHarness.text("fadeout.stepBack", "<@bob>", 1), kring.last().text());
        assertEquals("alice", kring.last().to().privateTo());
        assertEquals("PLANNED", status(1));

        kring.command("bob", "sessie start");
        OutgoingMessage part = kring.lastTitled("Onderdeel 1 van 5");
        kring.press("alice", part, "Volgende onderdeel");
        assertEquals(BotHarness.text("fadeout.stepBack", "<@bob>", 1), kring.last().text());
        assertEquals("Onderdeel 1 van 5", kring.lastTitled("Onderdeel").title().substring(0, 17), "nothing moved on");
        kring.press("dave", part, "Volgende onderdeel");
        assertEquals(BotHarness.text("error.onlySteering"), kring.last().text(), "a member does not steer");

        // bob has to leave: the facilitator hands the running session to dave, who steers from then on
        kring.command("alice", "sessie cohost 1 <@dave>");
        kring.press("dave", part, "Volgende onderdeel");
        assertTrue(kring.lastTitled("Onderdeel").title().startsWith("Onderdeel 2 van 5"), kring.lastTitled("Onderdeel").title());
        assertTrue(kring.last().text().contains("<@dave>, jij bewaakt de tijd"), kring.last().text());
        kring.press("bob", kring.last(), "Volgende onderdeel");
        assertEquals(BotHarness.text("error.onlySteering"), kring.last().text(), "bob is a member again");

        kring.command("alice", "afbouw uit");
        assertEquals(BotHarness.text("fadeout.removed"), kring.last().text());
        kring.press("alice", kring.lastTitled("Onderdeel"), "Volgende onderdeel");
        assertTrue(kring.lastTitled("Onderdeel").title().startsWith("Onderdeel 3 van 5"), "without the plan the facilitator steers again");
    }

    @Test
    void onlyTheFacilitatorSetsAPlanAndABadOneIsExplained() {
        kring.command("bob", "afbouw 2:1-3 1:4-6 0:7-");
        assertEquals(BotHarness.text("error.onlyFacilitator"), kring.last().text());
        kring.command("bob", "afbouw");
        assertTrue(kring.last().text().startsWith(BotHarness.text("fadeout.none")), "a member may see the plan");

        kring.command("alice", "afbouw 2:1-3 1:5-6");
        assertEquals(BotHarness.text("fadeout.error.gap", "2:1-3", "1:5-6", 4) + "\n" + BotHarness.text("fadeout.usage"), kring.last().text());
        kring.command("alice", "afbouw 3:1-2");
        assertTrue(kring.last().text().startsWith("3 begeleiders in \"3:1-2\""), kring.last().text());
        kring.command("alice", "afbouw 2:1-3 1:3-6");
        assertTrue(kring.last().text().startsWith("\"2:1-3\" en \"1:3-6\" overlappen"), kring.last().text());
        assertEquals(0L, kring.count("fade_out_plan"));

        kring.command("alice", "afbouw standaard");
        assertEquals(1L, kring.count("fade_out_plan"));
        kring.command("bob", "afbouw");
        assertTrue(kring.last().text().startsWith("Afbouwplan 2:1-2 1:3-4 0:5-:"), kring.last().text());
    }

    @Test
    void inEnglish() {
        kring.command("alice", "language en");
        kring.command("bob", "fadeout 2:1 1:2");
        assertEquals("Only the circle's facilitator can do that.", kring.last().text());
        kring.command("alice", "fadeout 2:1-2 1:2-");
        assertTrue(kring.last().text().startsWith("\"2:1-2\" and \"1:2-\" overlap: let the next range start at 3."), kring.last().text());
        kring.command("alice", "fadeout 1:1-");
        assertEquals("The facilitators step back", kring.last().title());
        assertTrue(kring.last().text().contains("• from session 1: one facilitator; the co-host keeps time"), kring.last().text());
        clock.set(FIRST);
        kring.command("bob", "session start");
        OutgoingMessage agenda = kring.lastTitled("Session 1 of 6");
        assertTrue(agenda.text().contains("What changes at session 1: one facilitator; co-host <@bob> keeps time"), agenda.text());
        assertTrue(kring.last().text().endsWith("<@bob>, you keep time (19:30–19:55) and move on to the next part."), kring.last().text());
        kring.press("alice", kring.last(), "Next part");
        assertTrue(kring.lastTitled("Part").title().startsWith("Part 2 of 5"), "with one facilitator, the facilitator may steer too");
    }
}
