package nl.leerkring.teams;

import static nl.leerkring.teams.TeamsChannel.actionTitles;
import static nl.leerkring.teams.TeamsChannel.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import nl.leerkring.chat.Address;
import nl.leerkring.chat.OutgoingMessage;
import nl.leerkring.chat.Platform;
import nl.leerkring.delivery.Outbox;
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
 * What Teams needs beyond "it works": the bot answers only what is addressed to it, speaks
 * Teams' words, answers invokes as the protocol expects, takes a form card once, greets when
 * added and goes quiet when removed, and finds a member's 1:1 chat without asking each time.
 * Activities over real HTTP into {@code /api/messages}, a fake Bot Connector on loopback.
 */
class TeamsFidelityTest {

    static final String ALICE = "29:1alice";
    static final String BOB = "29:1bob";
    static final String CHANNEL = "19:fidelity-channel@thread.tacv2";
    private static final ObjectMapper JSON = new ObjectMapper();

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
    void aChannelPostMentioningTheBotIsACommandAndTheAnswerSpeaksTeams() {
        ObjectNode post = kring.activity(ALICE, CHANNEL, "channel", "<@" + TeamsChannel.BOT + "> kring help");
        assertEquals("<at>Leerkring</at> kring help", post.path("text").asText(), "as Teams delivers it");
        assertEquals("mention", post.path("entities").path(0).path("type").asText());
        assertEquals(TeamsChannel.BOT, post.path("entities").path(0).path("mentioned").path("id").asText());
        assertEquals(TeamsChannel.TENANT, post.path("conversation").path("tenantId").asText());
        assertEquals(TeamsChannel.TENANT, post.path("channelData").path("tenant").path("id").asText());
        kring.post(post);

        FakeConnector.Call help = Await.until(() -> connector.posts().stream()
                .filter(c -> text(c).startsWith("Leerkring: wat ik voor je kring kan doen")).findFirst(), () -> "no help");
        String shown = text(help);
        assertTrue(shown.contains("@Leerkring kring start"), shown);
        assertFalse(shown.contains("/kring"), "Teams has no slash commands: " + shown);
        assertTrue(shown.contains("**De kring**"), "Slack's *bold* is Teams' **bold**: " + shown);
        assertFalse(shown.matches("(?s).*(?<!\\*)\\*De kring\\*(?!\\*).*"), "no single-star italics: " + shown);
    }

    @Test
    void chatterWithoutTheBotsMentionGetsNoAnswer() {
        kring.startCircle(ALICE, List.of(BOB));
        Await.until(() -> server.app().outbox().pendingCount() == 0, () -> "outbox drained");
        int mark = kring.mark();

        ObjectNode chatter = kring.activity(BOB, CHANNEL, "channel", "Kring van morgen gaat niet door");
        kring.post(chatter);
        ObjectNode inSomeThread = kring.activity(BOB, CHANNEL + ";messageid=1699999999999", "channel", "kring help");
        kring.post(inSomeThread);
        ObjectNode mentionsSomeoneElse = kring.activity(BOB, CHANNEL, "channel", "<@" + ALICE + "> kring leden");
        kring.post(mentionsSomeoneElse);
        // something addressed to the bot after them: once its answer is out, so would theirs be
        kring.atBot(ALICE, "kring leden");
        kring.awaitPost(c -> text(c).contains("@Bob"));
        Await.until(() -> server.app().outbox().pendingCount() == 0, () -> "outbox drained");

        List<FakeConnector.Call> after = connector.posts().stream().filter(c -> connector.calls().indexOf(c) >= mark).toList();
        assertEquals(1, after.size(), "only the answer to the message for the bot: " + after.stream().map(TeamsChannel::text).toList());
        for (ObjectNode ignored : List.of(chatter, mentionsSomeoneElse)) {
            assertEquals(0, Rows.count(server.app().database(), "SELECT COUNT(*) FROM inbound_event WHERE event_key = ?",
                    "activity:" + ignored.path("id").asText()), "not even taken in: " + ignored.path("text"));
        }
    }

