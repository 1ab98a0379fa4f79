package nl.leerkring.teams;

import static nl.leerkring.teams.TeamsChannel.fact;
import static nl.leerkring.teams.TeamsChannel.shown;
import static nl.leerkring.teams.TeamsChannel.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import nl.leerkring.testing.ActielerenScript;
import nl.leerkring.testing.Await;
import nl.leerkring.testing.FlowTables;
import nl.leerkring.testing.Rows;
import nl.leerkring.testing.TestConfigs;
import nl.leerkring.testing.TestDatabases;
import nl.leerkring.testing.TestMethods;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Teams group chat, which has no reply chains: a case runs there flat (every step a new
 * message in the chat itself, never under {@code ;messageid=}) and members answer by writing in
 * the chat without mentioning the bot, as Teams delivers group chat messages with the
 * {@code ChatMessage.Read.Chat} permission: {@code conversation.conversationType} {@code groupChat},
 * {@code isGroup} true, a {@code 19:…@thread.v2} id, {@code channelData} with only the tenant, and
 * the bot's mention as {@code <at>Leerkring</at>} with its {@code mention} entity. Activities over
 * real HTTP into {@code /api/messages}, a fake Bot Connector on loopback.
 */
class TeamsGroupChatTest {

    static final String ALICE = "29:1alice";
    static final String BOB = "29:1bob";
    static final String CAROL = "29:1carol";
    static final String DAVE = "29:1dave";
    static final String ERIN = "29:1erin";
    static final List<String> OTHERS = List.of(BOB, CAROL, DAVE, ERIN);
    static final String CHAT = "19:5c8a2f0e7d0b4f6aa1e3c9d7b2f4e6a8@thread.v2";

    @TempDir
    Path tmp;

    private TeamsServer server;
    private FakeConnector connector;
    private TeamsChannel chat;
    private FlowTables db;

