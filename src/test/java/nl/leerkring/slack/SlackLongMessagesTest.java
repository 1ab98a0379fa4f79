package nl.leerkring.slack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import nl.leerkring.testing.FakeSlackApi;
import nl.leerkring.testing.FakeSlackApi.Call;
import nl.leerkring.testing.SlackChannel;
import nl.leerkring.testing.SlackLimits;
import nl.leerkring.testing.SlackServer;
import nl.leerkring.testing.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Long and hostile text over the real Slack door: what reaches the fake Web API is complete,
 * in order and within Slack's Block Kit limits ({@link SlackLimits}), and what people typed is
 * shown as text.
 */
class SlackLongMessagesTest {

    private static final String ALICE = "UALICE";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path tmp;
    private SlackServer server;
    private FakeSlackApi slack;
    private SlackChannel kring;

    private TestDatabases.TestDatabase db;

    @BeforeEach
    void start() {
        start("h2");
    }

    /** The app on a fresh database of this kind (a test that runs on both starts it again). */
    private void start(String kind) {
        if (server != null) {
            server.close();
        }
        db = TestDatabases.of(kind, tmp.resolve("db-" + kind));
        server = SlackServer.start(tmp, Clock.systemUTC(), db);
        slack = server.api();
        kring = server.channel("CKRING");
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        TestDatabases.dropIfPostgres(db);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void aRevealOfTwentyFiveAnswersOfTwoThousandCharactersArrivesCompleteInOrderInValidBlocks(String kind) {
        if (!kind.equals("h2")) {
            start(kind);
        }
        int count = 25;
        List<String> members = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            members.add("UM" + i);
        }
        kring.startCircle(ALICE, members);
        kring.command(ALICE, "casus actieleren Wachtlijst");
        String thread = kring.awaitPostStarting("Wachtlijst").ref();
        kring.awaitPostStarting("Stap 1 van 9");
        kring.reply(ALICE, thread, "Een gezin wacht al maanden op hulp.");
        kring.awaitPostStarting("Stap 2 van 9");
        kring.reply(ALICE, thread, "Wat kunnen wij nu al doen?");
        Call step3 = kring.awaitPostStarting("Stap 3 van 9");

        List<String> answers = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            // one line of exactly 2,000 characters: the most an answer may be
            String answer = "begin%02d".formatted(i) + " woord".repeat(331) + " eind%02d".formatted(i);
            assertEquals(2000, answer.length());
            answers.add(answer);
            int mark = kring.mark();
            kring.command(members.get(i), "antwoord " + answer);
            kring.awaitEphemeral(mark, members.get(i), "Je antwoord is bewaard");
        }
        kring.press(ALICE, step3, "Volgende stap");
        kring.awaitPostStarting("Stap 4 van 9");
        server.awaitDelivered();

