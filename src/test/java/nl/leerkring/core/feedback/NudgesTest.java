package nl.leerkring.core.feedback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import nl.leerkring.chat.Choice;
import nl.leerkring.chat.OutgoingMessage;
import nl.leerkring.core.flow.FlowEngine;
import nl.leerkring.testing.BotHarness;
import nl.leerkring.testing.MutableClock;
import nl.leerkring.testing.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The in-round nudge, the culture nudges to facilitator and co-host, their weekly cap, and switching them off. */
class NudgesTest {

    static final String ROUND_NUDGE = "Fijn dat er tips komen. Ze landen beter als eerst gezegd is wat goed ging: wie geeft er een top?";
    static final String CULTURE_NUDGE = "Een seintje over de feedback in je kring";

    @TempDir
    Path tmp;
    MutableClock clock = new MutableClock(Instant.parse("2026-11-02T08:00:00Z"));
    BotHarness kring;

    /** alice facilitates, dave is co-host, bob and carol are members. */
    @BeforeEach
    void circle() {
        kring = new BotHarness(TestDatabases.h2(tmp), clock).circle("alice", "bob lid", "carol lid", "dave cohost");
    }

    @AfterEach
    void close() {
        kring.close();
    }

    void give(String from, String kind, String to) {
        kring.command(from, kind + " <@" + to + "> Iets concreets");
        kring.pressLabelled(from, "Met mijn naam");
    }

    long flowId() {
        return kring.flows().newestFlow();
    }

    /** An intervision case moved on by its bringer (the facilitator) to its evaluation step. */
    OutgoingMessage evaluationStep() {
        kring.command("alice", "casus intervisie Lastig gesprek");
        kring.deliver();
        long flow = flowId();
        for (int step = 0; step < 4; step++) {
            kring.press("alice", "flow.next", flow + ":" + step);
        }
        OutgoingMessage last = kring.outbox().stream().filter(m -> m.title() != null && m.title().startsWith("Stap 5 van 5"))
                .reduce((a, b) -> b).orElseThrow();
        assertEquals("Stap 5 van 5 — Tops en tips", last.title());
        return last;
    }

    /** Presses an evaluation button and sends its form. */
    void giveInRound(OutgoingMessage step, String from, String label, String to) {
        Choice button = step.choices().stream().filter(c -> c.label().equals(label)).findFirst().orElseThrow();
        kring.press(from, button.action(), button.value());
        OutgoingMessage form = kring.last();
        assertNotNull(form.form(), "the button opens a form: " + form);
        kring.submit(from, form.form().action(), form.form().context(),
                Map.of("receiver", to, "text", "In deze ronde", "who", "anonymous"));
    }

    long roundNudges() {
        return kring.outbox().stream().filter(m -> ROUND_NUDGE.equals(m.text())).count();
    }

    List<OutgoingMessage> cultureNudgesTo(String user) {
        return kring.directTo(user).stream().filter(m -> CULTURE_NUDGE.equals(m.title())).toList();
    }

    @Test
    void theEvaluationStepHasTheTwoButtonsAndCountsTheRound() {
        OutgoingMessage step = evaluationStep();
        List<Choice> feedback = step.choices().stream().filter(c -> c.action().equals("flow.feedback")).toList();
        assertEquals(List.of("Top geven", "Tip geven"), feedback.stream().map(Choice::label).toList());

        giveInRound(step, "bob", "Top geven", "alice");

        OutgoingMessage totals = kring.last();
        assertEquals("bob", totals.to().privateTo(), "the giver is told last");
        OutgoingMessage inThread = kring.outbox().stream().filter(m -> m.plainText().startsWith("Er is een top gegeven"))
                .findFirst().orElseThrow();
        assertEquals("flow:" + flowId(), inThread.threadAnchor(), "in the case's thread");
        assertEquals("Er is een top gegeven. Deze ronde: 1 top en 0 tips. Deze kring: 1 top en 0 tips in de laatste 8 weken (1:0).",
                inThread.text());
        assertTrue(kring.directTo("alice").get(0).text().contains("Bij de casusbespreking \"Lastig gesprek\"."));
        assertEquals("flow", kring.database().jdbi().withHandle(h ->
                h.createQuery("SELECT context_kind FROM feedback").mapTo(String.class).one()));
    }

    @Test
    void tooManyTipsInAnEvaluationRoundTriggerTheNudgeOnceInTheThread() {
        OutgoingMessage step = evaluationStep();

        giveInRound(step, "bob", "Tip geven", "alice");
        assertEquals(0, roundNudges(), "one tip is not yet a pattern");
        giveInRound(step, "carol", "Tip geven", "bob");
        assertEquals(1, roundNudges(), "two tips and no top: tips run ahead of one per three tops");
        OutgoingMessage nudge = kring.outbox().stream().filter(m -> ROUND_NUDGE.equals(m.text())).findFirst().orElseThrow();
        assertEquals("flow:" + flowId(), nudge.threadAnchor());
        assertTrue(!nudge.to().isPrivate());

        giveInRound(step, "dave", "Tip geven", "carol");
        giveInRound(step, "alice", "Top geven", "dave");
        assertEquals(1, roundNudges(), "once per round");
    }

