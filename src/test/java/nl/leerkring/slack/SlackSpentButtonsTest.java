package nl.leerkring.slack;

import static nl.leerkring.testing.SlackChannel.buttonLabels;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import nl.leerkring.testing.FakeSlackApi;
import nl.leerkring.testing.FakeSlackApi.Call;
import nl.leerkring.testing.SlackChannel;
import nl.leerkring.testing.SlackServer;
import nl.leerkring.testing.TestMethods;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Buttons that are spent look spent: when a step ends or a vote closes, the step's message is
 * changed in place ({@code chat.update} of its ts, through the outbox) to what came of it, with
 * no buttons left; a press on it that comes late is answered kindly and changes nothing. Over
 * {@code /slack/events} with signed requests, against the fake Slack Web API.
 */
class SlackSpentButtonsTest {

    private static final String ALICE = "UALICE";
    private static final String BOB = "UBOB";
    private static final String CAROL = "UCAROL";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Three short steps: the case, ideas in the thread (moved on by a press), a vote on them. */
    private static final String METHOD = """
            id: stemtest
            name: {nl: Stemtest, en: Vote test}
            purpose: {nl: Een stem, en: A vote}
            source: test
            steps:
              - id: casus
                title: {nl: De casus, en: The case}
                prompt: {nl: Beschrijf de casus., en: Describe the case.}
                actor: bringer
                input: text
                fills: case
                complete: all_answered
              - id: ideeen
                title: {nl: Ideeën, en: Ideas}
                prompt: {nl: Noem ideeën in de draad., en: Name ideas in the thread.}
                actor: everyone
                input: ideas
                complete: moved_on
              - id: kiezen
                title: {nl: Kiezen, en: Choosing}
                prompt: {nl: Kies een idee., en: Choose an idea.}
                actor: everyone
                input: vote
                options_from: ideeen
                complete: all_answered
              - id: dialoog
                title: {nl: Dialoog, en: Dialogue}
                prompt: {nl: Praat erover., en: Talk about it.}
                actor: everyone
                input: text
                complete: moved_on
            """;

    @TempDir
    Path tmp;

    private SlackServer server;
    private FakeSlackApi slack;
    private SlackChannel kring;

