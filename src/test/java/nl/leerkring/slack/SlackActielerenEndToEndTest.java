package nl.leerkring.slack;

import static nl.leerkring.testing.SlackChannel.buttonLabels;
import static nl.leerkring.testing.SlackChannel.field;
import static nl.leerkring.testing.SlackChannel.mentioned;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import nl.leerkring.Leerkring;
import nl.leerkring.config.Config;
import nl.leerkring.core.method.MethodFileException;
import nl.leerkring.testing.ActielerenScript;
import nl.leerkring.testing.Await;
import nl.leerkring.testing.FakeSlackApi;
import nl.leerkring.testing.FakeSlackApi.Call;
import nl.leerkring.testing.FlowTables;
import nl.leerkring.testing.SlackChannel;
import nl.leerkring.testing.SlackLimits;
import nl.leerkring.testing.SlackServer;
import nl.leerkring.testing.TestConfigs;
import nl.leerkring.testing.TestDatabases;
import nl.leerkring.testing.TestMethods;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole {@code actieleren} case discussion over Slack: the running app (Jetty, Bolt, H2 file
 * database, Quartz, delivery worker), signed requests over real HTTP into {@code /slack/events}
 * (slash commands, modal submissions, button presses, messages in the case's thread), and a
 * fake Slack Web API on loopback that gives every message its own ts and records what the bot
 * sends. Step 3's one-minute timer is 5 s here (a copy of the methods with that line changed),
 * and the real Quartz scheduler fires it.
 */
class SlackActielerenEndToEndTest {

    static final String ALICE = "UALICE";
    static final String BOB = "UBOB";
    static final String CAROL = "UCAROL";
    static final String DAVE = "UDAVE";
    static final String ERIN = "UERIN";
    static final String MALLORY = "UMALLORY";
    static final List<String> OTHERS = List.of(BOB, CAROL, DAVE, ERIN);

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
            try {
                assertEquals(List.of(), SlackLimits.violations(slack.calls()), "every block within Slack's limits");
            } finally {
                server.close();
            }
        }
    }

    @Test
    void aCompleteActielerenRunWithFiveMembers() {
        kring.startCircle(ALICE, OTHERS);

        // The case through the modal: /kring casus without arguments opens it with the command's trigger
        Call modal = kring.awaitModal(kring.command(ALICE, "casus"));
        assertEquals(List.of("title", "case", "question", "method"), SlackChannel.blockIds(modal));
        kring.submit(ALICE, modal, Map.of("title", "Wachtlijst", "case", "Een gezin wacht al maanden op hulp.",
                "question", "Wat kunnen wij nu al doen?", "method", "actieleren"));
        Call start = kring.awaitPostStarting("Wachtlijst");
        assertTrue(start.field("text").contains("<@UALICE> brengt een casus in met de methode Actieleren (9 stappen)"),
                start.field("text"));
        assertEquals("", start.threadTs(), "the start message is in the channel itself");
        String thread = start.ref();
        long flow = db.newestFlow();

        // 1 and 2: answered in the modal, so shown without buttons, and the flow is at step 3
        Call step1 = step(1);
        assertTrue(step1.field("text").contains("<@UALICE>: Een gezin wacht al maanden op hulp."), step1.field("text"));
        assertEquals(List.of(), buttonLabels(step1));
        assertTrue(step(2).field("text").contains("<@UALICE>: Wat kunnen wij nu al doen?"));

        // 3: hidden answers, a real Quartz timer (5 s here)
        Map<String, String> hidden = ActielerenScript.hiddenAnswers(OTHERS);
        Call reveal = answerHiddenAndAwaitTheTimer(thread, flow, hidden);
        for (String idea : List.of("<@UBOB>: Eén casusregisseur", "<@UBOB>: Warme overdracht", "<@UCAROL>: Vast overleg met team B",
                "<@UDAVE>: Checklist bij aanmelding", "<@UERIN>: Cliënt zelf laten kiezen")) {
            assertTrue(reveal.field("text").contains(idea), reveal.field("text"));
        }
        assertFalse(reveal.field("text").contains("wachtlijst delen"), "a refused thread reply is not an answer");

        // 4: two picked at random; one passes, one tells
        Call step4 = step(4);
        List<String> picked = mentioned(field(step4, "Aan de beurt"));
        assertEquals(2, picked.size(), field(step4, "Aan de beurt"));
        assertTrue(OTHERS.containsAll(picked), "the bringer is not picked: " + picked);
        assertTrue(buttonLabels(step4).contains("Ik pas"), buttonLabels(step4).toString());
        kring.press(picked.get(0), step4, "Ik pas");
        kring.awaitPost(c -> c.field("text").equals("<@" + picked.get(0) + "> past.") && c.threadTs().equals(thread));
        kring.reply(picked.get(1), thread, "Ik schreef op: warme overdracht, omdat het gezin dan één gezicht heeft.");

        // 5: a vote on the ideas of step 3; a member may change their vote
        Call step5 = step(5);
        assertEquals(ActielerenScript.VOTE_BUTTONS, buttonLabels(step5));
        vote(BOB, step5, "Warme overdracht");
        vote(CAROL, step5, "Checklist bij aanmelding");
        vote(CAROL, step5, "Warme overdracht");
        vote(DAVE, step5, "Warme overdracht");
        vote(ERIN, step5, "Checklist bij aanmelding");
        kring.awaitPost(c -> c.field("text").equals("Gekozen: Warme overdracht (3 stemmen)") && c.threadTs().equals(thread));

        // 6: the dialogue in the thread, until the bringer moves on
        Call step6 = step(6);
        kring.reply(BOB, thread, "Wie belt wie bij een warme overdracht?");
        kring.reply(CAROL, thread, "Het team dat het gezin al kent.");
        kring.press(ALICE, step6, "Volgende stap");

        // 7: one member sums up
        Call step7 = step(7);
        List<String> summariser = mentioned(field(step7, "Aan de beurt"));
        assertEquals(1, summariser.size());
        kring.reply(summariser.get(0), thread, "We kiezen een warme overdracht met een vaste belafspraak.");

        // 8: sharpening, moved on by the bringer
        Call step8 = step(8);
        kring.reply(ERIN, thread, "Binnen twee werkdagen na de aanmelding.");
        kring.press(ALICE, step8, "Volgende stap");

        // 9: follow-up actions, one typed in the thread and one through the "Actie toevoegen" modal
        Call step9 = step(9);
        LocalDate bobsDate = ActielerenScript.inDays(30);
        LocalDate carolsDate = ActielerenScript.inDays(45);
        kring.reply(BOB, thread, "<@UBOB> belt team B voor " + bobsDate.format(ActielerenScript.TYPED));
        kring.awaitPost(c -> c.field("text").startsWith("Actie vastgelegd: <@UBOB> — belt team B — uiterlijk"));
        Call actionModal = kring.pressAndSubmit(CAROL, step9, "Actie toevoegen",
                Map.of("owner", CAROL, "what", "maakt een belschema", "due", carolsDate.format(ActielerenScript.TYPED)));
        List<String> ownerInputs = new java.util.ArrayList<>();
        SlackChannel.view(actionModal).path("blocks").forEach(b -> {
            if (b.path("block_id").asText().equals("owner")) {
                ownerInputs.add(b.path("element").path("type").asText());
            }
        });
        assertEquals(List.of("users_select"), ownerInputs, "the owner is picked with Slack's user picker");
        kring.awaitPost(c -> c.field("text").startsWith("Actie vastgelegd: <@UCAROL> — maakt een belschema — uiterlijk"));
        assertEquals(List.of("Actie toevoegen", "Afronden"), buttonLabels(step9));
        kring.press(ALICE, step9, "Afronden");

        // The report, in the thread
        Call report = kring.awaitPostStarting("Verslag: Wachtlijst");
        assertEquals(thread, report.threadTs());
        String text = report.field("text");
        assertTrue(text.contains("De reflectievraag: Wat kunnen wij nu al doen?"), text);
        assertTrue(text.contains("Ideeën kiezen: Warme overdracht"), text);
        assertTrue(text.contains("Samenvatten: We kiezen een warme overdracht met een vaste belafspraak."), text);
        assertTrue(text.contains("<@UBOB> — belt team B — " + bobsDate.format(ActielerenScript.REPORTED)), text);
        assertTrue(text.contains("<@UCAROL> — maakt een belschema — " + carolsDate.format(ActielerenScript.REPORTED)), text);
        assertFalse(text.contains("Een gezin wacht al maanden"), "the raw case text is not in the report");

        // Every step message arrived, in order, in the case's thread
        List<Call> steps = slack.calls("chat.postMessage").stream().filter(c -> c.field("text").startsWith("Stap ")).toList();
        assertEquals(ActielerenScript.stepTitles(),
                steps.stream().map(c -> ActielerenScript.stepTitleOf(c.field("text"))).toList());
        assertTrue(steps.stream().allMatch(c -> c.threadTs().equals(thread)), "every step in the thread of the start message");

        // The database: the flow ended, the actions are there with owners and due dates
        assertEquals("ENDED", db.status(flow));
        assertEquals(List.of(new FlowTables.Action(BOB, "belt team B", bobsDate), new FlowTables.Action(CAROL, "maakt een belschema", carolsDate)),
                db.actions(flow));
    }

    /**
     * Step 3 end to end: the members answer through the modal, the Quartz trigger is in the
     * database while the step runs, nothing another member could see contains an answer before
     * the timer fires, and the answers are revealed together after it.
     *
     * @return the reveal message
     */
    private Call answerHiddenAndAwaitTheTimer(String thread, long flow, Map<String, String> hidden) {
        Call step3 = step(3);
        assertEquals(2, db.stepIndex(flow), "case and question were given, so the flow starts at step 3");
        assertEquals("nog 5 seconden", field(step3, "Tijd"));
        assertEquals(List.of(ActielerenScript.ANSWER_BUTTON, "Volgende stap", "Casus beëindigen"), buttonLabels(step3));
        assertEquals(List.of("flow-" + flow + "-step-2"), db.timerTriggers(), "the step's timer is a Quartz trigger");
        Instant deadline = db.deadline(flow);

        for (Map.Entry<String, String> answer : hidden.entrySet()) {
            int mark = kring.mark();
            Call form = kring.pressAndSubmit(answer.getKey(), step3, ActielerenScript.ANSWER_BUTTON, Map.of("text", answer.getValue()));
            assertEquals(List.of("text"), SlackChannel.blockIds(form));
            kring.awaitEphemeral(mark, answer.getKey(), "Je antwoord is bewaard");
        }
        int mark = kring.mark();
        kring.reply(ERIN, thread, "Ik zeg het gewoon hier: wachtlijst delen");
        kring.awaitEphemeral(mark, ERIN, "blijven antwoorden verborgen");
        assertEquals(2, db.stepIndex(flow), "everyone answered, but the step waits for its timer");
        assertEquals(5, db.contributions(flow, 2), "four members, five ideas");

        Call timeUp = kring.awaitPost(c -> c.field("text").equals("De tijd is om.") && c.threadTs().equals(thread));
        assertFalse(timeUp.at().isBefore(deadline), "the timer fired at its time (" + deadline + "), not before: " + timeUp.at());
        List<Call> before = slack.calls().subList(0, slack.calls().indexOf(timeUp));
        for (String line : ActielerenScript.hiddenLines()) {
            for (Call call : before) {
                assertFalse(call.form().toString().contains(line), "hidden answer '" + line + "' sent before the timer: " + call);
            }
        }
        Call reveal = kring.awaitPostStarting("De antwoorden (5)");
        assertEquals(thread, reveal.threadTs());
        assertTrue(slack.calls().indexOf(reveal) > slack.calls().indexOf(timeUp));
        Await.until(() -> db.timerTriggers().isEmpty(),
                () -> "the fired trigger is gone from qrtz_triggers: " + db.timerTriggers());
        return reveal;
    }

    @Test
    void refusalsAreExplainedPrivatelyAndChangeNothing() {
        kring.startCircle(ALICE, OTHERS);

        // an unknown method: the known ones are named, no flow is made
        int mark = kring.mark();
        kring.command(ALICE, "casus vliegen Iets");
        Call unknown = kring.awaitEphemeral(mark, ALICE, "De methode \"vliegen\" ken ik niet");
        assertTrue(unknown.field("text").contains(
                "actieleren, clinicmethode, dominante-ideeenmethode, hologrammethode, intervisie, leer-en-onderzoeksmethode, "
                + "leren-van-successen, organisatieopstellingen, probleemoplossende-methode, reconstructie, roddelmethode, "
                + "terugkoppelingsmethode, tien-stappenmethode, toetsingsmethode, u-methode, verhaalmethode, vijf-stappenmethode"),
                unknown.field("text"));
        assertEquals(0, db.count("flow_run"));

        kring.command(ALICE, "casus actieleren Overdracht in het wijkteam");
        Call start = kring.awaitPostStarting("Overdracht in het wijkteam");
        String thread = start.ref();
        long flow = db.newestFlow();
        Call step1 = step(1);

        // a member who is not the bringer, facilitator or co-host cannot move the flow on
        mark = kring.mark();
        kring.press(DAVE, step1, "Volgende stap");
        Call notSteering = kring.awaitEphemeral(mark, DAVE, "Alleen de begeleider, de co-host of de inbrenger");
        assertEquals(thread, notSteering.threadTs(), "the explanation is shown in the thread where the button was");
        kring.press(BOB, step1, "Casus beëindigen");
        kring.awaitEphemeral(mark, BOB, "Alleen de begeleider, de co-host of de inbrenger");

        // someone outside the circle writes in the thread: told privately, nothing stored
        kring.reply(MALLORY, thread, "Ik doe ook mee: de casus is dat ...");
        Call outsider = kring.awaitEphemeral(mark, MALLORY, "Je bent geen lid van deze kring");
        assertEquals(thread, outsider.threadTs());

        server.awaitDelivered();
        assertEquals(0, db.stepIndex(flow));
        assertEquals("RUNNING", db.status(flow));
        assertEquals(0, db.count("flow_contribution"));
        assertEquals(1, db.count("flow_run"));
        List<Call> publicSince = slack.calls().stream().skip(mark).filter(c -> c.method().equals("chat.postMessage")).toList();
        assertEquals(List.of(), publicSince, "refusals post nothing in the channel");

        // the bringer may: the same button moves the flow on
        kring.press(ALICE, step1, "Volgende stap");
        step(2);
        assertEquals(1, db.stepIndex(flow));
    }

    @Test
    void aBrokenMethodFileStopsStartUpNamingTheFileAndTheLine() throws IOException {
        server.stopApp();
        Path broken = TestMethods.withFile(tmp.resolve("broken-methods"), "kapot.yaml", """
                id: kapot
                name: {nl: Kapot, en: Broken}
                purpose: {nl: Een fout, en: A mistake}
                source: test
                steps:
                  - id: een
                    title: {nl: Een, en: One}
                    prompt: {nl: Iets, en: Something}
                    actor: iedereen
                    input: text
                    complete: all_answered
                """);
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Path dbFolder = tmp.resolve("db-broken");
        Config config = TestConfigs.withSlack(TestConfigs.server(TestDatabases.h2(dbFolder)), slack.apiUrl())
                .with(Map.of(TestConfigs.METHODS_DIR, broken.toString(), Config.PORT, Integer.toString(port)));

        MethodFileException e = assertThrows(MethodFileException.class, () -> Leerkring.create(config, Clock.systemUTC()));

        assertTrue(e.getMessage().contains("kapot.yaml"), e.getMessage());
        assertTrue(e.getMessage().contains("line 9"), e.getMessage());
        assertTrue(e.getMessage().contains("iedereen"), e.getMessage());
        assertFalse(Files.exists(dbFolder), "nothing was started, not even the database");
        assertThrows(IOException.class, () -> new Socket("127.0.0.1", port).close(), "no server listens");
        assertEquals(List.of(), slack.calls());
    }

    // ----------------------------------------------------------------------------------------

    private Call step(int n) {
        return kring.awaitPostStarting("Stap " + n + " van 9");
    }

    private void vote(String user, Call step, String idea) {
        int mark = kring.mark();
        kring.press(user, step, idea);
        kring.awaitEphemeral(mark, user, "Je stem is geteld");
    }
}
