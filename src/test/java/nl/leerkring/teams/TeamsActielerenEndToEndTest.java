package nl.leerkring.teams;

import static nl.leerkring.teams.TeamsChannel.actionTitles;
import static nl.leerkring.teams.TeamsChannel.fact;
import static nl.leerkring.teams.TeamsChannel.shown;
import static nl.leerkring.teams.TeamsChannel.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import nl.leerkring.testing.ActielerenScript;
import nl.leerkring.testing.Await;
import nl.leerkring.testing.FlowTables;
import nl.leerkring.testing.TestConfigs;
import nl.leerkring.testing.TestDatabases;
import nl.leerkring.testing.TestMethods;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same {@code actieleren} run as over Slack, through the Teams door: Bot Framework
 * activities over real HTTP into {@code /api/messages} (the real SDK adapter, Jetty, H2 file,
 * Quartz, delivery worker), and a fake Bot Connector on loopback. Private answers (forms,
 * confirmations) go to 1:1 chats the connector creates, and the forms are submitted from there;
 * the flow lives in the thread under its start card ({@code <channel>;messageid=<id>}).
 */
class TeamsActielerenEndToEndTest {

    static final String ALICE = "29:1alice";
    static final String BOB = "29:1bob";
    static final String CAROL = "29:1carol";
    static final String DAVE = "29:1dave";
    static final String ERIN = "29:1erin";
    static final List<String> OTHERS = List.of(BOB, CAROL, DAVE, ERIN);
    static final String CHANNEL = "19:leerkring-channel@thread.tacv2";

    @TempDir
    Path tmp;

    private TeamsServer server;
    private FakeConnector connector;
    private TeamsChannel kring;
    private FlowTables db;