    @BeforeEach
    void start() {
        server = SlackServer.startWithMethods(tmp, TestMethods.withFile(tmp.resolve("methods"), "stemtest.yaml", METHOD));
        slack = server.api();
        kring = server.channel("CKRING");
        kring.startCircle(ALICE, List.of(BOB, CAROL));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aClosedVoteIsShownWithItsOutcomeAndALatePressIsAnsweredKindly() throws Exception {
        kring.command(ALICE, "casus stemtest Wachtlijst");
        String thread = kring.awaitPostStarting("Wachtlijst").ref();
        kring.reply(ALICE, thread, "Een gezin wacht al maanden.");

        // the ideas step, moved on by the bringer: its message then says so, without its buttons
        Call ideas = kring.awaitPostStarting("Stap 2 van 4");
        assertTrue(buttonLabels(ideas).contains("Volgende stap"), buttonLabels(ideas).toString());
        kring.reply(BOB, thread, "Warme overdracht");
        kring.reply(CAROL, thread, "Vaste belafspraak");
        server.awaitDelivered();
        kring.press(ALICE, ideas, "Volgende stap");
        Call ideasSpent = awaitUpdateOf(ideas);
        assertEquals("Stap 2 van 4 — Ideeën\nDeze stap is afgerond: <@UALICE> ging door naar de volgende.",
                ideasSpent.field("text"));
        assertEquals(List.of(), actionBlocks(ideasSpent));

        // the vote: each member votes, the last vote closes it
        Call vote = kring.awaitPostStarting("Stap 3 van 4");
        assertEquals(List.of("Warme overdracht", "Vaste belafspraak", "Volgende stap", "Casus beëindigen"), buttonLabels(vote));
        int mark = kring.mark();
        kring.press(BOB, vote, "Warme overdracht");
        kring.awaitEphemeral(mark, BOB, "Je stem is geteld");
        assertTrue(slack.calls("chat.update").stream().noneMatch(c -> c.field("ts").equals(vote.ref())),
                "an open vote keeps its buttons");
        kring.press(CAROL, vote, "Warme overdracht");

        Call closed = awaitUpdateOf(vote);
        assertEquals("CKRING", closed.field("channel"));
        assertEquals("Stap 3 van 4 — Kiezen\nGekozen: Warme overdracht (2 stemmen)", closed.field("text"));
        assertEquals(List.of(), actionBlocks(closed), "no buttons left: " + closed.field("blocks"));
        assertTrue(closed.field("blocks").contains("Gekozen: Warme overdracht (2 stemmen)"), closed.field("blocks"));
        kring.awaitPostStarting("Stap 4 van 4");
        assertEquals(1, slack.calls("chat.update").stream().filter(c -> c.field("ts").equals(vote.ref())).count(),
                "the message is changed once");

        // a press on the old buttons that comes late (a client that had not refreshed yet)
        mark = kring.mark();
        kring.press(BOB, vote, "Vaste belafspraak");
        Call late = kring.awaitEphemeral(mark, BOB, "Deze stap is al voorbij.");
        assertEquals(thread, late.threadTs(), "answered where the button was");
        server.awaitDelivered();
        assertEquals(List.of(), slack.calls().stream().skip(mark)
                .filter(c -> c.method().equals("chat.postMessage") || c.method().equals("chat.update")).toList(),
                "a late press changes nothing and posts nothing in the channel");
    }

    @Test
    void aTieBrokenByTheBringerShowsTheChoiceOnTheTieAndOnTheVote() throws Exception {
        kring.command(ALICE, "casus stemtest Planning");
        String thread = kring.awaitPostStarting("Planning").ref();
        kring.reply(ALICE, thread, "De planning loopt uit.");
        Call ideas = kring.awaitPostStarting("Stap 2 van 4");
        kring.reply(BOB, thread, "Eerder beginnen");
        kring.reply(CAROL, thread, "Minder overleg");
        server.awaitDelivered();
        kring.press(ALICE, ideas, "Volgende stap");
        Call vote = kring.awaitPostStarting("Stap 3 van 4");
        int mark = kring.mark();
        kring.press(BOB, vote, "Eerder beginnen");
        kring.awaitEphemeral(mark, BOB, "Je stem is geteld");
        kring.press(CAROL, vote, "Minder overleg");

        Call tie = kring.awaitPostStarting("Gelijke stand");
        assertEquals(List.of("Eerder beginnen", "Minder overleg"), buttonLabels(tie));
        server.awaitDelivered();
        assertTrue(slack.calls("chat.update").stream().noneMatch(c -> c.field("ts").equals(vote.ref())),
                "the vote waits for the bringer");
        kring.press(ALICE, tie, "Minder overleg");

        Call tieSpent = awaitUpdateOf(tie);
        assertEquals("<@UALICE> koos bij de gelijke stand: Minder overleg", tieSpent.field("text"));
        assertEquals(List.of(), actionBlocks(tieSpent));
        Call voteSpent = awaitUpdateOf(vote);
        assertEquals("Stap 3 van 4 — Kiezen\nGekozen: Minder overleg (1 stem)", voteSpent.field("text"));
        assertEquals(List.of(), actionBlocks(voteSpent));
        kring.awaitPostStarting("Stap 4 van 4");
    }

    @Test
    void endingACaseMarksTheRunningStepAsEnded() throws Exception {
        kring.command(ALICE, "casus stemtest Overdracht");
        String thread = kring.awaitPostStarting("Overdracht").ref();
        kring.reply(ALICE, thread, "Een overdracht ging mis.");
        Call ideas = kring.awaitPostStarting("Stap 2 van 4");
        int mark = kring.mark();
        kring.press(ALICE, ideas, "Casus beëindigen");
        Call ask = kring.awaitEphemeral(mark, ALICE, "Wil je de casus \"Overdracht\" nu beëindigen?");
        kring.press(ALICE, ask, "Ja, beëindigen");
        Call ended = awaitUpdateOf(ideas);
        assertEquals("Stap 2 van 4 — Ideeën\nDe casus is hier beëindigd door <@UALICE>.", ended.field("text"));
        assertEquals(List.of(), actionBlocks(ended));
        kring.awaitPostStarting("Verslag: Overdracht");

        // the question only Alice saw is an ephemeral: changed through the response_url of her press
        Call answered = slack.await("response_url", c -> "true".equals(c.field("replace_original")));
        assertEquals("De casus \"Overdracht\" beëindigen? Je koos: Ja, beëindigen", answered.field("text"));
        assertFalse(answered.field("blocks").contains("\"button\""), answered.field("blocks"));

        // pressed again (a second click before the change arrived): a kind answer, nothing ends twice
        mark = kring.mark();
        kring.press(ALICE, ask, "Ja, beëindigen");
        kring.awaitEphemeral(mark, ALICE, "Deze casus loopt niet meer.");
        server.awaitDelivered();
        assertEquals(1, slack.calls("chat.postMessage").stream().filter(c -> c.field("text").startsWith("Verslag: Overdracht")).count());
    }

    @Test
    void cancellingTheEndShowsTheChoiceInThePlaceOfTheQuestion() {
        kring.command(ALICE, "casus stemtest Rooster");
        String thread = kring.awaitPostStarting("Rooster").ref();
        kring.reply(ALICE, thread, "Het rooster klopt niet.");
        Call ideas = kring.awaitPostStarting("Stap 2 van 4");
        int mark = kring.mark();
        kring.press(ALICE, ideas, "Casus beëindigen");
        Call ask = kring.awaitEphemeral(mark, ALICE, "Wil je de casus \"Rooster\" nu beëindigen?");
        kring.press(ALICE, ask, "Annuleren");
        Call answered = slack.await("response_url", c -> "true".equals(c.field("replace_original")));
        assertEquals("De casus \"Rooster\" beëindigen? Je koos: Annuleren", answered.field("text"));
        kring.awaitEphemeral(mark, ALICE, "Prima, de casus loopt door.");
        server.awaitDelivered();
        assertTrue(slack.calls("chat.update").stream().noneMatch(c -> c.field("ts").equals(ideas.ref())),
                "the step goes on with its buttons");
    }

    private Call awaitUpdateOf(Call message) {
        return slack.await("chat.update", c -> c.field("ts").equals(message.ref()));
    }

    /** The actions blocks (buttons) of a chat.update. */
    private static List<JsonNode> actionBlocks(Call update) throws Exception {
        List<JsonNode> actions = new java.util.ArrayList<>();
        JSON.readTree(update.field("blocks")).forEach(b -> {
            if ("actions".equals(b.path("type").asText())) {
                actions.add(b);
            }
        });
        assertFalse(update.field("blocks").contains("\"button\""), update.field("blocks"));
        return actions;
    }
}
