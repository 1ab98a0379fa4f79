package nl.leerkring.slack;

import static nl.leerkring.testing.SlackRequests.JSON;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
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
 * The app's Messages tab: what a person types in their DM with the app (Slack's
 * {@code message.im} event, {@code channel_type: im}) is answered there, as a direct message:
 * help, their tasks (with a button that answers an assignment), their feedback. The app's own
 * messages echoed back into the DM are not read.
 */
class SlackDirectMessagesTest {

    private static final String TEAM = FakeSlackApi.TEAM_ID;
    private static final String ALICE = "UALICE";
    private static final String BOB = "UBOB";
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    @TempDir
    Path tmp;
    private SlackServer server;
    private FakeSlackApi slack;

    @BeforeEach
    void start() {
        server = SlackServer.start(tmp, Clock.systemUTC());
        slack = server.api();
        server.channel("CKRING").startCircle(ALICE, List.of(BOB));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void helpAndTasksTypedInTheMessagesTabAreAnsweredThereAndAnAssignmentCanBeAnswered() {
        SlackChannel kring = server.channel("CKRING");
        String due = LocalDate.now().plusDays(20).toString();
        kring.command(ALICE, "opdracht Beschrijf een situatie die niet lukte tot " + due);
        server.awaitDelivered();

        write(BOB, "help");
        slack.await("chat.postMessage", c -> c.field("channel").equals(BOB)
                && c.field("text").startsWith("Leerkring: wat ik voor je kring kan doen"));

        write(BOB, "taken");
        Call tasks = slack.await("chat.postMessage", c -> c.field("channel").equals(BOB) && c.field("text").startsWith("Mijn taken"));
        assertTrue(tasks.field("text").contains("Beschrijf een situatie die niet lukte"), tasks.field("text"));

        // the answer button on that list, pressed in the DM: the answer form opens, and the answer is kept
        SlackChannel dm = server.channel(FakeSlackApi.directChannelOf(BOB));
        String label = SlackChannel.buttonLabels(tasks).stream().filter(l -> l.startsWith("Beantwoorden")).findFirst()
                .orElseThrow(() -> new AssertionError("no answer button: " + SlackChannel.buttonLabels(tasks)));
        dm.pressAndSubmit(BOB, tasks, label, Map.of("text", "Het overleg met team B liep vast op de planning."));
        server.awaitDelivered();
        assertEquals(1, Rows.countAll(server.app().database(), "assignment_answer"));

        write(BOB, "mijn feedback");
        // outside a circle's channel: what they received in all their circles
        slack.await("chat.postMessage", c -> c.field("channel").equals(BOB)
                && c.field("text").contains("Je hebt in al je kringen nog geen feedback gekregen."));

        write(BOB, "/kring taken");
        server.awaitDelivered();
        assertEquals(2, slack.calls("chat.postMessage").stream()
                .filter(c -> c.field("channel").equals(BOB) && c.field("text").startsWith("Mijn taken")).count(),
                "a leading /kring is read as in the channel");
        assertEquals(List.of(), slack.calls("chat.postEphemeral").stream()
                .filter(c -> c.field("channel").startsWith("D")).toList(), "answered as messages in the DM, not as ephemerals");
    }

    @Test
    void startInTheMessagesTabSaysWhereACircleBelongsAndTheAppsOwnMessagesAreNotRead() {
        write(BOB, "start");
        Call told = slack.await("chat.postMessage", c -> c.field("channel").equals(BOB));
        assertTrue(told.field("text").startsWith("Een leerkring hoort bij een kanaal."), told.field("text"));
        server.awaitDelivered();
        assertEquals(1, Rows.countAll(server.app().database(), "circle"), "no circle in a DM");

        int posts = slack.calls("chat.postMessage").size();
        assertEquals(200, server.post(JSON, SlackRequests.ownDirectMessage("EvOwn" + SEQUENCE.incrementAndGet(), TEAM, BOB,
                "help", "1800000001.000100")).statusCode());
        write(BOB, "taken"); // answered: the app's own "help" before it was not
        server.awaitDelivered();
        List<Call> after = slack.calls("chat.postMessage").subList(posts, slack.calls("chat.postMessage").size());
        assertEquals(1, after.size(), "only the person's message is answered: " + after);
        assertTrue(after.get(0).field("text").startsWith("Mijn taken"), after.get(0).field("text"));
    }

    private void write(String user, String text) {
        int n = SEQUENCE.incrementAndGet();
        assertEquals(200, server.post(JSON, SlackRequests.directMessage("EvDm" + n, TEAM, user, text,
                "1800000000." + String.format("%06d", n))).statusCode());
    }
}
