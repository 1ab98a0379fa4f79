package nl.leerkring.core.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import nl.leerkring.chat.Choice;
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
 * A session as it happens: the co-host starts it, the agenda of the right template session
 * with its times, the parts one by one, the closing with learning points and the next
 * assignment, and the next session opening with the answers and the open actions.
 */
class SessionRunTest {

    static final Instant FIRST = Instant.parse("2027-01-12T18:30:00Z");  // Tuesday 12 January 2027, 19:30 CET
    static final Instant SECOND = Instant.parse("2027-02-23T18:30:00Z"); // six weeks later

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

    long session(int number) {
        return kring.database().jdbi().withHandle(h -> h.createQuery("SELECT id FROM circle_session WHERE number = :n")
                .bind("n", number).mapTo(Long.class).one());
    }

    String status(int number) {
        return kring.database().jdbi().withHandle(h -> h.createQuery("SELECT status FROM circle_session WHERE number = :n")
                .bind("n", number).mapTo(String.class).one());
    }

    String role(String user) {
        return kring.database().jdbi().withHandle(h -> h.createQuery("SELECT role FROM circle_member WHERE user_id = :u")
                .bind("u", user).mapTo(String.class).one());
    }

    OutgoingMessage lastTitled(String prefix) {
        return kring.lastTitled(prefix);
    }

    void press(String user, OutgoingMessage message, String label) {
        kring.press(user, message, label);
    }

    /** Runs session 1 by its co-host bob: through every part, a learning point, the template's assignment, closed. */
    void holdFirstSession() {
        clock.set(FIRST);
        kring.command("bob", "sessie start");
        for (int i = 0; i < 4; i++) {
            press("bob", kring.last(), "Volgende onderdeel");
        }
        press("carol", lastTitled("Onderdeel 5 van 5"), "Leerpunt vastleggen");
        OutgoingMessage form = kring.last();
        kring.submit("carol", form.form().action(), form.form().context(), Map.of("text", "Eerst luisteren, dan oplossen"));
        press("bob", lastTitled("Onderdeel 5 van 5"), "Deze opdracht geven");
        press("bob", lastTitled("Onderdeel 5 van 5"), "Bijeenkomst afsluiten");
    }