    @BeforeEach
    void start() {
        server = TeamsServer.start(TestConfigs.withMethods(TestConfigs.server(TestDatabases.h2(tmp.resolve("db"))),
                TestMethods.actielerenWithShortTimer(tmp.resolve("methods"))), Clock.systemUTC());
        connector = server.connector();
        kring = server.channel(CHANNEL);
        db = new FlowTables(server.app().database());
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aCompleteActielerenRunWithFiveMembers() {
        kring.startCircle(ALICE, OTHERS);

        // "kring casus" without arguments: a form card in alice's 1:1 chat, submitted from there
        int mark = kring.mark();
        kring.command(ALICE, "casus");
        FakeConnector.Call startForm = kring.awaitPrivate(mark, ALICE, TeamsChannel::isForm);
        assertEquals(List.of("title", "case", "question", "method"), TeamsChannel.inputIds(startForm));
        kring.submit(ALICE, startForm, Map.of("title", "Wachtlijst", "case", "Een gezin wacht al maanden op hulp.",
                "question", "Wat kunnen wij nu al doen?", "method", "actieleren"));
        FakeConnector.Call start = kring.awaitPostStarting("Wachtlijst");
        assertEquals(CHANNEL, start.conversation(), "the start card is in the channel itself");
        assertTrue(text(start).contains("@Alice brengt een casus in met de methode Actieleren (9 stappen)"), text(start));
        String thread = start.answeredId();
        String inThread = CHANNEL + ";messageid=" + thread;
        long flow = db.newestFlow();

        // 1 and 2 were answered in the form; the flow is at step 3
        assertTrue(text(step(1)).contains("@Alice: Een gezin wacht al maanden op hulp."));
        assertEquals(List.of(), actionTitles(step(1)));
        assertTrue(text(step(2)).contains("@Alice: Wat kunnen wij nu al doen?"));

        // 3: hidden answers through the answer form in each member's 1:1 chat, a real Quartz timer (5 s)
        FakeConnector.Call step3 = step(3);
        assertEquals(2, db.stepIndex(flow));
        assertEquals("nog 5 seconden", fact(step3, "Tijd"));
        assertEquals(List.of("flow-" + flow + "-step-2"), db.timerTriggers());
        Map<String, String> hidden = ActielerenScript.hiddenAnswers(OTHERS);
        for (Map.Entry<String, String> answer : hidden.entrySet()) {
            mark = kring.mark();
            FakeConnector.Call form = kring.pressAndSubmit(answer.getKey(), step3, ActielerenScript.ANSWER_BUTTON, Map.of("text", answer.getValue()));
            assertEquals(List.of("text"), TeamsChannel.inputIds(form));
            kring.awaitPrivate(mark, answer.getKey(), "Je antwoord is bewaard");
        }
        assertEquals(2, db.stepIndex(flow), "everyone answered, but the step waits for its timer");
        assertEquals(5, db.contributions(flow, 2));

        FakeConnector.Call timeUp = kring.awaitPost(c -> text(c).equals("De tijd is om.") && c.conversation().equals(inThread));
        List<FakeConnector.Call> before = connector.calls().subList(0, connector.calls().indexOf(timeUp));
        for (String line : ActielerenScript.hiddenLines()) {
            for (FakeConnector.Call call : before) {
                assertFalse(TeamsChannel.decodedBody(call).contains(line), "hidden answer '" + line + "' posted before the timer: " + call);
            }
        }
        FakeConnector.Call reveal = kring.awaitPostStarting("De antwoorden (5)");
        assertEquals(inThread, reveal.conversation());
        for (String idea : List.of("@Bob: Eén casusregisseur", "@Bob: Warme overdracht", "@Carol: Vast overleg met team B",
                "@Dave: Checklist bij aanmelding", "@Erin: Cliënt zelf laten kiezen")) {
            assertTrue(text(reveal).contains(idea), text(reveal));
        }
        Await.until(() -> db.timerTriggers().isEmpty(), () -> "trigger gone: " + db.timerTriggers());

        // 4: two picked; one passes, one tells in the thread
        FakeConnector.Call step4 = step(4);
        List<String> picked = OTHERS.stream().filter(u -> fact(step4, "Aan de beurt").contains(shown(u))).toList();
        assertEquals(2, picked.size(), fact(step4, "Aan de beurt"));
        kring.press(picked.get(0), step4, "Ik pas");
        kring.awaitPost(c -> text(c).equals(shown(picked.get(0)) + " past."));
        kring.reply(picked.get(1), thread, "Ik schreef op: warme overdracht, omdat het gezin dan één gezicht heeft.");

        // 5: the vote
        FakeConnector.Call step5 = step(5);
        // Seven choices do not fit Teams' six buttons: the five ideas are a pick list with one
        // submit button, moving on and ending stay buttons, every label whole.
        List<String> ideas = ActielerenScript.VOTE_BUTTONS.subList(0, 5);
        assertEquals(ideas, TeamsChannel.pickTitles(step5));
        assertEquals(List.of("Kiezen", "Volgende stap", "Casus beëindigen"), actionTitles(step5));
        assertEquals(ActielerenScript.VOTE_BUTTONS.subList(5, 7), actionTitles(step5).subList(1, 3));
        vote(BOB, step5, "Warme overdracht");
        vote(CAROL, step5, "Checklist bij aanmelding");
        vote(CAROL, step5, "Warme overdracht");
        vote(DAVE, step5, "Warme overdracht");
        vote(ERIN, step5, "Checklist bij aanmelding");
        kring.awaitPost(c -> text(c).equals("Gekozen: Warme overdracht (3 stemmen)") && c.conversation().equals(inThread));

        // 6: the dialogue in the thread; a member cannot move on, the bringer can
        FakeConnector.Call step6 = step(6);
        kring.reply(BOB, thread, "Wie belt wie bij een warme overdracht?");
        kring.reply(CAROL, thread, "Het team dat het gezin al kent.");
        mark = kring.mark();
        kring.press(DAVE, step6, "Volgende stap");
        kring.awaitPrivate(mark, DAVE, "Alleen de begeleider, de co-host of de inbrenger");
        assertEquals(5, db.stepIndex(flow));
        kring.press(ALICE, step6, "Volgende stap");

        // 7: one member sums up
        FakeConnector.Call step7 = step(7);
        String summariser = OTHERS.stream().filter(u -> fact(step7, "Aan de beurt").equals(shown(u))).findFirst().orElseThrow();
        kring.reply(summariser, thread, "We kiezen een warme overdracht met een vaste belafspraak.");

        // 8: sharpening
        FakeConnector.Call step8 = step(8);
        kring.reply(ERIN, thread, "Binnen twee werkdagen na de aanmelding.");
        kring.press(ALICE, step8, "Volgende stap");

        // 9: actions, one typed in the thread (with a Teams mention), one through the form
        FakeConnector.Call step9 = step(9);
        LocalDate bobsDate = ActielerenScript.inDays(30);
        LocalDate carolsDate = ActielerenScript.inDays(45);
        kring.reply(BOB, thread, "<@" + BOB + "> belt team B voor " + bobsDate.format(ActielerenScript.TYPED));
        kring.awaitPost(c -> text(c).startsWith("Actie vastgelegd: @Bob — belt team B — uiterlijk"));
        kring.pressAndSubmit(CAROL, step9, "Actie toevoegen",
                Map.of("owner", CAROL, "what", "maakt een belschema", "due", carolsDate.format(ActielerenScript.TYPED)));
        kring.awaitPost(c -> text(c).startsWith("Actie vastgelegd: @Carol — maakt een belschema — uiterlijk"));
        kring.press(ALICE, step9, "Afronden");

        // the report, in the thread
        FakeConnector.Call report = kring.awaitPostStarting("Verslag: Wachtlijst");
        assertEquals(inThread, report.conversation());
        String reported = text(report);
        assertTrue(reported.contains("De reflectievraag: Wat kunnen wij nu al doen?"), reported);
        assertTrue(reported.contains("Ideeën kiezen: Warme overdracht"), reported);
        assertTrue(reported.contains("Samenvatten: We kiezen een warme overdracht met een vaste belafspraak."), reported);
        assertTrue(reported.contains("@Bob — belt team B — " + bobsDate.format(ActielerenScript.REPORTED)), reported);
        assertTrue(reported.contains("@Carol — maakt een belschema — " + carolsDate.format(ActielerenScript.REPORTED)), reported);

        // every step card, in order, in the case's thread
        List<FakeConnector.Call> steps = connector.posts().stream().filter(c -> text(c).startsWith("Stap ")).toList();
        assertEquals(ActielerenScript.stepTitles(),
                steps.stream().map(c -> ActielerenScript.stepTitleOf(text(c))).toList());
        assertTrue(steps.stream().allMatch(c -> c.conversation().equals(inThread)), "every step in the thread of the start card");

        // every card of the run fits Teams: at most six buttons, well under the 28 KB a message may have
        List<FakeConnector.Call> sent = new java.util.ArrayList<>(connector.posts());
        sent.addAll(connector.updates());
        assertTrue(sent.size() > 30, sent.size() + " messages");
        for (FakeConnector.Call call : sent) {
            assertTrue(actionTitles(call).size() <= AdaptiveCards.MAX_ACTIONS, actionTitles(call) + " on " + text(call));
            assertTrue(call.body().getBytes(java.nio.charset.StandardCharsets.UTF_8).length < 28 * 1024, text(call));
        }
        System.out.printf("Teams actieleren run: %d messages, most buttons %d, largest %d bytes%n", sent.size(),
                sent.stream().mapToInt(c -> actionTitles(c).size()).max().orElse(0),
                sent.stream().mapToInt(c -> c.body().getBytes(java.nio.charset.StandardCharsets.UTF_8).length).max().orElse(0));

        assertEquals("ENDED", db.status(flow));
        assertEquals(List.of(new FlowTables.Action(BOB, "belt team B", bobsDate),
                new FlowTables.Action(CAROL, "maakt een belschema", carolsDate)), db.actions(flow));
    }

    /**
     * A button on a private card counts in the channel it was sent for, and only for the user it
     * was sent to: the same card id submitted from someone else's 1:1 chat is not moved there.
     */
    @Test
    void aPressInA1to1ChatActsInTheChannelOfItsCardOnlyForItsAddressee() {
        kring.startCircle(ALICE, List.of(BOB));
        int mark = kring.mark();
        kring.command(ALICE, "casus vliegen Iets");
        FakeConnector.Call unknown = kring.awaitPrivate(mark, ALICE, "De methode \"vliegen\" ken ik niet");
        assertEquals(List.of("Formulier openen"), actionTitles(unknown));

        mark = kring.mark();
        kring.pressFrom(BOB, FakeConnector.privateChatId(BOB), unknown, "Formulier openen");
        kring.awaitPrivate(mark, BOB, "Dit kanaal is nog geen leerkring");

        mark = kring.mark();
        kring.press(ALICE, unknown, "Formulier openen");
        FakeConnector.Call form = kring.awaitPrivate(mark, ALICE, TeamsChannel::isForm);
        assertEquals("Een casus inbrengen", text(form));
        assertEquals(1, db.count("circle"), "no 1:1 chat became a circle");
        assertEquals(0, db.count("flow_run"));
    }

    private FakeConnector.Call step(int n) {
        return kring.awaitPostStarting("Stap " + n + " van 9");
    }

    private void vote(String user, FakeConnector.Call step, String idea) {
        int mark = kring.mark();
        kring.press(user, step, idea);
        kring.awaitPrivate(mark, user, "Je stem is geteld");
    }
}