    @Test
    void anAdaptiveCardActionInvokeGets200AndCountsAsTheSamePressAndOtherInvokesAreDeclinedCleanly() throws Exception {
        kring.startCircle(ALICE, List.of());
        int mark = kring.mark();
        kring.command(ALICE, "casus vliegen Iets");
        FakeConnector.Call unknown = kring.awaitPrivate(mark, ALICE, "De methode \"vliegen\" ken ik niet");

        mark = kring.mark();
        HttpResponse<String> answer = kring.send(invoke(ALICE, unknown, "adaptiveCard/action",
                execute(TeamsChannel.picked(unknown, "Formulier openen"))).toString(), null);
        assertEquals(200, answer.statusCode(), answer.body());
        JsonNode body = JSON.readTree(answer.body());
        assertEquals(200, body.path("statusCode").asInt(), answer.body());
        assertEquals("application/vnd.microsoft.activity.message", body.path("type").asText());
        assertFalse(answer.body().contains("Exception"), answer.body());
        FakeConnector.Call form = kring.awaitPrivate(mark, ALICE, TeamsChannel::isForm);
        assertEquals("Een casus inbrengen", text(form), "the Action.Execute did what the button's Action.Submit does");

        HttpResponse<String> nonsense = kring.send(invoke(ALICE, unknown, "adaptiveCard/action",
                execute(JSON.createObjectNode().put("something", "else"))).toString(), null);
        assertEquals(200, nonsense.statusCode());
        assertEquals(400, JSON.readTree(nonsense.body()).path("statusCode").asInt(), nonsense.body());
        assertEquals("application/vnd.microsoft.error", JSON.readTree(nonsense.body()).path("type").asText());

        HttpResponse<String> fetch = kring.send(invoke(ALICE, unknown, "task/fetch",
                JSON.createObjectNode().set("data", JSON.createObjectNode().put("msteams", "x"))).toString(), null);
        assertEquals(200, fetch.statusCode(), "not the SDK's 501");
        assertEquals("message", JSON.readTree(fetch.body()).path("task").path("type").asText(), fetch.body());
        assertTrue(JSON.readTree(fetch.body()).path("task").path("value").asText().contains("niet"), fetch.body());

        HttpResponse<String> submitAction = kring.send(invoke(ALICE, unknown, "message/submitAction",
                JSON.createObjectNode().put("actionName", "feedback")).toString(), null);
        assertEquals(200, submitAction.statusCode(), "not the SDK's 501");
        assertEquals(200, JSON.readTree(submitAction.body()).path("statusCode").asInt(), submitAction.body());
    }

    @Test
    void aSecondSubmitOfAnAnsweredFormCardStartsNothingAndTheCardShowsWhoSentIt() throws Exception {
        kring.startCircle(ALICE, List.of(BOB));
        int mark = kring.mark();
        kring.command(ALICE, "casus");
        FakeConnector.Call form = kring.awaitPrivate(mark, ALICE, TeamsChannel::isForm);
        Map<String, String> answers = Map.of("title", "Wachtlijst", "case", "Een gezin wacht.", "question", "Wat nu?",
                "method", "actieleren");
        kring.submit(ALICE, form, answers);
        kring.awaitPostStarting("Wachtlijst");
        assertEquals(1, db.count("flow_run"));

        FakeConnector.Call update = Await.until(() -> connector.updates().stream().findFirst(), () -> "no card update");
        assertEquals("/v3/conversations/" + form.conversation() + "/activities/" + form.answeredId(), update.path());
        String shown = text(update);
        assertTrue(shown.startsWith("✓ Een casus inbrengen — verstuurd door Alice"), shown);
        assertTrue(shown.contains("Actieleren"), "what was picked: " + shown);
        assertEquals(List.of(), TeamsChannel.inputIds(update), "no inputs left to send again");
        assertEquals(List.of(), actionTitles(update));

        // the same card again: as a second Action.Submit and as an Action.Execute
        kring.submit(ALICE, form, Map.of("title", "Wachtlijst 2", "case", "Nog eens.", "question", "En nu?",
                "method", "actieleren"));
        ObjectNode data = TeamsChannel.content(form).path("actions").path(0).path("data").deepCopy();
        answers.forEach(data::put);
        assertEquals(200, kring.send(invoke(ALICE, form, "adaptiveCard/action", execute(data)).toString(), null).statusCode());
        Await.until(() -> server.app().outbox().pendingCount() == 0, () -> "outbox drained");
        assertEquals(1, db.count("flow_run"), "one case, not two or three");
        assertEquals(1, connector.posts().stream().filter(c -> text(c).startsWith("Wachtlijst")).count());
        assertEquals(1, connector.updates().size());
    }