    @Test
    void theCohostStartsTheSessionAndWalksThroughItsAgenda() {
        clock.set(FIRST);
        kring.command("carol", "sessie start");
        assertEquals("Deze bijeenkomst start de co-host, <@bob>, of de begeleider.", kring.last().text());
        assertEquals("PLANNED", status(1));

        kring.command("bob", "sessie start");
        assertEquals("RUNNING", status(1));
        assertEquals("COHOST", role("bob"), "the rotation's co-host holds the co-host role during the session");
        OutgoingMessage agenda = lastTitled("Bijeenkomst 1 van 6");
        assertEquals("Bijeenkomst 1 van 6 — Start, contracteren en leervraag", agenda.title());
        assertFalse(agenda.to().isPrivate());
        assertEquals("session:" + session(1), agenda.anchorKey());
        assertTrue(agenda.text().startsWith("""
                19:30–19:55  Kennismaken
                19:55–20:15  Contracteren
                20:15–20:45  De leervraag
                20:45–21:15  Aspecten onderzoeken
                21:15–21:30  Afsluiting: leerpunten en opdracht"""), agenda.text());
        OutgoingMessage part = kring.last();
        assertEquals("Onderdeel 1 van 5 — Kennismaken", part.title());
        assertEquals("session:" + session(1), part.threadAnchor(), "parts go in the agenda's thread");
        assertEquals("19:30–19:55 (25 min)", part.fields().get(0).value());

        press("dave", part, "Volgende onderdeel");
        assertEquals("Alleen de begeleider of de co-host kan dat doen.", kring.last().text());
        assertEquals("Onderdeel 1 van 5 — Kennismaken", lastTitled("Onderdeel").title());

        for (int i = 0; i < 4; i++) {
            press("bob", lastTitled("Onderdeel"), "Volgende onderdeel");
        }
        OutgoingMessage closing = lastTitled("Onderdeel 5 van 5");
        assertEquals("Onderdeel 5 van 5 — Afsluiting: leerpunten en opdracht", closing.title());
        assertTrue(closing.text().contains("Beschrijf een situatie die past bij onze leervraag"), closing.text());
        assertEquals(List.of("Leerpunt vastleggen", "Deze opdracht geven", "Een andere opdracht geven", "Bijeenkomst afsluiten"),
                closing.choices().stream().map(Choice::label).toList());
        press("bob", part, "Volgende onderdeel");
        assertEquals("Dit onderdeel is al voorbij.", kring.last().text(), "an old button does nothing");

        press("carol", closing, "Leerpunt vastleggen");
        OutgoingMessage form = kring.last();
        assertNotNull(form.form());
        kring.submit("carol", form.form().action(), form.form().context(), Map.of("text", "Eerst luisteren, dan oplossen"));
        assertEquals("Leerpunt vastgelegd: Eerst luisteren, dan oplossen", kring.last().text());

        press("bob", closing, "Deze opdracht geven");
        for (String member : List.of("alice", "bob", "carol", "dave")) {
            List<OutgoingMessage> dms = kring.directTo(member);
            assertEquals(1, dms.size(), member + " gets the assignment privately");
            assertTrue(dms.get(0).text().startsWith("Beschrijf een situatie die past bij onze leervraag"), dms.get(0).text());
            assertEquals("het begin van bijeenkomst 2 (dinsdag 23 februari 2027, 19:30)", dms.get(0).fields().get(0).value());
        }

        press("bob", closing, "Bijeenkomst afsluiten");
        assertEquals("HELD", status(1));
        OutgoingMessage closed = lastTitled("Bijeenkomst 1 is afgesloten");
        assertEquals("• Eerst luisteren, dan oplossen", closed.fields().get(0).value());
        assertEquals("dinsdag 23 februari 2027, 19:30 · co-host <@carol>", closed.fields().get(2).value());
        press("bob", closing, "Bijeenkomst afsluiten");
        assertEquals("Deze bijeenkomst loopt niet (meer).", kring.last().text());
    }

