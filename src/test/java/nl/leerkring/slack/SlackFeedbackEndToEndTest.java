package nl.leerkring.slack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import nl.leerkring.testing.FakeSlackApi;
import nl.leerkring.testing.FakeSlackApi.Call;
import nl.leerkring.testing.MutableClock;
import nl.leerkring.testing.SlackChannel;
import nl.leerkring.testing.SlackServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tops and tips over the Slack door end to end: signed slash commands, button presses and modal
 * submissions into the running app, and what the bot then sends to a fake Slack Web API. The
 * app runs on a clock the test moves (circle age, the weekly cap); Slack's signatures use the
 * real time.
 */
class SlackFeedbackEndToEndTest {

    private static final String CHANNEL = "C1";
    private static final String ALICE = "U1";
    private static final String BOB = "U2";
    private static final String CAROL = "U3";
    private static final String DAVE = "U4";
    private static final String NUDGE_TITLE = "Een seintje over de feedback in je kring";

    @TempDir
    Path tempDir;

    /**
     * Whole milliseconds: the database keeps microseconds and may round a time up, and on a clock
     * that stands still an outbox row written "now" would then never be due.
     */
    private final MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.MILLIS));
    private SlackServer server;
    private FakeSlackApi slack;
    private SlackChannel kring;

    @BeforeEach
    void start() {
        server = SlackServer.start(tempDir, clock);
        slack = server.api();
        kring = server.channel(CHANNEL);
        kring.command(ALICE, "start");
        kring.command(ALICE, "rol <@U2|bob> lid");
        kring.command(ALICE, "rol <@U3|carol> lid");
        kring.command(ALICE, "rol <@U4|dave> cohost");
        slack.await("chat.postMessage", c -> c.content().contains("<@U4> is nu"));
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aTopReachesItsReceiverInADirectMessageAndTheChannelSeesOnlyTotals() {
        kring.command(ALICE, "top <@U2|bob> Goed voorbereid!");
        Call ask = slack.await("chat.postEphemeral", c -> c.content().contains("met je naam of anoniem"));
        assertEquals(ALICE, ask.field("user"));
        kring.press(ALICE, ask, "Met mijn naam");

        Call direct = slack.await("chat.postMessage", c -> c.field("channel").equals(BOB));
        assertTrue(direct.content().contains("Je kreeg een top van <@U1>"), direct.content());
        assertTrue(direct.content().contains("Goed voorbereid!"), direct.content());
        Call totals = slack.await("chat.postMessage", c -> c.content().contains("Er is een top gegeven"));
        assertEquals(CHANNEL, totals.field("channel"));
        assertTrue(totals.field("text").startsWith("Er is een top gegeven. Deze kring: 1 top en 0 tips in de laatste 8 weken (1:0)."),
                totals.field("text"));
        assertFalse(totals.content().contains("<@U"), "no names in the channel: " + totals.content());

        awaitOutboxDrained();
        for (Call c : slack.chatCalls()) {
            if (c.content().contains("Goed voorbereid")) {
                assertEquals(BOB, c.field("channel"), "the text goes only to bob's DM: " + c);
            }
        }
    }

    @Test
    void anAnonymousTopOverSlackLeavesNoRowThatNamesItsGiver() {
        awaitOutboxDrained();
        clock.advance(java.time.Duration.ofHours(1));
        int mark = kring.mark();
        kring.command(ALICE, "top <@U2|bob> Anoniem en gemeend");
        Call ask = kring.awaitEphemeral(mark, ALICE, "met je naam of anoniem");
        kring.press(ALICE, ask, "Anoniem");
        kring.awaitEphemeral(mark, ALICE, "anoniem verstuurd");
        awaitOutboxDrained();

        var jdbi = server.app().database().jdbi();
        java.util.List<String> keys = jdbi.withHandle(h -> h.createQuery("SELECT event_key FROM inbound_event").mapTo(String.class).list());
        assertFalse(keys.isEmpty());
        keys.forEach(k -> assertTrue(k.matches("[0-9a-f]{64}"), "a keyed hash, not Slack's key (action:<user>:<moment>): " + k));
        java.util.List<String> outbox = jdbi.withHandle(h -> h.createQuery(
                "SELECT conversation_key || ' ' || payload FROM outbox WHERE created_at >= :since")
                .bind("since", clock.instant().minusSeconds(60)).mapTo(String.class).list());
        outbox.forEach(row -> assertFalse(row.contains(ALICE), "a row of the last minute names the giver: " + row));
    }

    @Test
    void anEvaluationRoundWithTooManyTipsGetsOneNudgeInItsThread() {
        kring.command(ALICE, "casus intervisie Lastig gesprek");
        Call caseStart = slack.await("chat.postMessage", c -> c.content().contains("brengt een casus in"));
        assertEquals(CHANNEL, caseStart.field("channel"));
        String thread = caseStart.ref();
        for (int step = 1; step <= 4; step++) {
            Call current = awaitStep(step);
            kring.press(ALICE, current, "Volgende stap");
        }
        Call evaluation = awaitStep(5);
        assertEquals(thread, evaluation.field("thread_ts"));

        tipInRound(evaluation, BOB, ALICE);
        tipInRound(evaluation, CAROL, BOB);
        Call nudge = slack.await("chat.postMessage", c -> c.field("text").startsWith("Fijn dat er tips komen"));
        assertEquals(thread, nudge.field("thread_ts"), "in the case's thread");
        assertEquals(CHANNEL, nudge.field("channel"));
        tipInRound(evaluation, DAVE, CAROL);

        awaitOutboxDrained();
        assertEquals(1, slack.calls("chat.postMessage").stream().filter(c -> c.field("text").startsWith("Fijn dat er tips komen")).count(),
                "once per round");
        assertTrue(slack.calls("chat.postMessage").stream()
                .anyMatch(c -> c.field("text").startsWith("Er is een tip gegeven. Deze ronde: 0 tops en 3 tips.")));
    }

    @Test
    void theWeeklyCapHoldsForTheNudgesToFacilitatorAndCoHost() {
        clock.advance(Duration.ofDays(15));
        giveTop(BOB, "carol");
        giveTop(CAROL, "bob");
        giveTop(BOB, "carol");
        giveTop(DAVE, "bob");
        Call toAlice = slack.await("chat.postMessage", c -> c.field("channel").equals(ALICE) && c.content().contains(NUDGE_TITLE));
        assertTrue(toAlice.content().contains("4 tops en 0 tips"), toAlice.content());
        slack.await("chat.postMessage", c -> c.field("channel").equals(DAVE) && c.content().contains(NUDGE_TITLE));

        giveTop(CAROL, "bob");
        clock.advance(Duration.ofDays(6));
        giveTop(BOB, "carol");
        awaitOutboxDrained();
        assertEquals(1, nudgesTo(ALICE), "no second nudge within the week");

        clock.advance(Duration.ofDays(1));
        giveTop(CAROL, "bob");
        awaitOutboxDrained();
        assertEquals(2, nudgesTo(ALICE), "a week later: again");
        assertEquals(2, nudgesTo(DAVE));
        assertEquals(0, nudgesTo(BOB) + nudgesTo(CAROL), "members are not nudged");
    }

    // --- helpers ---

    private void giveTop(String from, String toName) {
        String to = toName.equals("bob") ? BOB : CAROL;
        int mark = kring.mark();
        kring.command(from, "top <@" + to + "|" + toName + "> Concreet en vriendelijk");
        Call ask = kring.awaitEphemeral(mark, from, "met je naam of anoniem");
        kring.press(from, ask, "Met mijn naam");
        kring.awaitEphemeral(mark, from, "krijgt je top");
        server.awaitDelivered();
    }

    private long nudgesTo(String user) {
        return slack.calls("chat.postMessage").stream()
                .filter(c -> c.field("channel").equals(user) && c.content().contains(NUDGE_TITLE)).count();
    }

    /** Presses "Tip geven" on the evaluation step and sends the modal that opens. */
    private void tipInRound(Call evaluation, String from, String to) {
        int mark = kring.mark();
        kring.pressAndSubmit(from, evaluation, "Tip geven", Map.of("receiver", to, "text", "Iets om te verbeteren", "who", "anonymous"));
        kring.awaitEphemeral(mark, from, "anoniem verstuurd");
    }

    private Call awaitStep(int n) {
        return kring.awaitPost(c -> c.content().contains("Stap " + n + " van 5"));
    }

    private void awaitOutboxDrained() {
        server.awaitDelivered();
    }
}