    @Test
    void greetsOnceWhenAddedAndSendsNothingThereOnceRemovedKeepingTheCircle() {
        ObjectNode added = kring.activity(ALICE, CHANNEL, "channel", null);
        added.put("type", "conversationUpdate");
        added.putArray("membersAdded").addObject().put("id", TeamsChannel.BOT);
        ObjectNode channelData = (ObjectNode) added.path("channelData");
        channelData.put("eventType", "teamMemberAdded");
        channelData.putObject("team").put("id", CHANNEL).put("name", "Intervisie");
        kring.post(added);
        ObjectNode installed = kring.activity(ALICE, CHANNEL, "channel", null);
        installed.put("type", "installationUpdate").put("action", "add");
        kring.post(installed);

        FakeConnector.Call hello = kring.awaitPostStarting("Hallo, ik ben Leerkring");
        assertEquals(CHANNEL, hello.conversation());
        assertTrue(text(hello).contains("@Leerkring kring start"), text(hello));
        assertTrue(text(hello).contains("@Leerkring kring help"), text(hello));
        kring.startCircle(ALICE, List.of(BOB));
        assertEquals(1, connector.posts().stream().filter(c -> text(c).startsWith("Hallo, ik ben Leerkring")).count(),
                "one greeting for the conversationUpdate and the installationUpdate together");

        // another channel of the same team, where the bot was spoken to
        String other = "19:other-channel@thread.tacv2";
        ObjectNode there = kring.activity(BOB, other, "channel", "<@" + TeamsChannel.BOT + "> kring help");
        ((ObjectNode) there.path("channelData")).putObject("team").put("id", CHANNEL);
        ((ObjectNode) there.path("channelData")).putObject("channel").put("id", other);
        kring.post(there);
        Await.until(() -> server.app().outbox().pendingCount() == 0, () -> "outbox drained");

        ObjectNode removed = kring.activity(ALICE, CHANNEL, "channel", null);
        removed.put("type", "conversationUpdate");
        removed.putArray("membersRemoved").addObject().put("id", TeamsChannel.BOT);
        ((ObjectNode) removed.path("channelData")).put("eventType", "teamMemberRemoved").putObject("team").put("id", CHANNEL);
        kring.post(removed);
        int posts = connector.posts().size();
        // something for those channels later (a timer, a reminder): not sent, and not retried for ever
        for (String channel : List.of(CHANNEL, other)) {
            server.app().database().jdbi().useHandle(h -> Outbox.enqueue(h,
                    OutgoingMessage.text(Address.channel(Platform.TEAMS, TeamsChannel.TENANT, channel), "Herinnering"), Instant.now()));
        }
        // these two only: the facilitators' notice of the refusal fails too (no private conversation here), a moment later
        Await.until(() -> Rows.count(server.app().database(),
                        "SELECT COUNT(*) FROM outbox WHERE status = 'failed' AND payload LIKE '%Herinnering%'") == 2,
                () -> "the messages for the channels of the team it was removed from failed");
        assertEquals(posts, connector.posts().size(), "nothing posted after the removal");
        assertEquals(1, db.count("circle"), "the circle's data stays");
        assertEquals(2, Rows.count(server.app().database(), "SELECT COUNT(*) FROM circle_member"));
    }

    @Test
    void aMembersPrivateMessagesCostOneCallEach() {
        kring.startCircle(ALICE, List.of());
        for (int i = 0; i < 3; i++) {
            int mark = kring.mark();
            kring.command(ALICE, "casus");
            kring.awaitPrivate(mark, ALICE, TeamsChannel::isForm);
        }
        assertEquals(1, connector.createdChats().size(), "the 1:1 chat is created once, then remembered");

        // a member who wrote to the bot in the 1:1 chat: that chat is known without creating it
        kring.post(kring.activity(BOB, FakeConnector.privateChatId(BOB), "personal", "help"));
        kring.awaitPrivate(0, BOB, c -> text(c).startsWith("Leerkring"));
        int mark = kring.mark();
        kring.command(BOB, "casus");
        kring.awaitPrivate(mark, BOB, c -> !text(c).isEmpty());
        assertEquals(1, connector.createdChats().size(), "none for Bob");
    }

    @Test
    void aMentionOfAMemberIsARealTeamsMentionWithTheNameTeamsGave() throws Exception {
        kring.startCircle(ALICE, List.of(BOB));
        FakeConnector.Call member = kring.awaitPost(c -> text(c).contains("@Bob is nu lid"));
        JsonNode activity = JSON.readTree(member.body());
        assertTrue(member.body().contains("<at>Bob</at> is nu lid"), member.body());
        JsonNode entity = TeamsChannel.content(member).path("msteams").path("entities").path(0);
        assertEquals("mention", entity.path("type").asText());
        assertEquals("<at>Bob</at>", entity.path("text").asText());
        assertEquals(BOB, entity.path("mentioned").path("id").asText());
        assertEquals("Bob", entity.path("mentioned").path("name").asText());
        assertEquals(BOB, activity.path("entities").path(0).path("mentioned").path("id").asText(), activity.toString());
        assertEquals("Bob", Rows.one(server.app().database(), String.class,
                "SELECT display_name FROM teams_member WHERE user_id = ?", BOB), "remembered from the mention entity");
    }

    private ObjectNode execute(JsonNode data) {
        ObjectNode value = JSON.createObjectNode();
        ObjectNode action = value.putObject("action").put("type", "Action.Execute").put("verb", "lk");
        action.set("data", data);
        value.put("trigger", "manual");
        return value;
    }

    /** An invoke from the conversation the card is in, on that card, as Teams sends one. */
    private ObjectNode invoke(String user, FakeConnector.Call card, String name, JsonNode value) {
        Await.until(() -> server.app().outbox().pendingCount() == 0, () -> "outbox drained");
        boolean personal = !card.conversation().startsWith(CHANNEL);
        ObjectNode a = kring.activity(user, card.conversation(), personal ? "personal" : "channel", null);
        a.put("type", "invoke").put("name", name).put("replyToId", card.answeredId());
        a.set("value", value);
        return a;
    }
}
