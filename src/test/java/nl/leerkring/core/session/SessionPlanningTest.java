package nl.leerkring.core.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import nl.leerkring.chat.OutgoingMessage;
import nl.leerkring.core.reminder.Reminders;
import nl.leerkring.testing.BotHarness;
import nl.leerkring.testing.MutableClock;
import nl.leerkring.testing.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Planning a cycle through the real core on H2: the sessions' dates in Europe/Amsterdam across
 * the daylight-saving change of 25 October 2026, the co-host rotation, the reminders each
 * session gets, moving and cancelling, and input that must change nothing.
 */
class SessionPlanningTest {

    @TempDir
    Path tmp;
    MutableClock clock = new MutableClock(Instant.parse("2026-10-01T10:00:00Z")); // a Thursday
    BotHarness kring;

    @BeforeEach
    void circle() {
        kring = new BotHarness(TestDatabases.h2(tmp), clock).circle("alice", "bob lid", "carol lid", "dave lid");
    }

    @AfterEach
    void close() {
        kring.close();
    }

    List<Instant> starts() {
        return kring.database().jdbi().withHandle(h -> h.createQuery("SELECT starts_at FROM circle_session ORDER BY number")
                .map((rs, ctx) -> rs.getTimestamp(1).toInstant()).list());
    }

    List<String> column(String sql) {
        return kring.database().jdbi().withHandle(h -> h.createQuery(sql).mapTo(String.class).list());
    }

    Instant timer(String key) {
        return kring.timers().when(key);
    }

    long sessionId(int number) {
        return kring.database().jdbi().withHandle(h -> h.createQuery("SELECT id FROM circle_session WHERE number = :n")
                .bind("n", number).mapTo(Long.class).one());
    }

    @Test
    void aCycleAcrossTheDaylightSavingChangeKeepsItsLocalTime() {
        kring.command("alice", "plan 13-10-2026 19:30 3x elke 2 weken");

        assertEquals(List.of(Instant.parse("2026-10-13T17:30:00Z"), Instant.parse("2026-10-27T18:30:00Z"),
                Instant.parse("2026-11-10T18:30:00Z")), starts(), "19:30 in Amsterdam: CEST before 25 October, CET after");
        OutgoingMessage announced = kring.last();
        assertFalse(announced.to().isPrivate(), "the plan is announced in the channel");
        assertEquals("De bijeenkomsten zijn gepland (3)", announced.title());
        assertTrue(announced.text().contains("1. dinsdag 13 oktober 2026, 19:30–21:30 · co-host <@bob>"), announced.text());
        assertTrue(announced.text().contains("2. dinsdag 27 oktober 2026, 19:30–21:30 · co-host <@carol>"), announced.text());
        assertTrue(announced.text().contains("3. dinsdag 10 november 2026, 19:30–21:30 · co-host <@dave>"), announced.text());
        assertTrue(announced.text().contains("iedereen is een keer aan de beurt"), announced.text());

        kring.command("carol", "sessies");
        String list = kring.last().text();
        assertEquals("carol", kring.last().to().privateTo());
        assertTrue(list.contains("dinsdag 27 oktober 2026, 19:30–21:30") && list.contains("dinsdag 10 november 2026, 19:30–21:30"), list);
    }

    @Test
    void eachSessionGetsRemindersInWorkingHoursAndItsCohostAPreparationMessage() {
        kring.command("alice", "plan 13-10-2026 19:30 3x elke 2 weken");
        long first = sessionId(1);
        long second = sessionId(2);

        // 7 days before Tuesday 19:30 is Tuesday 19:30: after working hours, so Wednesday 09:00 (CEST)
        assertEquals(Instant.parse("2026-10-07T07:00:00Z"), timer(Reminders.key("SESSION", first, "7d", "carol")));
        // 1 day before: Monday 19:30, after hours: Tuesday 09:00, the day itself, still before 19:30
        assertEquals(Instant.parse("2026-10-13T07:00:00Z"), timer(Reminders.key("SESSION", first, "1d", "carol")));
        // after the change to winter time 09:00 is 08:00 UTC
        assertEquals(Instant.parse("2026-10-27T08:00:00Z"), timer(Reminders.key("SESSION", second, "1d", "carol")));
        // the co-host, announced 3 days before: Saturday 19:30 is the weekend, so earlier, never later:
        // Friday 09:00, the start of the last working day before it
        assertEquals(Instant.parse("2026-10-09T07:00:00Z"), timer(Reminders.key("PREP", first, "prep", "bob")));
        assertEquals(4 * 2 * 3 + 3, kring.timers().scheduled().size(), "four members, two reminders, three sessions; three co-hosts");

        clock.set(Instant.parse("2026-10-07T07:00:00Z"));
        assertEquals(4, kring.timers().fireDue(kring.bot(), clock.instant()));
        OutgoingMessage week = kring.directTo("dave").get(0);
        assertEquals("Bijeenkomst 1 komt eraan", week.title());
        assertEquals("Bijeenkomst 1 is dinsdag 13 oktober 2026, 19:30 (over 6 dagen).", week.text(),
                "Wednesday 09:00 is six days before, in dave's own days");
        clock.set(Instant.parse("2026-10-09T07:00:00Z"));
        assertEquals(1, kring.timers().fireDue(kring.bot(), clock.instant()));
        OutgoingMessage prep = kring.directTo("bob").get(1);
        assertEquals("Jij bent co-host van bijeenkomst 1 (dinsdag 13 oktober 2026, 19:30)", prep.title());
        assertTrue(prep.text().contains("SMART") && prep.text().contains("19:30–19:55  Kennismaken"), prep.text());
        assertEquals("Ruilen met iemand", prep.choices().get(0).label());
        assertFalse(prep.text().contains("later dan gepland"), "on time: " + prep.text());
    }