    @Test
    void answersAreSharedAtTheStartOfTheNextSessionNotBeforeAndItOpensWithTheOpenActions() {
        holdFirstSession();
        long assignment = kring.database().jdbi().withHandle(h -> h.createQuery("SELECT id FROM assignment").mapTo(Long.class).one());
        Choice answer = kring.directTo("bob").get(0).choices().get(0);
        kring.pressIn(BotHarness.dm("bob"), "bob", answer.action(), answer.value());
        OutgoingMessage form = kring.last();
        assertEquals("bob", form.to().privateTo());
        kring.submitIn(BotHarness.dm("bob"), "bob", form.form().action(), form.form().context(),
                Map.of("text", "Ik probeerde een overleg vlot te trekken"));
        assertTrue(kring.last().text().startsWith("Je antwoord is bewaard."), kring.last().text());
        kring.submitIn(BotHarness.dm("carol"), "carol", "assignment.answer.submit", answer.value(), Map.of("text", "Mijn verhaal"));
        kring.command("dave", "actie <@dave> belt team B voor 01-02-2027");

        kring.command("alice", "opdracht");
        OutgoingMessage facilitator = kring.last();
        assertEquals("2 van de 4 leden", facilitator.fields().get(2).value(), "the facilitator sees how many, not who");
        assertFalse(facilitator.plainText().contains("<@dave>") || facilitator.plainText().contains("<@bob>"), facilitator.plainText());
        kring.command("dave", "opdracht");
        assertEquals(List.of("Klaar vóór", "Jouw antwoord"), kring.last().fields().stream().map(f -> f.label()).toList(),
                "a member sees only their own status");
        assertEquals("nog niet gegeven", kring.last().fields().get(1).value());
        for (OutgoingMessage m : kring.outbox()) {
            boolean leaks = m.plainText().contains("overleg vlot te trekken") || m.plainText().contains("Mijn verhaal");
            assertFalse(leaks, "an answer was shown before the session: " + m);
        }

        clock.set(SECOND);
        kring.command("carol", "sessie start");
        assertEquals("COHOST", role("carol"));
        assertEquals("MEMBER", role("bob"), "the co-host role moved on with the rotation");
        List<OutgoingMessage> all = kring.outbox();
        int agendaAt = all.indexOf(lastTitled("Bijeenkomst 2 van 6"));
        OutgoingMessage agenda = all.get(agendaAt);
        assertEquals("Bijeenkomst 2 van 6 — Verdieping van het vraagstuk", agenda.title());
        assertTrue(agenda.text().startsWith("""
                19:30–20:15  De beschrijvingen
                20:15–20:45  Een concept of model
                20:45–21:15  Karakteristieken expliciteren
                21:15–21:30  Afsluiting: leerpunten en opdracht"""), agenda.text());
        List<OutgoingMessage> opening = all.subList(agendaAt + 1, all.size());
        assertEquals("Leerpunten van vorige keer", opening.get(0).title());
        assertEquals("Antwoorden op de opdracht (2)", opening.get(1).title());
        assertEquals("<@bob>: Ik probeerde een overleg vlot te trekken", opening.get(2).text());
        assertEquals("<@carol>: Mijn verhaal", opening.get(3).text());
        assertEquals("Openstaande afspraken (1)", opening.get(4).title());
        assertTrue(opening.get(4).text().contains("<@dave> — belt team B — maandag 1 februari 2027")
                && opening.get(4).text().contains("wie heeft wat nodig van wie"), opening.get(4).text());
        assertEquals("Onderdeel 1 van 4 — De beschrijvingen", opening.get(5).title());
        assertTrue(opening.stream().allMatch(m -> ("session:" + session(2)).equals(m.threadAnchor()) && !m.to().isPrivate()));
        assertFalse(opening.stream().anyMatch(m -> m.plainText().contains("<@dave>:")), "nobody is named for not answering");

        kring.submitIn(BotHarness.dm("dave"), "dave", "assignment.answer.submit", answer.value(), Map.of("text", "Te laat"));
        assertEquals("De antwoorden op deze opdracht zijn al gedeeld in de bijeenkomst, dus je antwoord is niet bewaard.",
                kring.last().text());
        assertEquals(2L, kring.count("assignment_answer"));
        assertTrue(kring.timers().scheduled().keySet().stream().noneMatch(k -> k.startsWith("rem-assignment-" + assignment)));

        clock.advance(java.time.Duration.ofDays(31));
        kring.housekeeping();
        assertEquals(0L, kring.count("assignment_answer"), "shared answers are kept for the retention period only");
    }

    @Test
    void aPartThatNamesAMethodStartsThatCaseDiscussion() {
        kring.command("alice", "plan 12-01-2027 19:30 2x sjabloon reconstructie");
        press("alice", kring.last(), "Planning vervangen");
        clock.set(FIRST);
        kring.command("alice", "sessie start");
        assertTrue(lastTitled("Bijeenkomst 1 van 2").text().contains("19:30–19:50  Vorige afspraken: wie heeft wat nodig van wie?"));
        press("alice", kring.last(), "Volgende onderdeel");
        OutgoingMessage board = lastTitled("Onderdeel 2 van 3");
        assertEquals(List.of("Casusbespreking starten: Reconstructie van een werkproces", "Volgende onderdeel"),
                board.choices().stream().map(Choice::label).toList());
        press("carol", board, "Casusbespreking starten: Reconstructie van een werkproces");
        List<Map<String, Object>> flows = kring.database().jdbi().withHandle(h -> h.createQuery(
                "SELECT method_id, title, bringer_id FROM flow_run").mapToMap().list());
        assertEquals(1, flows.size());
        assertEquals("reconstructie", flows.get(0).get("method_id"));
        assertEquals("Behouden, verbeteren, veranderen", flows.get(0).get("title"));
        assertEquals("carol", flows.get(0).get("bringer_id"));
    }