    @BeforeEach
    void start() {
        server = TeamsServer.start(TestConfigs.withMethods(TestConfigs.server(TestDatabases.h2(tmp.resolve("db"))),
                // step 3's timer far off: the facilitator moves on once everyone answered, however slow the machine
                TestMethods.withTimer(tmp.resolve("methods"), "actieleren", "antwoorden", "30m")), Clock.systemUTC());
        connector = server.connector();
        chat = server.groupChat(CHAT);
        db = new FlowTables(server.app().database());
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aCaseDiscussionRunsFlatInAGroupChatWithAnswersWrittenInTheChat() {
        ObjectNode shape = chat.activity(ALICE, CHAT, "groupChat", "<@" + TeamsChannel.BOT + "> kring help");
        assertEquals("<at>Leerkring</at> kring help", shape.path("text").asText(), "as Teams delivers it in a group chat");
        assertEquals("groupChat", shape.path("conversation").path("conversationType").asText());
        assertTrue(shape.path("conversation").path("isGroup").asBoolean());
        assertFalse(shape.path("channelData").has("channel"), "a group chat is no channel: " + shape.path("channelData"));
        assertEquals("Leerkring", shape.path("entities").path(0).path("mentioned").path("name").asText());

        chat.startCircle(ALICE, OTHERS);
        chat.command(ALICE, "casus actieleren Wachtlijst");
        FakeConnector.Call start = chat.awaitPostStarting("Wachtlijst");
        assertTrue(text(start).contains("We werken hier in de chat: elke stap komt als nieuw bericht"), text(start));
        long flow = db.newestFlow();

        // 1 and 2: the bringer writes in the chat, no mention, no thread
        assertTrue(text(step(1)).contains("Antwoord hier in de chat."), text(step(1)));
        chat.say(ALICE, "Een gezin wacht al maanden op hulp.");
        step(2);
        chat.say(ALICE, "Wat kunnen wij nu al doen?");

        // 3: hidden answers through the answer form in each member's 1:1 chat, revealed when the facilitator moves on
        FakeConnector.Call step3 = step(3);
        assertEquals(List.of(new FlowTables.Contribution(0, ALICE, "ANSWER", "Een gezin wacht al maanden op hulp.")),
                db.contributionRows(flow, 0), "step 1 closed on what was written in the chat");
        for (Map.Entry<String, String> answer : ActielerenScript.hiddenAnswers(OTHERS).entrySet()) {
            int mark = chat.mark();
            chat.pressAndSubmit(answer.getKey(), step3, ActielerenScript.ANSWER_BUTTON, Map.of("text", answer.getValue()));
            chat.awaitPrivate(mark, answer.getKey(), "Je antwoord is bewaard");
        }
        chat.press(ALICE, step3, "Volgende stap");
        FakeConnector.Call reveal = chat.awaitPostStarting("De antwoorden (5)");
        assertTrue(text(reveal).contains("@Erin: Cliënt zelf laten kiezen"), text(reveal));

        // 4: two picked; one passes, the other tells in the chat
        FakeConnector.Call step4 = step(4);
        List<String> picked = OTHERS.stream().filter(u -> fact(step4, "Aan de beurt").contains(shown(u))).toList();
        assertEquals(2, picked.size(), fact(step4, "Aan de beurt"));
        chat.press(picked.get(0), step4, "Ik pas");
        chat.awaitPost(c -> text(c).equals(shown(picked.get(0)) + " past."));
        chat.say(picked.get(1), "Ik schreef op: warme overdracht, omdat het gezin dan één gezicht heeft.");

        // 5: the vote
        FakeConnector.Call step5 = step(5);
        for (String voter : OTHERS) {
            int mark = chat.mark();
            chat.press(voter, step5, voter.equals(ERIN) ? "Checklist bij aanmelding" : "Warme overdracht");
            chat.awaitPrivate(mark, voter, "Je stem is geteld");
        }
        chat.awaitPost(c -> text(c).equals("Gekozen: Warme overdracht (3 stemmen)"));

        // 6 to 8: talk in the chat; the bringer moves on
        FakeConnector.Call step6 = step(6);
        chat.say(BOB, "Wie belt wie bij een warme overdracht?");
        chat.say(CAROL, "Het team dat het gezin al kent.");
        chat.press(ALICE, step6, "Volgende stap");
        FakeConnector.Call step7 = step(7);
        String summariser = OTHERS.stream().filter(u -> fact(step7, "Aan de beurt").equals(shown(u))).findFirst().orElseThrow();
        chat.say(summariser, "We kiezen een warme overdracht met een vaste belafspraak.");
        FakeConnector.Call step8 = step(8);
        chat.say(ERIN, "Binnen twee werkdagen na de aanmelding.");
        chat.press(ALICE, step8, "Volgende stap");

        // 9: an action written in the chat, naming its owner with a real Teams mention
        FakeConnector.Call step9 = step(9);
        LocalDate due = ActielerenScript.inDays(30);
        chat.say(BOB, "<@" + BOB + "> belt team B voor " + due.format(ActielerenScript.TYPED));
        chat.awaitPost(c -> text(c).startsWith("Actie vastgelegd: @Bob — belt team B — uiterlijk"));
        chat.press(ALICE, step9, "Afronden");

        String reported = text(chat.awaitPostStarting("Verslag: Wachtlijst"));
        assertTrue(reported.contains("Samenvatten: We kiezen een warme overdracht met een vaste belafspraak."), reported);
        assertTrue(reported.contains("@Bob — belt team B — " + due.format(ActielerenScript.REPORTED)), reported);
        assertEquals("ENDED", db.status(flow));
        assertEquals(List.of(new FlowTables.Action(BOB, "belt team B", due)), db.actions(flow));

        // flat: everything of the case went to the chat itself, each step a message of its own
        Await.until(() -> server.app().outbox().pendingCount() == 0, () -> "outbox drained");
        List<FakeConnector.Call> inChat = connector.posts().stream().filter(c -> c.conversation().startsWith(CHAT)).toList();
        assertTrue(inChat.size() >= 15, inChat.size() + " posts");
        for (FakeConnector.Call post : inChat) {
            assertEquals(CHAT, post.conversation(), "not under a reply chain: " + text(post));
            // the bot's own words; some methods' step prompts still speak of "de draad" (method text, not the bot's)
            assertFalse(text(post).contains("hier in de draad") || text(post).contains("in de draad onder dit bericht"),
                    "no thread to point to in a group chat: " + text(post));
            assertFalse(post.path().contains("/activities/"), "not a reply to another message: " + post.path());
        }
        assertEquals(ActielerenScript.stepTitles(), inChat.stream().filter(c -> text(c).startsWith("Stap "))
                .map(c -> ActielerenScript.stepTitleOf(text(c))).toList());
    }

    @Test
    void aSessionInAGroupChatSaysItsPartsComeInTheChatNotInAThread() {
        chat.startCircle(ALICE, OTHERS);
        String tomorrow = LocalDate.now(java.time.ZoneId.of("Europe/Amsterdam")).plusDays(1)
                .format(java.time.format.DateTimeFormatter.ofPattern("dd-MM-yyyy"));
        chat.command(ALICE, "plan " + tomorrow + " 19:30 6x elke 6 weken");
        chat.awaitPost(c -> text(c).contains("De bijeenkomsten zijn gepland (6)"));

        int mark = chat.mark();
        chat.command(ALICE, "sessie start");
        FakeConnector.Call early = chat.awaitPrivate(mark, ALICE, "Wil je hem nu al starten?");
        chat.pressFrom(ALICE, FakeConnector.privateChatId(ALICE), early, "Nu starten");
        String agenda = text(chat.awaitPostStarting("Bijeenkomst 1 van 6"));
        assertTrue(agenda.contains("We lopen de onderdelen hier in de chat door"), agenda);
        assertFalse(agenda.contains("draad"), agenda);

        mark = chat.mark();
        chat.command(ALICE, "sessie start");
        String running = text(chat.awaitPrivate(mark, ALICE, "loopt al"));
        assertEquals("Bijeenkomst 1 loopt al. Gebruik de knoppen bij de onderdelen hieronder in de chat.", running);
    }

    @Test
    void chatterWithoutTheBotsMentionGetsNoAnswerWhileNoCaseRuns() {
        chat.startCircle(ALICE, List.of(BOB));
        Await.until(() -> server.app().outbox().pendingCount() == 0, () -> "outbox drained");
        int mark = chat.mark();

        chat.say(BOB, "Kring van morgen gaat niet door");
        chat.say(BOB, "kring help");
        chat.say(BOB, "<@" + ALICE + "> kring leden");
        // something addressed to the bot after them: once its answer is out, so would theirs be
        chat.atBot(ALICE, "kring leden");
        chat.awaitPrivate(mark, ALICE, "@Bob — lid");
        Await.until(() -> server.app().outbox().pendingCount() == 0, () -> "outbox drained");

        List<FakeConnector.Call> after = connector.posts().stream().filter(c -> connector.calls().indexOf(c) >= mark).toList();
        assertEquals(1, after.size(), "only the answer to the message for the bot: "
                + after.stream().map(c -> c.conversation() + " " + text(c)).toList());
        assertEquals(FakeConnector.privateChatId(ALICE), after.get(0).conversation(), "the member list goes to who asked");
        assertEquals(0, Rows.count(server.app().database(), "SELECT COUNT(*) FROM flow_contribution"));
    }

    /**
     * Ten members' hidden answers of 2,000 characters each, revealed in the group chat: every
     * answer arrives whole, with its author, in order, in messages under the 28 KB Teams takes.
     */
    @Test
    void aRevealOfTenAnswersOfTwoThousandCharactersArrivesCompleteInMessagesUnder28Kb() {
        List<String> members = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            members.add("29:1member" + i);
        }
        chat.startCircle(ALICE, members);
        chat.command(ALICE, "casus actieleren Wachtlijst");
        step(1);
        chat.say(ALICE, "Een gezin wacht al maanden op hulp.");
        step(2);
        chat.say(ALICE, "Wat kunnen wij nu al doen?");
        FakeConnector.Call step3 = step(3);

        List<String> answers = new ArrayList<>();
        for (int i = 0; i < members.size(); i++) {
            // one line of exactly 2,000 characters: the most an answer may be
            String answer = "begin%02d".formatted(i) + " woord".repeat(331) + " eind%02d".formatted(i);
            assertEquals(2000, answer.length());
            answers.add(answer);
            int mark = chat.mark();
            chat.pressAndSubmit(members.get(i), step3, ActielerenScript.ANSWER_BUTTON, Map.of("text", answer));
            chat.awaitPrivate(mark, members.get(i), "Je antwoord is bewaard");
        }
        chat.press(ALICE, step3, "Volgende stap");
        step(4);
        Await.until(() -> server.app().outbox().pendingCount() == 0, () -> "outbox drained");

        List<FakeConnector.Call> posts = connector.posts();
        int first = indexOf(posts, "De antwoorden (10)");
        int next = indexOf(posts, "Stap 4 van 9");
        List<FakeConnector.Call> reveal = posts.subList(first, next);
        StringBuilder shown = new StringBuilder();
        int largest = 0;
        for (FakeConnector.Call part : reveal) {
            assertEquals(CHAT, part.conversation());
            int bytes = part.body().getBytes(StandardCharsets.UTF_8).length;
            assertTrue(bytes < 28 * 1024, "a message of " + bytes + " bytes");
            largest = Math.max(largest, bytes);
            shown.append(text(part)).append('\n');
        }
        int at = 0;
        for (int i = 0; i < members.size(); i++) {
            String line = shown(members.get(i)) + ": " + answers.get(i);
            int found = shown.indexOf(line, at);
            assertTrue(found >= at, "answer " + i + " complete, with its author, after answer " + (i - 1));
            at = found + line.length();
        }
        System.out.printf("Teams group chat reveal of 10 x 2,000 characters: %d messages, largest %d bytes%n",
                reveal.size(), largest);
    }

    private FakeConnector.Call step(int n) {
        return chat.awaitPostStarting("Stap " + n + " van 9");
    }

    private static int indexOf(List<FakeConnector.Call> posts, String prefix) {
        for (int i = 0; i < posts.size(); i++) {
            if (text(posts.get(i)).startsWith(prefix)) {
                return i;
            }
        }
        throw new AssertionError("no post starting '" + prefix + "'");
    }
}