    @Test
    void theFormPlansTheSameWay() {
        kring.command("alice", "plan");
        OutgoingMessage form = kring.last();
        assertNotNull(form.form());
        assertEquals(List.of("date", "time", "count", "interval", "length", "zone", "template"),
                form.form().fields().stream().map(f -> f.id()).toList());
        kring.submit("alice", form.form().action(), form.form().context(), Map.of("date", "13 oktober 2026", "time", "19:30",
                "count", "2", "interval", "6 weken", "length", "90 min", "zone", "", "template", "reconstructie"));
        assertEquals(List.of(Instant.parse("2026-10-13T17:30:00Z"), Instant.parse("2026-11-24T18:30:00Z")), starts());
        assertEquals(List.of("90", "90"), column("SELECT CAST(length_minutes AS VARCHAR) FROM circle_session"));
        assertEquals(List.of("reconstructie", "reconstructie"), column("SELECT template_id FROM circle_session"));
    }

    @Test
    void englishWordsAndAnyOrderWork() {
        kring.command("alice", "plan every 3 weeks 2 hours 4 sessions on tuesday at 7:30pm Europe/London");
        assertEquals(4, starts().size(), kring.last().plainText());
        assertEquals(Instant.parse("2026-10-06T18:30:00Z"), starts().get(0), "Tuesday 6 October 19:30 in London (BST)");
        assertEquals(Instant.parse("2026-10-27T19:30:00Z"), starts().get(1), "19:30 GMT after the change");
        assertEquals(List.of("Europe/London"), column("SELECT time_zone FROM circle"));
    }

    @Test
    void impossibleOrPastDatesAndAMemberWhoIsNotTheFacilitatorChangeNothing() {
        kring.command("alice", "plan 31 februari 2027 19:30");
        assertTrue(kring.last().text().contains("De datum \"31 februari 2027\" bestaat niet"), kring.last().text());
        assertEquals("alice", kring.last().to().privateTo());

        kring.command("alice", "plan 30-09-2026 19:30"); // yesterday
        assertTrue(kring.last().text().contains("woensdag 30 september 2026 ligt in het verleden"), kring.last().text());

        kring.command("alice", "plan vandaag 09:00"); // today, but that hour is over
        assertTrue(kring.last().text().contains("Vandaag om 09:00 is al voorbij"), kring.last().text());

        kring.command("alice", "plan 13-10-2026 25:30");
        assertTrue(kring.last().text().contains("\"25:30\" is geen tijd"), kring.last().text());

        kring.command("alice", "plan 13-10-2026 19:30 met taart");
        assertTrue(kring.last().text().contains("Dit deel begreep ik niet: \"taart\""), kring.last().text());

        kring.command("alice", "plan 14-10-2026 dinsdag 19:30");
        assertTrue(kring.last().text().contains("woensdag 14 oktober 2026 is geen dinsdag"), kring.last().text());

        kring.command("alice", "plan 13-10-2026 19:30 8x");
        assertTrue(kring.last().text().contains("leergroep heeft 6 bijeenkomsten"), kring.last().text());

        kring.command("bob", "plan 13-10-2026 19:30");
        assertEquals("Alleen de begeleider van de kring kan dat doen.", kring.last().text());
        assertEquals("bob", kring.last().to().privateTo());

        assertEquals(0L, kring.count("circle_session"));
        assertEquals(0L, kring.count("scheduled_reminder"));
        assertTrue(kring.timers().scheduled().isEmpty());
        assertEquals(List.of(), column("SELECT time_zone FROM circle WHERE time_zone IS NOT NULL"));
    }

