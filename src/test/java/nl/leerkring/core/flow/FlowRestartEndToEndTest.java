package nl.leerkring.core.flow;

import static nl.leerkring.testing.SlackChannel.field;
import static nl.leerkring.testing.SlackChannel.mentioned;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import nl.leerkring.store.Database;
import nl.leerkring.testing.ActielerenScript;
import nl.leerkring.testing.Await;
import nl.leerkring.testing.FakeSlackApi;
import nl.leerkring.testing.FakeSlackApi.Call;
import nl.leerkring.testing.FlowTables;
import nl.leerkring.testing.FlowTables.Contribution;
import nl.leerkring.testing.SlackChannel;
import nl.leerkring.testing.SlackServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A case discussion survives a server restart: the whole app is stopped ({@code close()}) in the
 * middle of a flow and a new one is started on the same H2 file and the same (fake) Slack; the
 * members carry on in the same thread, with the buttons of messages from before the restart.
 */
class FlowRestartEndToEndTest {

    private static final String ALICE = "UALICE";
    private static final String BOB = "UBOB";
    private static final String CAROL = "UCAROL";
    private static final String DAVE = "UDAVE";
    private static final String ERIN = "UERIN";
    private static final List<String> OTHERS = List.of(BOB, CAROL, DAVE, ERIN);

    @TempDir
    Path tmp;

    private SlackServer server;
    private FakeSlackApi slack;
    private SlackChannel kring;
    private FlowTables db;

