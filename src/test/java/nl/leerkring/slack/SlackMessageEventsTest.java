package nl.leerkring.slack;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import nl.leerkring.testing.FakeSlackApi;
import nl.leerkring.testing.FakeSlackApi.Call;
import nl.leerkring.testing.FlowTables;
import nl.leerkring.testing.SlackChannel;
import nl.leerkring.testing.SlackRequests;
import nl.leerkring.testing.SlackServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One message, one effect, with the events Slack sends for it: a message that mentions the bot
 * comes as {@code app_mention} and as {@code message} and is one command; a thread reply also
 * sent to the channel ({@code thread_broadcast}) or with a file ({@code file_share}) is a
 * contribution; an edit or a deletion changes or takes back what the reply contributed while its
 * step is open, and nothing after.
 */
class SlackMessageEventsTest {

    private static final String ALICE = "UALICE";
    private static final String CHANNEL = "CKRING";

    @TempDir
    Path tmp;
    private SlackServer server;
    private FakeSlackApi slack;
    private SlackChannel kring;
    private FlowTables db;

    @BeforeEach
    void start() {
        server = SlackServer.start(tmp, Clock.systemUTC());
        slack = server.api();
        kring = server.channel(CHANNEL);
        db = server.db();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aMentionIsOneCommandAndBroadcastAndFileRepliesAreContributions() {
        kring.startCircle(ALICE, List.of("UBOB"));
        kring.command(ALICE, "casus actieleren Wachtlijst");
        String thread = kring.awaitPostStarting("Wachtlijst").ref();
        kring.awaitPostStarting("Stap 1 van 9");
        long flow = db.newestFlow();

        // "@Leerkring kring leden" in the case's thread: Slack sends both events for the one message
        int mark = kring.mark();
        String text = "<@" + FakeSlackApi.BOT_USER_ID + "> kring leden";
        post(SlackRequests.message("EvMsg1", SlackChannel.TEAM, CHANNEL, ALICE, text, "1800000100.000100", thread));
        post(SlackRequests.appMentionInThread("EvMention1", SlackChannel.TEAM, CHANNEL, ALICE, text, "1800000100.000100", thread));
        server.awaitDelivered();
        List<Call> answers = slack.chatCalls().stream().skip(countChat(mark))
                .filter(c -> c.content().contains("Leden van deze leerkring")).toList();
        assertEquals(1, answers.size(), "one answer to one command: " + slack.chatCalls().stream().skip(countChat(mark)).toList());
        assertEquals(0, db.contributions(flow, 0), "a message to the bot is not the case text");
        assertEquals(0, db.stepIndex(flow));

        // a thread reply also sent to the channel is the case text
        post(SlackRequests.threadBroadcast("EvBroadcast", SlackChannel.TEAM, CHANNEL, ALICE, "Een gezin wacht al maanden op hulp.",
                "1800000200.000100", thread));
        kring.awaitPostStarting("Stap 2 van 9");
        assertEquals(List.of(new FlowTables.Contribution(0, ALICE, "ANSWER", "Een gezin wacht al maanden op hulp.")),
                db.contributionRows(flow, 0));

        // a file with a comment, in the thread: the comment is the question
        post(SlackRequests.fileShare("EvFile", SlackChannel.TEAM, CHANNEL, ALICE, "Wat kunnen wij nu al doen?",
                "1800000300.000100", thread));
        kring.awaitPostStarting("Stap 3 van 9");
        assertEquals(1, db.contributions(flow, 1));

        // an edit, a deletion and a file without a comment change nothing and say nothing
        server.awaitDelivered();
        int before = slack.chatCalls().size();
        int markAll = kring.mark();
        post(SlackRequests.messageChanged("EvEdit", SlackChannel.TEAM, CHANNEL, ALICE, "Toch iets anders", "1800000200.000100", thread));
        post(SlackRequests.messageDeleted("EvDelete", SlackChannel.TEAM, CHANNEL, "1800000300.000100", thread));
        post(SlackRequests.fileShare("EvFileOnly", SlackChannel.TEAM, CHANNEL, "UBOB", "", "1800000400.000100", thread));
        // a plain reply after them is answered: the events before it were taken and ignored
        post(SlackRequests.message("EvAfter", SlackChannel.TEAM, CHANNEL, "UBOB", "Mijn idee", "1800000500.000100", thread));
        kring.awaitEphemeral(markAll, "UBOB", "blijven antwoorden verborgen");
        server.awaitDelivered();
        assertEquals(before + 1, slack.chatCalls().size(), "only the reply was answered: "
                + slack.chatCalls().subList(before, slack.chatCalls().size()));
        assertEquals(1, db.contributions(flow, 0));
        assertEquals(1, db.contributions(flow, 1));
        assertEquals(0, db.contributions(flow, 2));
    }

    /**
     * While a step is open, editing a reply changes what it contributed and deleting it takes it
     * back; once the step is over, an edit changes nothing (the previous test).
     */
    @Test
    void anEditedReplyChangesItsContributionAndADeletedOneIsTakenBackWhileTheStepIsOpen() {
        kring.startCircle(ALICE, List.of("UBOB", "UCAROL"));
        kring.command(ALICE, "casus roddelmethode Overdracht");
        String thread = kring.awaitPostStarting("Overdracht").ref();
        kring.awaitPostStarting("Stap 1 van 5");
        long flow = db.newestFlow();
        post(SlackRequests.message("EvQ", SlackChannel.TEAM, CHANNEL, ALICE, "Hoe draag ik beter over?", "1800001000.000100", thread));
        kring.press(ALICE, kring.awaitPostStarting("Stap 2 van 5"), "Volgende stap");
        kring.awaitPostStarting("Stap 3 van 5");
        int step = db.stepIndex(flow);

        post(SlackRequests.message("EvBob", SlackChannel.TEAM, CHANNEL, "UBOB", "Misschien heeft ze het te druk", "1800001100.000100", thread));
        post(SlackRequests.message("EvCarol", SlackChannel.TEAM, CHANNEL, "UCAROL", "Ik zou het vragen", "1800001200.000100", thread));
        assertEquals(2, db.contributions(flow, step));

        post(SlackRequests.messageChanged("EvBobEdit", SlackChannel.TEAM, CHANNEL, "UBOB", "Misschien weet ze het niet",
                "1800001100.000100", thread));
        post(SlackRequests.messageDeleted("EvCarolGone", SlackChannel.TEAM, CHANNEL, "1800001200.000100", thread, "UCAROL"));
        // an edit by someone else of a message that contributed nothing changes nothing
        post(SlackRequests.messageChanged("EvChatter", SlackChannel.TEAM, CHANNEL, "UCAROL", "Koffie?", "1800001300.000100", thread));

        assertEquals(List.of(new FlowTables.Contribution(step, "UBOB", "ANSWER", "Misschien weet ze het niet")),
                db.contributionRows(flow, step));
    }

    private long countChat(int mark) {
        return slack.calls().stream().limit(mark).filter(Call::isChat).count();
    }

    private void post(String json) {
        assertEquals(200, server.post(SlackRequests.JSON, json).statusCode(), json);
    }
}