    @Test
    void aShorterSessionGetsItsAgendaScaledToFit() {
        kring.command("alice", "plan 12-01-2027 19:30 90 min");
        press("alice", kring.last(), "Planning vervangen");
        clock.set(FIRST);
        kring.command("bob", "sessie start");
        assertTrue(lastTitled("Bijeenkomst 1 van 6").text().startsWith("""
                19:30–19:49  Kennismaken
                19:49–20:04  Contracteren
                20:04–20:27  De leervraag
                20:27–20:50  Aspecten onderzoeken
                20:50–21:00  Afsluiting: leerpunten en opdracht"""), lastTitled("Bijeenkomst 1 van 6").text());
    }

    @Test
    void startingLongBeforeThePlannedMomentAsksFirst() {
        clock.set(Instant.parse("2027-01-09T10:00:00Z"));
        kring.command("alice", "sessie start");
        assertTrue(kring.last().text().contains("Bijeenkomst 1 staat gepland op dinsdag 12 januari 2027, 19:30"), kring.last().text());
        assertEquals("PLANNED", status(1));
        press("alice", kring.last(), "Nu starten");
        assertEquals("RUNNING", status(1));
        assertTrue(lastTitled("Bijeenkomst 1 van 6").text().startsWith("11:00–11:25  Kennismaken"), "times from the real start");
        assertTrue(kring.timers().scheduled().keySet().stream().noneMatch(k -> k.contains("-" + session(1) + "-")),
                "a started session's reminders are gone");
        kring.command("alice", "sessie start");
        assertTrue(kring.last().text().contains("Bijeenkomst 1 loopt al"), kring.last().text());
    }

    @Test
    void theCohostSwapsWithSomeoneWhoAccepts() {
        clock.set(Instant.parse("2027-01-11T08:00:00Z"));
        kring.timers().fireDue(kring.bot(), clock.instant());
        OutgoingMessage prep = kring.directTo("bob").stream().filter(m -> m.title().startsWith("Jij bent co-host")).findFirst().orElseThrow();
        Choice swap = prep.choices().get(0);
        kring.pressIn(BotHarness.dm("bob"), "bob", swap.action(), swap.value());
        OutgoingMessage whom = kring.last();
        assertEquals(List.of("Vraag <@carol>", "Vraag <@dave>"), whom.choices().stream().map(Choice::label).toList());

        kring.pressIn(BotHarness.dm("bob"), "bob", whom.choices().get(1).action(), whom.choices().get(1).value());
        Choice daveDeclines = kring.directTo("dave").get(kring.directTo("dave").size() - 1).choices().get(1);
        kring.pressIn(BotHarness.dm("dave"), "dave", daveDeclines.action(), daveDeclines.value());
        assertEquals("<@dave> kan je beurt helaas niet overnemen. Vraag gerust iemand anders.",
                kring.directTo("bob").get(kring.directTo("bob").size() - 1).text());

        kring.pressIn(BotHarness.dm("bob"), "bob", whom.choices().get(0).action(), whom.choices().get(0).value());
        OutgoingMessage proposal = kring.directTo("carol").get(kring.directTo("carol").size() - 1);
        assertTrue(proposal.text().contains("<@bob> vraagt of jij co-host wilt zijn van bijeenkomst 1")
                && proposal.text().contains("jouw beurt bij bijeenkomst 2"), proposal.text());
        kring.pressIn(BotHarness.dm("carol"), "carol", proposal.choices().get(0).action(), proposal.choices().get(0).value());

        List<String> cohosts = kring.database().jdbi().withHandle(h -> h.createQuery(
                "SELECT cohost_id FROM circle_session ORDER BY number").mapTo(String.class).list());
        assertEquals(List.of("carol", "bob", "dave", "bob", "carol", "dave"), cohosts);
        assertTrue(kring.outbox().stream().anyMatch(m -> !m.to().isPrivate()
                && m.text().equals("<@carol> is nu co-host van bijeenkomst 1. <@bob> neemt bijeenkomst 2 over.")));
        assertTrue(kring.timers().scheduled().containsKey(Reminders.key("PREP", session(1), "prep", "carol")),
                "the new co-host is prepared");
        assertFalse(kring.timers().scheduled().containsKey(Reminders.key("PREP", session(2), "prep", "carol")));

        // dave's old answer to the first proposal no longer counts
        Choice daveAccepts = kring.directTo("dave").stream().filter(m -> "Een vraag om te ruilen".equals(m.title()))
                .findFirst().orElseThrow().choices().get(0);
        kring.pressIn(BotHarness.dm("dave"), "dave", daveAccepts.action(), daveAccepts.value());
        assertTrue(kring.last().text().startsWith("Dit voorstel geldt niet meer"), kring.last().text());
    }

