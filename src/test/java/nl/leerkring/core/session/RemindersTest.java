package nl.leerkring.core.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import nl.leerkring.chat.Address;
import nl.leerkring.chat.Choice;
import nl.leerkring.chat.OutgoingMessage;
import nl.leerkring.core.reminder.Reminders;
import nl.leerkring.testing.BotHarness;
import nl.leerkring.testing.MutableClock;
import nl.leerkring.testing.RecordingTimers;
import nl.leerkring.testing.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Assignments and actions with their reminders: every member gets the assignment privately;
 * reminders go only to members with something open, at 09:00–17:00 on working days in their
 * own time zone; answering or ticking off stops them; "remind me later" and a withdrawn
 * assignment; a reminder that comes late says so.
 */
class RemindersTest {

    @TempDir
    Path tmp;
    MutableClock clock = new MutableClock(Instant.parse("2027-01-04T10:00:00Z")); // Monday 4 January 2027
    BotHarness kring;

    @BeforeEach
    void circle() {
        kring = new BotHarness(TestDatabases.h2(tmp), clock).circle("alice", "bob lid", "carol lid", "dave lid");
        kring.command("dave", "tijdzone america/new_york");
    }

    @AfterEach
    void close() {
        kring.close();
    }

    Instant timer(String key) {
        return kring.timers().when(key);
    }

    long id(String table) {
        return kring.database().jdbi().withHandle(h -> h.createQuery("SELECT MAX(id) FROM " + table).mapTo(Long.class).one());
    }

    /** Fires what is due at a moment; answers who got a direct message from it. */
    Set<String> fireAt(String moment) {
        int before = kring.outbox().size();
        clock.set(Instant.parse(moment));
        kring.timers().fireDue(kring.bot(), clock.instant());
        return kring.outbox().subList(before, kring.outbox().size()).stream().filter(m -> m.to().isDirect())
                .map(m -> m.to().privateTo()).collect(Collectors.toSet());
    }

    OutgoingMessage lastDm(String user) {
        List<OutgoingMessage> dms = kring.directTo(user);
        return dms.get(dms.size() - 1);
    }

    void pressInDm(String user, Choice choice) {
        kring.pressIn(BotHarness.dm(user), user, choice.action(), choice.value());
    }

    @Test
    void remindersGoOnlyToMembersWhoHaveNotAnsweredInsideTheirOwnWorkingHours() {
        kring.command("alice", "opdracht Beschrijf een situatie die niet lukte tot 18-01-2027");
        OutgoingMessage announced = kring.last();
        assertFalse(announced.to().isPrivate());
        assertEquals("<@alice> heeft de opdracht voor de volgende bijeenkomst gegeven (klaar vóór maandag 18 januari 2027). "
                + "Iedereen krijgt hem in een privébericht; de antwoorden delen we aan het begin van de bijeenkomst.", announced.text());
        for (String member : List.of("alice", "bob", "carol", "dave")) {
            OutgoingMessage dm = kring.directTo(member).get(0);
            assertEquals(Address.DIRECT, dm.to().channelId(), "a direct message, not the channel");
            assertEquals("Opdracht voor de volgende bijeenkomst", dm.title());
            assertTrue(dm.text().startsWith("Beschrijf een situatie die niet lukte"), dm.text());
            assertEquals("Antwoord geven", dm.choices().get(0).label());
        }
        long a = id("assignment");
        // 7 days before Monday 18 January: Monday 11 January 09:00 in Amsterdam (CET) and in New York (EST)
        assertEquals(Instant.parse("2027-01-11T08:00:00Z"), timer(Reminders.key("ASSIGNMENT", a, "7d", "bob")));
        assertEquals(Instant.parse("2027-01-11T14:00:00Z"), timer(Reminders.key("ASSIGNMENT", a, "7d", "dave")));
        // 1 day before is Sunday 17 January: moved to Monday 09:00, still before the end of the due day
        assertEquals(Instant.parse("2027-01-18T08:00:00Z"), timer(Reminders.key("ASSIGNMENT", a, "1d", "carol")));
        assertEquals(Instant.parse("2027-01-18T14:00:00Z"), timer(Reminders.key("ASSIGNMENT", a, "1d", "dave")));

        // bob answers from the direct message: the button opens a form there, the answer stops his reminders
        pressInDm("bob", kring.directTo("bob").get(0).choices().get(0));
        OutgoingMessage form = kring.last();
        assertEquals("D-bob", form.to().channelId());
        kring.submitIn(BotHarness.dm("bob"), "bob", form.form().action(), form.form().context(), Map.of("text", "Het overleg"));
        assertTrue(kring.timers().scheduled().keySet().stream().noneMatch(k -> k.endsWith("-bob") && k.contains("assignment")));

        assertEquals(Set.of("alice", "carol"), fireAt("2027-01-11T08:00:00Z"), "bob answered; dave's 09:00 is later");
        OutgoingMessage reminder = lastDm("carol");
        assertEquals("Herinnering: de opdracht", reminder.title());
        assertTrue(reminder.text().contains("Deel je antwoord vóór maandag 18 januari 2027"), reminder.text());
        assertFalse(reminder.text().contains("later dan gepland"), reminder.text());
        assertEquals(List.of("Antwoord geven", "Morgen herinneren"), reminder.choices().stream().map(Choice::label).toList());
        assertEquals(Set.of("dave"), fireAt("2027-01-11T14:00:00Z"), "09:00 in New York");

        kring.submitIn(BotHarness.dm("carol"), "carol", "assignment.answer.submit", reminder.choices().get(0).value(),
                Map.of("text", "Mijn antwoord"));
        assertEquals(Set.of("alice"), fireAt("2027-01-18T08:00:00Z"), "answering stopped carol's last reminder");
        assertEquals(Set.of("dave"), fireAt("2027-01-18T14:00:00Z"));
        assertEquals(0, kring.timers().scheduled().size());
    }