        // the reveal: every message from "De antwoorden (25)" up to step 4, in the case's thread
        List<Call> posts = slack.calls("chat.postMessage");
        int first = indexOf(posts, "De antwoorden (" + count + ")");
        int next = indexOf(posts, "Stap 4 van 9");
        List<Call> reveal = posts.subList(first, next);
        StringBuilder shown = new StringBuilder();
        int sections = 0;
        for (Call part : reveal) {
            assertEquals(thread, part.threadTs(), "every part in the case's thread");
            for (JsonNode block : json(part.field("blocks"))) {
                if (block.path("type").asText().equals("section")) {
                    shown.append(block.path("text").path("text").asText()).append('\n');
                    sections++;
                }
            }
        }
        String text = shown.toString();
        int at = 0;
        for (int i = 0; i < count; i++) {
            String line = "• <@" + members.get(i) + ">: " + answers.get(i);
            int found = text.indexOf(line, at);
            assertTrue(found >= at, "answer " + i + " complete, with its mention, after answer " + (i - 1));
            at = found + line.length();
        }
        assertTrue(sections >= 17, "50,000 characters need at least 17 sections of 3,000: " + sections);
        assertEquals(List.of(), SlackLimits.violations(slack.calls()));
    }

    @Test
    void typedMarkupInATitleAndAnAnswerIsShownLiterallyWhileTheBotsMentionsStay() {
        kring.startCircle(ALICE, List.of("UBOB"));
        Call modal = kring.awaitModal(kring.command(ALICE, "casus"));
        String hostile = "<https://x|y> <@U9> a & b";
        kring.submit(ALICE, modal, Map.of("title", hostile, "case", "Wie <@U0ZED> belt <https://phish.example/login|Klik hier>?",
                "question", "Wat nu?", "method", "actieleren"));

        String literal = "&lt;https://x|y&gt; &lt;@U9&gt; a &amp; b";
        Call start = kring.awaitPost(c -> c.field("text").startsWith(literal));
        assertTrue(start.field("text").contains("<@UALICE>"), "the bot's mention of the bringer stays a mention: " + start.field("text"));
        assertTrue(shown(start).contains("*" + literal + "*\n<@UALICE> brengt een casus in"), shown(start));
        Call step1 = kring.awaitPostStarting("Stap 1 van 9");
        assertTrue(step1.field("text").contains("Wie &lt;@U0ZED&gt; belt &lt;https://phish.example/login|Klik hier&gt;?"),
                step1.field("text"));
        server.awaitDelivered();
        for (Call call : slack.chatCalls()) {
            String sent = shown(call);
            assertFalse(sent.contains("<https://x|y>") || sent.contains("<@U9>") || sent.contains("<@U0ZED>")
                    || sent.contains("<https://phish"), "typed markup reached Slack as markup: " + sent);
            assertFalse(sent.contains(" a & b"), "a bare & reached Slack: " + sent);
        }
    }

    @Test
    void helpAndACaseRunInDutchAndEnglishStayWithinSlacksLimits() {
        kring.command(ALICE, "help");
        kring.startCircle(ALICE, List.of("UBOB", "UCAROL"));
        kring.command(ALICE, "help");
        runACase("Stap", "Volgende stap", "Afronden", "Verslag:");
        kring.command(ALICE, "taal en");
        kring.awaitPost(c -> c.field("text").contains("English"));
        kring.command(ALICE, "help");
        runACase("Step", "Next step", "Finish", "Report:");
        server.awaitDelivered();
        assertTrue(slack.calls().stream().filter(c -> c.content().contains("Leerkring:")).count() >= 3, "three helps shown");
        assertEquals(List.of(), SlackLimits.violations(slack.calls()));
    }

    /**
     * Thirty follow-up actions of about 900 characters each in step 9: they are all kept, the
     * case ends, and its report (over 27,000 characters) reaches the thread complete, split over
     * as many messages as Slack needs, every one of them within Slack's limits.
     */
    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void aReportWithThirtyLongActionItemsGoesThroughSplitAsSlackNeeds(String kind) {
        if (!kind.equals("h2")) {
            start(kind);
        }
        kring.startCircle(ALICE, List.of("UBOB", "UCAROL"));
        int mark = kring.mark();
        kring.command(ALICE, "casus actieleren Dertig afspraken");
        String thread = kring.awaitPost(c -> slack.calls().indexOf(c) >= mark && c.field("text").startsWith("Dertig afspraken")).ref();
        List<String> tasks = new ArrayList<>();
        for (int n = 1; n <= 9; n++) {
            int stepNumber = n;
            Call stepCall = kring.awaitPost(c -> slack.calls().indexOf(c) >= mark
                    && c.field("text").startsWith("Stap " + stepNumber + " "));
            if (n <= 2) {
                kring.reply(ALICE, thread, "Kort antwoord in stap " + n);
                continue;
            }
            if (n == 3) {
                kring.command("UBOB", "antwoord eerste idee");
                kring.command("UCAROL", "antwoord tweede idee");
            }
            if (n == 5) {
                kring.press("UBOB", stepCall, "eerste idee");
            }
            if (n == 9) {
                for (int a = 0; a < 30; a++) {
                    String task = "afspraak%02d ".formatted(a) + "belt de wijkteams en legt het plan uit ".repeat(22).strip();
                    tasks.add(task);
                    kring.reply("UBOB", thread, "<@UCAROL> " + task + " voor 12-06-2027");
                }
                server.awaitDelivered();
                assertEquals(30, server.db().count("action_item"), () -> "every action kept; the bot said: "
                        + slack.calls().stream().skip(Math.max(0, slack.calls().size() - 4)).map(SlackLongMessagesTest::shown).toList());
            }
            kring.press(ALICE, stepCall, n == 9 ? "Afronden" : "Volgende stap");
        }
        kring.awaitPost(c -> slack.calls().indexOf(c) >= mark && c.field("text").startsWith("Verslag:"));
        server.awaitDelivered();

        List<Call> posts = slack.calls("chat.postMessage");
        int first = indexOf(posts, "Verslag:");
        String report = posts.subList(first, posts.size()).stream()
                .filter(c -> thread.equals(c.threadTs()) || c.field("text").startsWith("Verslag:"))
                .map(SlackLongMessagesTest::shown).reduce("", String::concat);
        for (String task : tasks) {
            assertTrue(report.contains(task), "the report holds " + task.substring(0, 11));
        }
        assertTrue(report.length() > 27_000, "the whole report: " + report.length());
        assertEquals(List.of(), SlackLimits.violations(slack.calls()));
    }

    /** A whole actieleren case: the bringer answers the first steps, the others answer, and the bringer moves it on to the report. */
    private void runACase(String step, String next, String finish, String report) {
        int mark = kring.mark();
        kring.command(ALICE, "casus actieleren " + "Lange titel ".repeat(5).strip());
        String thread = kring.awaitPost(c -> slack.calls().indexOf(c) >= mark && c.field("text").startsWith("Lange titel")).ref();
        for (int n = 1; n <= 9; n++) {
            int stepNumber = n;
            Call stepCall = kring.awaitPost(c -> slack.calls().indexOf(c) >= mark
                    && c.field("text").startsWith(step + " " + stepNumber + " "));
            if (n <= 2) {
                kring.reply(ALICE, thread, "Lang antwoord " + "met veel woorden ".repeat(100));
                continue;
            }
            if (n == 3) {
                kring.command("UBOB", "antwoord " + "Een idee dat lang is ".repeat(90));
                kring.command("UCAROL", "antwoord kort idee");
            }
            if (n == 5) {
                // a member votes (the bringer does not), so the vote has a winner and no tie to settle
                kring.press("UBOB", stepCall, "kort idee");
            }
            kring.press(ALICE, stepCall, n == 9 ? finish : next);
        }
        kring.awaitPost(c -> slack.calls().indexOf(c) >= mark && c.field("text").startsWith(report));
    }

    /** The notification text and the text of every block, as Slack reads them (the JSON decoded). */
    private static String shown(Call call) {
        StringBuilder sb = new StringBuilder(call.field("text"));
        for (JsonNode block : json(call.field("blocks").isEmpty() ? "[]" : call.field("blocks"))) {
            sb.append('\n').append(block.path("text").path("text").asText());
            block.path("fields").forEach(f -> sb.append('\n').append(f.path("text").asText()));
            block.path("elements").forEach(e -> sb.append('\n').append(e.path("text").isTextual()
                    ? e.path("text").asText() : e.path("text").path("text").asText()));
        }
        return sb.toString();
    }

    private static int indexOf(List<Call> calls, String prefix) {
        for (int i = 0; i < calls.size(); i++) {
            if (calls.get(i).field("text").startsWith(prefix)) {
                return i;
            }
        }
        throw new AssertionError("no message starting with " + prefix);
    }

    private static JsonNode json(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