    @Test
    void anEditedDeclineDirectMessagesNobody() {
        long circle = kring.database().jdbi().withHandle(h -> h.createQuery("SELECT id FROM circle").mapTo(Long.class).one());
        String declined = "<@carol> kan je beurt helaas niet overnemen. Vraag gerust iemand anders.";
        int before = kring.outbox().size();
        // bob co-hosts session 1 and proposed nothing; carol edits a decline to name others, or bob
        kring.pressIn(BotHarness.dm("carol"), "carol", "cohost.decline", circle + ":" + session(1) + ":mallory");
        kring.pressIn(BotHarness.dm("carol"), "carol", "cohost.decline", circle + ":" + session(1) + ":dave");
        kring.pressIn(BotHarness.dm("carol"), "carol", "cohost.decline", circle + ":" + session(2) + ":bob");
        kring.pressIn(BotHarness.dm("mallory"), "mallory", "cohost.decline", circle + ":" + session(1) + ":bob");
        List<OutgoingMessage> sent = kring.outbox().subList(before, kring.outbox().size());
        assertEquals(4, sent.size(), sent.toString());
        assertTrue(sent.stream().allMatch(m -> m.to().isPrivate() && !m.text().equals(declined)), sent.toString());
        assertEquals(List.of("carol", "carol", "carol", "mallory"), sent.stream().map(m -> m.to().privateTo()).toList());
        assertTrue(kring.directTo("dave").isEmpty() && kring.directTo("mallory").stream().noneMatch(m -> m.text().equals(declined)));
    }

    private String cohostOf(int number) {
        return kring.database().jdbi().withHandle(h -> h.createQuery("SELECT cohost_id FROM circle_session WHERE number = :n")
                .bind("n", number).mapTo(String.class).one());
    }

    @Test
    void onlyTheMemberWhoWasAskedCanTakeATurnOver() {
        assertEquals("bob", cohostOf(1));
        kring.command("bob", "sessie ruil 1 <@dave>");
        OutgoingMessage asked = kring.directTo("dave").get(kring.directTo("dave").size() - 1);
        Choice accept = asked.choices().stream().filter(c -> c.action().equals("cohost.accept")).findFirst().orElseThrow();

        // carol presses the same button, taken from dave's message: nobody asked her
        kring.pressIn(BotHarness.dm("carol"), "carol", accept.action(), accept.value());
        assertEquals("bob", cohostOf(1), "an answer from someone who was not asked changes nothing");
        assertEquals(BotHarness.text("cohost.proposalStale"), kring.last().text());

        kring.pressIn(BotHarness.dm("dave"), "dave", accept.action(), accept.value());
        assertEquals("dave", cohostOf(1));
        kring.pressIn(BotHarness.dm("dave"), "dave", accept.action(), accept.value());
        assertEquals(BotHarness.text("cohost.proposalStale"), kring.last().text(), "an answered proposal is gone");
    }
}