    @Test
    void planningAgainAsksFirstThenReplacesWhatWasStillToCome() {
        kring.command("alice", "plan 13-10-2026 19:30 2x");
        kring.command("alice", "plan 20-10-2026 20:00 2x");
        OutgoingMessage ask = kring.last();
        assertTrue(ask.text().contains("Er staan nog 2 bijeenkomsten gepland"), ask.text());
        assertEquals(2L, kring.count("circle_session"), "nothing replaced before the confirmation");
        kring.press("alice", ask.choices().get(0).action(), ask.choices().get(0).value());
        assertEquals(List.of("CANCELLED", "CANCELLED", "PLANNED", "PLANNED"), column("SELECT status FROM circle_session ORDER BY id"));
        assertEquals(2 * 4 * 2 + 2, kring.timers().scheduled().size(), "the old sessions' reminders are gone");
        assertTrue(kring.timers().scheduled().values().stream().allMatch(t -> t.when().isAfter(Instant.parse("2026-10-12T00:00:00Z"))));
    }

    @Test
    void movingASessionMovesItsRemindersAndTheAssignmentDueAtIt() {
        kring.command("alice", "plan 13-10-2026 19:30 3x elke 2 weken");
        kring.command("alice", "opdracht Beschrijf een situatie");
        long first = sessionId(1);

        kring.command("alice", "sessie verzet 1 15-10-2026 10:00");
        assertEquals(Instant.parse("2026-10-15T08:00:00Z"), starts().get(0));
        assertEquals("Bijeenkomst 1 is verzet naar donderdag 15 oktober 2026, 10:00. De herinneringen en de opdracht schuiven mee.",
                kring.last().text());
        // Thursday 10:00, 1 day before: Wednesday 10:00, inside working hours
        assertEquals(Instant.parse("2026-10-14T08:00:00Z"), timer(Reminders.key("SESSION", first, "1d", "dave")));
        // bob's preparation: Monday 12 October 10:00
        assertEquals(Instant.parse("2026-10-12T08:00:00Z"), timer(Reminders.key("PREP", first, "prep", "bob")));

        kring.command("bob", "opdracht");
        assertTrue(kring.last().fields().get(0).value().contains("donderdag 15 oktober 2026, 10:00"), kring.last().fields().toString());

        kring.command("alice", "sessie verzet 2 19:00"); // only the time
        assertEquals(Instant.parse("2026-10-27T18:00:00Z"), starts().get(1));

        kring.command("alice", "sessie annuleer 1");
        assertTrue(kring.last().text().contains("Bijeenkomst 1 gaat niet door")
                && kring.last().text().contains("De opdracht schuift mee naar bijeenkomst 2"), kring.last().text());
        assertTrue(kring.timers().scheduled().keySet().stream().noneMatch(k -> k.contains("-" + first + "-")),
                "no reminder about the cancelled session is left");
        assertEquals(List.of(String.valueOf(sessionId(2))), column("SELECT CAST(session_id AS VARCHAR) FROM assignment"));
        kring.command("alice", "sessie verzet 1 20-10-2026");
        assertTrue(kring.last().text().contains("Bijeenkomst 1 staat niet meer gepland"), kring.last().text());
    }

    @Test
    void movingToAnImpossibleOrPastMomentChangesNothing() {
        kring.command("alice", "plan 13-10-2026 19:30 3x elke 2 weken");
        List<Instant> before = starts();
        int timers = kring.timers().scheduled().size();
        kring.command("alice", "sessie verzet 2 31-11-2026");
        assertTrue(kring.last().text().contains("bestaat niet"), kring.last().text());
        kring.command("alice", "sessie verzet 2 01-09-2026 19:30");
        assertTrue(kring.last().text().contains("al voorbij"), kring.last().text());
        kring.command("bob", "sessie verzet 2 28-10-2026");
        assertEquals("Alleen de begeleider van de kring kan dat doen.", kring.last().text());
        kring.command("alice", "sessie verzet 9 28-10-2026");
        assertTrue(kring.last().text().contains("Bijeenkomst 9 staat niet in de planning"), kring.last().text());
        assertEquals(before, starts());
        assertEquals(timers, kring.timers().scheduled().size());
    }

    @Test
    void theRotationIsFairAndStartsWithTheCurrentCohost() {
        kring.command("alice", "rol <@carol> cohost");
        kring.command("alice", "plan 13-10-2026 19:30 5x elke 2 weken");
        List<String> cohosts = column("SELECT cohost_id FROM circle_session ORDER BY number");
        assertEquals(List.of("carol", "dave", "bob", "carol", "dave"), cohosts.stream().collect(Collectors.toList()),
                "everyone once before anyone twice; the facilitator is not in the rotation");
    }
}