    @Test
    void snoozeRemindsADayLaterInsideWorkingHours() {
        kring.command("alice", "opdracht Lees het artikel tot 18-01-2027");
        fireAt("2027-01-11T08:00:00Z");
        Choice snooze = lastDm("carol").choices().get(1);
        pressInDm("carol", snooze);
        assertEquals("Goed, ik herinner je er dinsdag 12 januari 2027, 09:00 weer aan.", kring.last().text());
        fireAt("2027-01-11T14:00:00Z");
        assertEquals(Set.of("carol"), fireAt("2027-01-12T08:00:00Z"));
        assertEquals("Herinnering: de opdracht", lastDm("carol").title());

        // on Friday afternoon a day later is Saturday: Monday 09:00 it is
        clock.set(Instant.parse("2027-01-15T15:30:00Z"));
        pressInDm("carol", lastDm("carol").choices().get(1));
        assertEquals("Goed, ik herinner je er maandag 18 januari 2027, 09:00 weer aan.", kring.last().text());

        // a day after Monday's reminder is after the due day: no snooze, and nothing changes
        clock.set(Instant.parse("2027-01-18T09:00:00Z"));
        int timers = kring.timers().scheduled().size();
        pressInDm("bob", snooze);
        assertEquals("Morgen is te laat: voor die tijd is het al zover. Doe het liever nu.", kring.last().text());
        assertEquals(timers, kring.timers().scheduled().size());
    }

    @Test
    void anAnswerToAWithdrawnAssignmentGetsAClearAnswerAndChangesNothing() {
        kring.command("alice", "opdracht Lees het artikel tot 18-01-2027");
        Choice answer = kring.directTo("bob").get(0).choices().get(0);
        kring.submitIn(BotHarness.dm("carol"), "carol", "assignment.answer.submit", answer.value(), Map.of("text", "Al gedaan"));
        assertEquals(1L, kring.count("assignment_answer"));
        kring.command("bob", "opdracht intrekken");
        assertEquals("Alleen de begeleider of de co-host kan dat doen.", kring.last().text());
        kring.command("alice", "opdracht intrekken");
        assertEquals("<@alice> heeft de opdracht ingetrokken.", kring.last().text());
        assertTrue(lastDm("dave").text().startsWith("De opdracht is ingetrokken"), lastDm("dave").text());
        assertTrue(kring.timers().scheduled().isEmpty(), "its reminders are gone");

        pressInDm("bob", answer);
        assertEquals("Deze opdracht is ingetrokken, dus je antwoord is niet bewaard. Er hoeft niets meer mee te gebeuren.",
                kring.last().text());
        assertEquals(null, kring.last().form(), "no form for a withdrawn assignment");
        kring.submitIn(BotHarness.dm("bob"), "bob", "assignment.answer.submit", answer.value(), Map.of("text", "Toch mijn antwoord"));
        assertEquals("Deze opdracht is ingetrokken, dus je antwoord is niet bewaard. Er hoeft niets meer mee te gebeuren.",
                kring.last().text());
        kring.command("bob", "opdracht antwoord Nog een poging");
        assertEquals("Er is nu geen opdracht.", kring.last().text());
        assertEquals(0L, kring.count("assignment_answer"));
        assertTrue(kring.timers().scheduled().isEmpty());
    }