    @BeforeEach
    void start() {
        server = SlackServer.startForCases(tmp);
        slack = server.api();
        kring = server.channel("CKRING");
        db = server.db();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aFlowStoppedInTheMiddleOfStepSixContinuesThereWithNothingLost() {
        String thread = startCase("Wachtlijst");
        long flow = db.newestFlow();
        Call step3 = step(3);
        for (String member : OTHERS) {
            answerPrivately(member, "Idee van " + member);
        }
        kring.press(ALICE, step3, "Volgende stap"); // the bringer closes step 3 before its timer
        kring.awaitPostStarting("De antwoorden (4)");
        Call step4 = step(4);
        for (String picked : mentioned(field(step4, "Aan de beurt"))) {
            kring.press(picked, step4, "Ik pas");
        }
        Call step5 = step(5);
        for (String member : OTHERS) {
            int mark = kring.mark();
            kring.press(member, step5, "Idee van UBOB");
            kring.awaitEphemeral(mark, member, "Je stem is geteld");
        }
        kring.awaitPost(c -> c.field("text").equals("Gekozen: Idee van UBOB (4 stemmen)"));
        Call step6 = step(6);
        kring.reply(BOB, thread, "Wie belt wie?");
        kring.reply(CAROL, thread, "Het team dat het gezin al kent.");
        server.awaitDelivered();
        assertEquals(5, db.stepIndex(flow));
        List<Contribution> before = db.contributionRows(flow);
        assertEquals(List.of(new Contribution(5, BOB, "ANSWER", "Wie belt wie?"),
                new Contribution(5, CAROL, "ANSWER", "Het team dat het gezin al kent.")), db.contributionRows(flow, 5));

        server.restart(); // the whole app stops; a new one starts on the same H2 file and the same fake Slack

        assertEquals("RUNNING", db.status(flow));
        assertEquals(5, db.stepIndex(flow), "still in step 6");
        assertEquals(before, db.contributionRows(flow), "everything said before the restart is still there");
        kring.reply(DAVE, thread, "Ik kan morgen bellen.");
        kring.reply(ERIN, thread, "Dan schrijf ik het op.");
        assertEquals(List.of(new Contribution(5, BOB, "ANSWER", "Wie belt wie?"),
                new Contribution(5, CAROL, "ANSWER", "Het team dat het gezin al kent."),
                new Contribution(5, DAVE, "ANSWER", "Ik kan morgen bellen."),
                new Contribution(5, ERIN, "ANSWER", "Dan schrijf ik het op.")), db.contributionRows(flow, 5),
                "the thread messages after the restart are recorded in step 6, after those from before");
        kring.press(ALICE, step6, "Volgende stap"); // the button of the message posted before the restart
        Call step7 = step(7);
        assertEquals(thread, step7.threadTs(), "the flow carries on in the same thread");
        assertEquals(6, db.stepIndex(flow));

        // and on to the end: the report holds what was decided before the restart
        kring.reply(mentioned(field(step7, "Aan de beurt")).get(0), thread, "We bellen binnen twee dagen.");
        kring.press(ALICE, step(8), "Volgende stap");
        Call step9 = step(9);
        String due = ActielerenScript.inDays(14).format(ActielerenScript.TYPED);
        kring.reply(DAVE, thread, "<@UDAVE> belt het gezin voor " + due);
        kring.awaitPost(c -> c.field("text").startsWith("Actie vastgelegd: <@UDAVE>"));
        kring.press(ALICE, step9, "Afronden");
        String report = kring.awaitPostStarting("Verslag: Wachtlijst").field("text");
        assertTrue(report.contains("De reflectievraag: Wat kunnen wij nu al doen?"), report);
        assertTrue(report.contains("Ideeën kiezen: Idee van UBOB"), report);
        assertTrue(report.contains("Samenvatten: We bellen binnen twee dagen."), report);
        assertTrue(db.contributionRows(flow).containsAll(before));
        assertEquals(List.of("Stap 1", "Stap 2", "Stap 3", "Stap 4", "Stap 5", "Stap 6", "Stap 7", "Stap 8", "Stap 9"),
                slack.calls("chat.postMessage").stream().map(c -> c.field("text")).filter(t -> t.startsWith("Stap "))
                        .map(t -> t.substring(0, 6)).toList(),
                "each step posted once: nothing was sent again after the restart");
    }

    @Test
    void aStepTimerSetBeforeARestartFiresAfterItAtItsTime() {
        String thread = startCase("Timer over een herstart");
        long flow = db.newestFlow();
        step(3);
        answerPrivately(BOB, "Idee van Bob");
        assertEquals(List.of("flow-" + flow + "-step-2"), db.timerTriggers());
        Instant deadline = db.deadline(flow);

        server.stopApp();
        try (Database stopped = Database.open(server.database().url(), "", "")) {
            assertEquals(List.of("flow-" + flow + "-step-2 WAITING"), new FlowTables(stopped).timerTriggerStates(),
                    "the stopped server handed back the trigger Quartz had taken ahead of time");
        }
        server.startAgain();

        // the trigger is in Quartz's tables, so the new app's scheduler fires it (at its time, or
        // at once if the restart took longer than the timer)
        Call timeUp = kring.awaitPost(c -> c.field("text").equals("De tijd is om.") && c.threadTs().equals(thread));
        assertFalse(timeUp.at().isBefore(deadline), "fired at " + timeUp.at() + ", before its deadline " + deadline);
        assertTrue(timeUp.at().isBefore(deadline.plusSeconds(5)), "fired at " + timeUp.at() + ", long after its deadline " + deadline
                + " (or the restart was that slow)");
        Call reveal = kring.awaitPostStarting("De antwoorden (1)");
        assertTrue(reveal.field("text").contains("<@UBOB>: Idee van Bob"), reveal.field("text"));
        assertTrue(slack.calls().indexOf(reveal) > slack.calls().indexOf(timeUp));
        step(4);
        assertEquals(3, db.stepIndex(flow));
        Await.until(() -> db.timerTriggers().isEmpty(), () -> "trigger gone: " + db.timerTriggers());
    }

    // ----------------------------------------------------------------------------------------

    /** A circle of five; alice brings a case with {@code /kring casus actieleren} and writes case and question in the thread. */
    private String startCase(String title) {
        kring.startCircle(ALICE, OTHERS);
        kring.command(ALICE, "casus actieleren " + title);
        String thread = kring.awaitPostStarting(title).ref();
        step(1);
        kring.reply(ALICE, thread, "Een gezin wacht al maanden op hulp.");
        step(2);
        kring.reply(ALICE, thread, "Wat kunnen wij nu al doen?");
        return thread;
    }

    /** {@code /kring antwoord} in the channel: a hidden answer, confirmed only to its author. */
    private void answerPrivately(String member, String answer) {
        int mark = kring.mark();
        kring.command(member, "antwoord " + answer);
        kring.awaitEphemeral(mark, member, "Je antwoord is bewaard");
    }

    private Call step(int n) {
        return kring.awaitPostStarting("Stap " + n + " van 9");
    }
}
