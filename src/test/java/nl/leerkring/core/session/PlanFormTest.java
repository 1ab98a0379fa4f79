package nl.leerkring.core.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import nl.leerkring.chat.Form;
import nl.leerkring.chat.OutgoingMessage;
import nl.leerkring.testing.BotHarness;
import nl.leerkring.testing.MutableClock;
import nl.leerkring.testing.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plan form reads each answer with the reader of {@code /kring plan}: what works typed
 * after the command works in the form, and a wrong answer is refused for its own field, asked
 * when it is given (as the doors do) and again when the form arrives whole.
 */
class PlanFormTest {

    @TempDir
    Path tmp;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T09:00:00Z"));

    private static Map<String, String> answers(String date, String time) {
        return Map.of("date", date, "time", time, "count", "3", "interval", "", "length", "", "zone", "", "template", "leergroep");
    }

    private static List<String> sessions(BotHarness kring) {
        return kring.database().jdbi().withHandle(h -> h.createQuery("SELECT starts_at FROM circle_session ORDER BY number")
                .mapTo(String.class).list());
    }

    @Test
    void aDateThatWorksInTheCommandWorksInTheForm() {
        List<String> byCommand;
        try (BotHarness kring = new BotHarness(TestDatabases.h2(tmp.resolve("command")), clock)) {
            kring.circle("alice", "bob lid");
            kring.command("alice", "plan dinsdag 12 januari 2027 19:30 3x");
            byCommand = sessions(kring);
        }
        try (BotHarness kring = new BotHarness(TestDatabases.h2(tmp.resolve("form")), clock)) {
            kring.circle("alice", "bob lid");
            kring.command("alice", "plan");
            Form form = kring.last().form();
            assertEquals(Planner.FORM, form.action());
            assertEquals(Map.of(), kring.bot().checkAnswers(nl.leerkring.chat.InboundEvent.formSubmitted("check",
                    BotHarness.channel(BotHarness.CHANNEL), "alice", form.action(), form.context(),
                    Map.of("date", "dinsdag 12 januari 2027"))));
            kring.submit("alice", form.action(), form.context(), answers("dinsdag 12 januari 2027", "19:30"));
            assertTrue(kring.last().plainText().contains("dinsdag 12 januari 2027, 19:30"), kring.last().plainText());
            assertEquals(3, byCommand.size());
            assertEquals(byCommand, sessions(kring), "the same sessions as the command planned");
        }
    }

    @Test
    void aWrongAnswerIsRefusedForItsOwnFieldAndNothingIsPlanned() {
        try (BotHarness kring = new BotHarness(TestDatabases.h2(tmp), clock)) {
            kring.circle("alice", "bob lid");
            kring.command("alice", "plan");
            Form form = kring.last().form();
            Map<String, String> problems = kring.bot().checkForm(nl.leerkring.chat.InboundEvent.formSubmitted("check",
                    BotHarness.channel(BotHarness.CHANNEL), "alice", form.action(), form.context(),
                    answers("dinsdag 31 februari 2027", "19:30")));
            assertEquals(List.of("date"), List.copyOf(problems.keySet()), "only the date is wrong: " + problems);
            assertEquals(BotHarness.text("date.noSuchDay", "31 februari 2027"), problems.get("date"));
            assertEquals(Map.of("time", BotHarness.text("plan.badTime", "25:61"), "count",
                            BotHarness.text("plan.badCount", PlanInput.MAX_SESSIONS)),
                    kring.bot().checkAnswers(nl.leerkring.chat.InboundEvent.formSubmitted("check2",
                            BotHarness.channel(BotHarness.CHANNEL), "alice", form.action(), form.context(),
                            Map.of("date", "12-01-2027", "time", "25:61", "count", "40"))));
            // a door that sends the whole form without asking first: refused before the handler, nothing stored
            kring.submit("alice", form.action(), form.context(), answers("31 februari 2027", "19:30"));
            OutgoingMessage refused = kring.last();
            assertTrue(refused.to().isPrivate(), "told privately");
            assertTrue(refused.plainText().contains(problems.get("date")), refused.plainText());
            assertEquals(List.of(), sessions(kring));
        }
    }

    @Test
    void theDueDatesOfTheActionAndAssignmentFormsAreReadAsTheirCommandsReadThem() {
        try (BotHarness kring = new BotHarness(TestDatabases.h2(tmp), clock)) {
            kring.circle("alice", "bob lid");
            for (String form : List.of("flow.action.submit", "assignment.set.submit")) {
                Map<String, String> problems = kring.bot().checkAnswers(nl.leerkring.chat.InboundEvent.formSubmitted("c-" + form,
                        BotHarness.channel(BotHarness.CHANNEL), "alice", form, "", Map.of("due", "31-02-2027", "what", "bellen")));
                assertEquals(Map.of("due", BotHarness.text("date.noSuchDay", "31-02-2027")), problems, form);
                assertEquals(Map.of(), kring.bot().checkAnswers(nl.leerkring.chat.InboundEvent.formSubmitted("ok-" + form,
                        BotHarness.channel(BotHarness.CHANNEL), "alice", form, "", Map.of("due", "12-01-2027"))), form);
            }
            // what /kring actie reads as a due date, the action form's due field reads the same way
            kring.command("alice", "actie <@bob> belt team B voor 31-02-2027");
            assertEquals(BotHarness.text("date.noSuchDay", "31-02-2027"), kring.last().text());
        }
    }

    @Test
    void answersWrongOnlyTogetherAreRefusedForTheFieldToChange() {
        try (BotHarness kring = new BotHarness(TestDatabases.h2(tmp), clock)) {
            kring.circle("alice", "bob lid");
            Map<String, String> eight = Map.of("date", "12-01-2027", "time", "19:30", "count", "8", "template", "leergroep");
            nl.leerkring.chat.InboundEvent submitted = nl.leerkring.chat.InboundEvent.formSubmitted("whole",
                    BotHarness.channel(BotHarness.CHANNEL), "alice", Planner.FORM, "", eight);
            assertEquals(Map.of(), kring.bot().checkAnswers(submitted), "each answer on its own is fine");
            assertEquals(Map.of("count", BotHarness.text("plan.tooManyForTemplate", "leergroep", 6)),
                    kring.bot().checkForm(submitted), "together, the count is what to change");
        }
    }
}