    @Test
    void wrongAssignmentsChangeNothing() {
        kring.command("alice", "opdracht Iets tot 31 februari");
        assertTrue(kring.last().text().contains("bestaat niet"), kring.last().text());
        kring.command("alice", "opdracht Iets tot 03-01-2027");
        assertTrue(kring.last().text().contains("ligt in het verleden"), kring.last().text());
        kring.command("carol", "opdracht Iets");
        assertEquals("Alleen de begeleider of de co-host kan dat doen.", kring.last().text());
        kring.command("mallory", "opdracht Iets");
        assertTrue(kring.last().text().contains("geen lid"), kring.last().text());
        assertEquals(0L, kring.count("assignment"));
        kring.command("alice", "opdracht Eerste tot 20-01-2027");
        kring.command("alice", "opdracht Tweede");
        assertTrue(kring.last().text().startsWith("Er loopt al een opdracht"), kring.last().text());
        assertEquals(1L, kring.count("assignment"));
    }

    @Test
    void anActionIsRemindedToItsOwnerUntilItIsTickedOff() {
        kring.command("bob", "actie <@carol> belt team B voor vrijdag 15 januari 2027");
        assertEquals("Actie vastgelegd: <@carol> — belt team B — uiterlijk vrijdag 15 januari 2027.", kring.last().text());
        long action = id("action_item");
        assertEquals(Instant.parse("2027-01-08T08:00:00Z"), timer(Reminders.key("ACTION", action, "7d", "carol")));
        assertEquals(Instant.parse("2027-01-14T08:00:00Z"), timer(Reminders.key("ACTION", action, "1d", "carol")));

        assertEquals(Set.of("carol"), fireAt("2027-01-08T08:00:00Z"), "only the owner");
        OutgoingMessage reminder = lastDm("carol");
        assertEquals("Je afspraak: belt team B, uiterlijk vrijdag 15 januari 2027. Al klaar? Vink hem af.", reminder.text());
        pressInDm("dave", reminder.choices().get(0));
        assertEquals("Deze afspraak is van <@carol>; die vinkt hem af, of de begeleider of co-host.", kring.last().text());
        pressInDm("carol", reminder.choices().get(0));
        assertTrue(kring.last().text().startsWith("Afgevinkt: belt team B."), kring.last().text());
        assertTrue(kring.timers().scheduled().isEmpty(), "ticking off stops the reminders");
        kring.command("carol", "acties");
        assertEquals("Er staan geen afspraken open.", kring.last().text());

        pressInDm("carol", kring.last().choices().isEmpty() ? new Choice("", "action.undo", reminder.choices().get(0).value())
                : kring.last().choices().get(0));
        assertEquals("Weer open: belt team B.", kring.last().text());
        assertEquals(Set.of("carol"), fireAt("2027-01-14T08:00:00Z"), "open again, reminded again");
    }

    @Test
    void anActionFromACaseDiscussionGetsRemindersToo() {
        kring.command("alice", "rol <@bob> cohost");
        kring.command("alice", "casus reconstructie Inwerken");
        long flow = id("flow_run");
        kring.press("alice", "flow.next", flow + ":0");
        kring.command("alice", "antwoord Het inwerken van nieuwe collega's");
        kring.press("alice", "flow.next", flow + ":2");
        kring.press("alice", "flow.next", flow + ":3");
        kring.command("bob", "antwoord <@dave> maakt een inwerkmap voor 29-01-2027");
        assertTrue(kring.last().text().contains("Actie vastgelegd"), kring.last().text());
        long action = id("action_item");
        assertEquals(Instant.parse("2027-01-28T14:00:00Z"), timer(Reminders.key("ACTION", action, "1d", "dave")),
                "Thursday 09:00 in New York");
    }

