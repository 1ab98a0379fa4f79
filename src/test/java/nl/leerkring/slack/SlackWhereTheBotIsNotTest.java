package nl.leerkring.slack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import nl.leerkring.testing.FakeSlackApi;
import nl.leerkring.testing.FakeSlackApi.Call;
import nl.leerkring.testing.Rows;
import nl.leerkring.testing.SlackChannel;
import nl.leerkring.testing.SlackRequests;
import nl.leerkring.testing.SlackServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Slash commands typed where the bot cannot post (a channel it was not invited to, a direct
 * conversation between people): the person who typed still gets an answer, through the
 * command's response_url, and {@code /kring start} makes no circle there.
 */
class SlackWhereTheBotIsNotTest {

    private static final String ALICE = "UALICE";

    @TempDir
    Path tmp;
    private SlackServer server;
    private FakeSlackApi slack;

    @BeforeEach
    void start() {
        server = SlackServer.start(tmp, Clock.systemUTC());
        slack = server.api();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    /**
     * The app was removed from a circle's channel: a post there fails for good
     * ({@code not_in_channel}), and the circle's facilitator hears it privately, once, with how to
     * add the app again, however many posts fail after it.
     */
    @Test
    void aChannelThatRefusesForGoodIsReportedToTheFacilitatorOnce() {
        SlackChannel kring = server.channel("CGONE");
        kring.command(ALICE, "start");
        kring.command(ALICE, "rol <@UBOB> lid");
        server.awaitDelivered();
        slack.botNotIn("CGONE");
        kring.command("UBOB", "dank voor het goede gesprek");
        kring.command("UBOB", "dank voor de koffie");
        server.awaitDelivered();

        List<Call> refused = slack.calls("chat.postMessage").stream().filter(c -> c.field("channel").equals("CGONE")
                && c.field("text").contains("dank")).toList();
        assertTrue(refused.size() >= 2, "both thanks were tried in the channel: " + refused);
        List<Call> told = slack.calls("chat.postMessage").stream().filter(c -> c.field("channel").equals(ALICE)
                && c.field("text").contains("/invite @Leerkring")).toList();
        assertEquals(1, told.size(), "the facilitator is told once: " + slack.calls("chat.postMessage"));
        assertTrue(told.get(0).field("text").contains("not_in_channel"), told.get(0).field("text"));
        assertTrue(slack.calls("chat.postMessage").stream().noneMatch(c -> c.field("channel").equals("UBOB")
                && c.field("text").contains("/invite")), "only facilitators are told");
    }

    @Test
    void startInAChannelWithoutTheBotSaysHowToInviteItThroughTheResponseUrlAndMakesNoCircle() {
        slack.botNotIn("CNOBOT");
        String url = slack.newResponseUrl();
        command("CNOBOT", "start", url);

        Call answer = slack.await("response_url", c -> c.field("url").equals(url.substring(url.indexOf("/commands/"))));
        assertEquals("ephemeral", answer.field("response_type"));
        assertTrue(answer.field("text").contains("/invite @Leerkring"), answer.field("text"));
        server.awaitDelivered();
        assertEquals(0, Rows.countAll(server.app().database(), "circle"), "no circle");
        assertEquals(0, Rows.countAll(server.app().database(), "circle_member"), "no membership");
        assertEquals(List.of(), slack.chatCalls(), "nothing posted or tried in the channel");
        assertEquals(1, slack.calls("conversations.info").size());

        // once invited, the same command makes the circle
        slack.botNotIn("none");
        SlackChannel invited = server.channel("CWITHBOT");
        invited.startCircle(ALICE, List.of());
        assertEquals(1, Rows.countAll(server.app().database(), "circle"));
    }

    @Test
    void anAnswerForTheTypistInAConversationBetweenPeopleGoesThroughTheResponseUrl() {
        slack.botNotIn("DPEOPLE");
        String url = slack.newResponseUrl();
        command("DPEOPLE", "help", url);

        Call ephemeral = slack.await("chat.postEphemeral", c -> c.field("channel").equals("DPEOPLE"));
        assertEquals(200, ephemeral.status());
        Call answer = slack.await("response_url", c -> c.field("url").endsWith(url.substring(url.lastIndexOf('/'))));
        assertEquals("ephemeral", answer.field("response_type"));
        assertTrue(answer.field("text").contains("Dit kanaal is nog geen leerkring"), answer.field("text"));
        assertTrue(answer.field("blocks").contains("/kring start"), answer.field("blocks"));
        server.awaitDelivered();
        assertEquals(0, Rows.countAll(server.app().database(), "outbox WHERE status <> 'sent'"), "delivered, none failed");

        // /kring start there: told how, nothing made
        String second = slack.newResponseUrl();
        command("DPEOPLE", "start", second);
        Call told = slack.await("response_url", c -> c.field("url").endsWith(second.substring(second.lastIndexOf('/'))));
        assertTrue(told.field("text").contains("/invite @Leerkring"), told.field("text"));
        assertEquals(0, Rows.countAll(server.app().database(), "circle"));
    }

    private void command(String channel, String text, String responseUrl) {
        var response = server.post(SlackRequests.FORM, SlackRequests.slashCommand(SlackChannel.TEAM, channel, ALICE, text,
                SlackRequests.newTrigger(), responseUrl));
        assertEquals(200, response.statusCode(), response.body());
    }
}