    @Test
    void aRoundAtThreeToOneGetsNoNudge() {
        OutgoingMessage step = evaluationStep();
        giveInRound(step, "bob", "Top geven", "alice");
        giveInRound(step, "carol", "Top geven", "alice");
        giveInRound(step, "dave", "Top geven", "bob");
        giveInRound(step, "alice", "Tip geven", "carol");
        assertEquals(0, roundNudges());
    }

    @Test
    void aPressAfterTheEvaluationIsOverIsExplained() {
        OutgoingMessage step = evaluationStep();
        kring.press("alice", "flow.next", flowId() + ":4");
        Choice top = step.choices().get(0);
        kring.press("bob", top.action(), top.value());
        assertTrue(kring.last().text().startsWith("Deze evaluatie is al voorbij."), kring.last().text());
    }

    @Test
    void aCareCultureNudgesFacilitatorAndCoHostAtMostOnceAWeek() {
        clock.advance(Duration.ofDays(15));
        for (int i = 0; i < 3; i++) {
            give("bob", "top", "carol");
        }
        assertEquals(List.of(), cultureNudgesTo("alice"), "three items are too few to read");
        give("carol", "top", "bob");

        List<OutgoingMessage> toAlice = cultureNudgesTo("alice");
        assertEquals(1, toAlice.size());
        assertEquals(1, cultureNudgesTo("dave").size(), "the co-host too");
        assertEquals(0, cultureNudgesTo("bob").size() + cultureNudgesTo("carol").size(), "members are not nudged");
        String text = toAlice.get(0).text();
        assertTrue(text.startsWith("In je leerkring zijn gegeven: 4 tops en 0 tips in de laatste 8 weken (4:0)."), text);
        assertTrue(text.contains("bijna geen tip"), text);
        assertTrue(text.contains("Probeer: vraag bij de volgende evaluatie iedereen om naast twee tops ook één tip te geven."), text);

        give("carol", "top", "bob");
        clock.advance(Duration.ofDays(6));
        kring.runDaily("feedback-culture");
        give("bob", "top", "carol");
        assertEquals(1, cultureNudgesTo("alice").size(), "within the week: no second nudge");

        clock.advance(Duration.ofDays(1));
        kring.runDaily("feedback-culture");
        assertEquals(2, cultureNudgesTo("alice").size(), "a week later the daily check nudges again");
        kring.runDaily("feedback-culture");
        assertEquals(2, cultureNudgesTo("alice").size(), "the same day's check acts once");
    }

    @Test
    void aFearCultureIsNudgedRightAfterFeedback() {
        clock.advance(Duration.ofDays(15));
        give("bob", "top", "carol");
        give("bob", "tip", "carol");
        give("carol", "tip", "bob");
        give("dave", "tip", "bob");

        List<OutgoingMessage> toAlice = cultureNudgesTo("alice");
        assertEquals(1, toAlice.size());
        assertTrue(toAlice.get(0).text().contains("Probeer: begin de volgende evaluatie met een rondje tops"), toAlice.get(0).text());
    }

    @Test
    void avoidanceIsRaisedByTheDailyCheckOnlyAndNotInAYoungCircle() {
        kring.runDaily("feedback-culture");
        assertEquals(List.of(), cultureNudgesTo("alice"), "a circle of a day old is not avoiding anything");

        clock.advance(Duration.ofDays(15));
        give("bob", "top", "carol");
        assertEquals(List.of(), cultureNudgesTo("alice"), "right after someone gave feedback, never 'hardly any feedback'");

        kring.runDaily("feedback-culture");
        List<OutgoingMessage> toAlice = cultureNudgesTo("alice");
        assertEquals(1, toAlice.size());
        assertTrue(toAlice.get(0).text().contains("nauwelijks feedback"), toAlice.get(0).text());
    }

    @Test
    void nudgesOffStopsBothKindsAndOnlyTheFacilitatorSwitches() {
        kring.command("dave", "nudges uit");
        assertEquals(BotHarness.text("error.onlyFacilitator"), kring.last().text());
        kring.command("alice", "nudges uit");
        assertEquals(BotHarness.text("feedback.nudges.off", "<@alice>"), kring.last().text());
        kring.command("bob", "nudges");
        assertTrue(kring.last().text().startsWith("De seintjes over feedback staan uit."), kring.last().text());

        clock.advance(Duration.ofDays(15));
        OutgoingMessage step = evaluationStep();
        giveInRound(step, "bob", "Tip geven", "alice");
        giveInRound(step, "carol", "Tip geven", "bob");
        giveInRound(step, "dave", "Tip geven", "carol");
        giveInRound(step, "bob", "Tip geven", "carol");
        kring.runDaily("feedback-culture");
        assertEquals(0, roundNudges());
        assertEquals(List.of(), cultureNudgesTo("alice"));
        assertEquals(List.of(), cultureNudgesTo("dave"));

        kring.command("alice", "nudges on");
        kring.runDaily("feedback-culture");
        assertEquals(1, cultureNudgesTo("alice").size(), "switched on again, the fear culture is raised");
    }
}