    @Test
    void aReminderThatComesLateSaysSoAndComesOnce() {
        kring.command("bob", "actie <@carol> belt team B voor 15-01-2027");
        clock.set(Instant.parse("2027-01-08T11:00:00Z")); // three hours after its moment: the server was down
        RecordingTimers.Scheduled due = kring.timers().scheduled().values().stream()
                .filter(t -> t.when().equals(Instant.parse("2027-01-08T08:00:00Z"))).findFirst().orElseThrow();
        nl.leerkring.chat.InboundEvent fired = nl.leerkring.chat.InboundEvent.scheduled(
                "scheduled:" + due.key() + "@" + due.when().toEpochMilli(), due.where(), due.action(), due.value());
        kring.bot().handle(fired);
        kring.bot().handle(fired); // a cluster firing it twice
        List<OutgoingMessage> dms = kring.directTo("carol");
        assertEquals(1, dms.size());
        assertTrue(dms.get(0).text().endsWith("Dit bericht komt later dan gepland (vrijdag 8 januari 2027, 09:00): "
                + "Leerkring was een tijd niet bereikbaar."), dms.get(0).text());
    }

    @Test
    void aReminderMinutesBehindInABusyMomentDoesNotSayLeerkringWasAway() {
        kring.command("bob", "actie <@carol> belt team B voor 15-01-2027");
        clock.set(Instant.parse("2027-01-08T08:06:00Z")); // six minutes after its moment: a burst, not an outage
        RecordingTimers.Scheduled due = kring.timers().scheduled().values().stream()
                .filter(t -> t.when().equals(Instant.parse("2027-01-08T08:00:00Z"))).findFirst().orElseThrow();
        kring.bot().handle(nl.leerkring.chat.InboundEvent.scheduled(
                "scheduled:" + due.key() + "@" + due.when().toEpochMilli(), due.where(), due.action(), due.value()));
        List<OutgoingMessage> dms = kring.directTo("carol");
        assertEquals(1, dms.size());
        assertFalse(dms.get(0).text().contains("later dan gepland"), dms.get(0).text());
    }

    @Test
    void myTasksShowOnlyMyOwnOpenWork() {
        kring.command("alice", "plan 12-01-2027 19:30 2x");
        kring.command("alice", "opdracht Lees het artikel tot 11-01-2027");
        kring.command("alice", "actie <@bob> belt team B voor 15-01-2027");
        kring.command("alice", "actie <@carol> schrijft het verslag voor 15-01-2027");

        kring.command("bob", "taken");
        OutgoingMessage mine = kring.last();
        assertEquals("bob", mine.to().privateTo());
        assertEquals("Mijn taken", mine.title());
        assertTrue(mine.text().contains("Lees het artikel — vóór maandag 11 januari 2027"), mine.text());
        assertTrue(mine.text().contains("belt team B — uiterlijk vrijdag 15 januari 2027"), mine.text());
        assertTrue(mine.text().contains("Bijeenkomst 1, dinsdag 12 januari 2027, 19:30"), mine.text());
        assertFalse(mine.text().contains("verslag"), "carol's action is not on bob's list");
        assertEquals(List.of("Beantwoorden: Lees het artikel", "Klaar: belt team B"),
                mine.choices().stream().map(Choice::label).toList());

        kring.submitIn(BotHarness.dm("bob"), "bob", "assignment.answer.submit", mine.choices().get(0).value(), Map.of("text", "Gelezen"));
        kring.pressIn(BotHarness.dm("bob"), "bob", mine.choices().get(1).action(), mine.choices().get(1).value());
        kring.command("bob", "taken");
        assertFalse(kring.last().text().contains("artikel") || kring.last().text().contains("team B"), kring.last().text());

        kring.command("dave", "taken");
        assertTrue(kring.last().text().contains("Lees het artikel"), "dave has not answered yet: " + kring.last().text());
        kring.command("erin", "taken");
        assertTrue(kring.last().text().startsWith("Je hebt nu niets openstaan."), kring.last().text());
    }
}
