package nl.leerkring.slack;

import static nl.leerkring.testing.SlackRequests.FORM;
import static nl.leerkring.testing.SlackRequests.JSON;
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
 * A Slack Connect channel: the app is installed in workspace T1, whose channel CSHARED is shared
 * with another organisation's workspace T2. A person from T2 acts with their own workspace in
 * the payload's {@code team_id} (a slash command, a button press, an Events API envelope with
 * {@code context_team_id} T1, {@code is_ext_shared_channel} and T1's {@code authorizations}); they
 * reach the circle T1's facilitator started, take part in it, and never start a second one.
 */
class SlackSharedChannelTest {

    private static final String HOME_TEAM = FakeSlackApi.TEAM_ID;
    private static final String GUEST_TEAM = "T2GUEST";
    private static final String CHANNEL = "CSHARED";
    private static final String ALICE = "UALICE";
    private static final String GUEST = "UGUEST";

    @TempDir
    Path tmp;
    private SlackServer server;
    private FakeSlackApi slack;
    private SlackChannel kring;

    @BeforeEach
    void start() {
        server = SlackServer.start(tmp, Clock.systemUTC());
        slack = server.api();
        kring = server.channel(CHANNEL);
        kring.startCircle(ALICE, List.of());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aPersonFromTheOtherWorkspaceReachesTheExistingCircleAndTakesPart() {
        // "start" by mention, in the envelope Slack sends for a Slack Connect channel
        int mark = kring.mark();
        assertEquals(200, server.post(JSON, SlackRequests.sharedChannelMention("EvShared1", GUEST_TEAM, HOME_TEAM, CHANNEL, GUEST,
                "<@" + FakeSlackApi.BOT_USER_ID + "> start", "1800000000.000100")).statusCode());
        Call already = kring.awaitEphemeral(mark, GUEST, "Dit kanaal is al een leerkring (begeleider: <@UALICE>)");
        assertEquals(CHANNEL, already.field("channel"));

        // and by slash command, whose team_id is the guest's own workspace
        mark = kring.mark();
        guestCommand("start");
        kring.awaitEphemeral(mark, GUEST, "Dit kanaal is al een leerkring");
        server.awaitDelivered();
        assertEquals(1, Rows.countAll(server.app().database(), "circle"), "no second circle in the same channel");
        assertEquals(List.of(HOME_TEAM), server.app().database().jdbi().withHandle(h -> h.createQuery(
                "SELECT workspace_id FROM circle").mapTo(String.class).list()), "the circle is the channel's workspace's");

        long asked = infoCalls();

        // the facilitator adds the guest; the guest then acts as a member of that circle
        kring.command(ALICE, "rol <@" + GUEST + "|gast> lid");
        kring.awaitPost(c -> c.field("text").contains("<@" + GUEST + "> is nu lid"));
        mark = kring.mark();
        guestCommand("leden");
        Call members = kring.awaitEphemeral(mark, GUEST, "Leden van deze leerkring");
        assertTrue(members.field("text").contains("<@" + GUEST + ">") && members.field("text").contains("<@UALICE>"),
                members.field("text"));
        assertTrue(!members.field("text").contains("nog geen leerkring"), members.field("text"));

        // a button pressed by the guest (the block_actions payload names their team) acts in the circle too
        kring.command(ALICE, "casus actieleren Wachtlijst");
        Call startMessage = kring.awaitPostStarting("Wachtlijst");
        Call step1 = kring.awaitPostStarting("Stap 1 van 9");
        mark = kring.mark();
        assertEquals(200, server.post(FORM, SlackRequests.buttonPress(GUEST_TEAM, CHANNEL, GUEST,
                SlackChannel.button(step1, "Volgende stap").path("action_id").asText(),
                SlackChannel.button(step1, "Volgende stap").path("value").asText(), step1.ref(), startMessage.ref(), false,
                SlackRequests.newTrigger())).statusCode());
        Call notSteering = kring.awaitEphemeral(mark, GUEST, "Alleen de begeleider, de co-host of de inbrenger");
        assertEquals(startMessage.ref(), notSteering.threadTs(), "answered as a member who may not steer, in the case's thread");
        server.awaitDelivered();
        assertEquals(1, Rows.countAll(server.app().database(), "circle"));
        assertEquals(asked, infoCalls(), "what Slack said of the channel's workspace is kept, not asked again");
    }

    private long infoCalls() {
        return slack.calls("conversations.info").stream().filter(c -> c.field("channel").equals(CHANNEL)).count();
    }

    private void guestCommand(String text) {
        assertEquals(200, server.post(FORM, SlackRequests.slashCommand(GUEST_TEAM, CHANNEL, GUEST, text)).statusCode());
    }
}
