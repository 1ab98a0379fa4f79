package nl.leerkring.core.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import nl.leerkring.chat.Choice;
import nl.leerkring.chat.OutgoingMessage;
import nl.leerkring.testing.BotHarness;
import nl.leerkring.testing.FlowTables;
import nl.leerkring.testing.MutableClock;
import nl.leerkring.testing.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Turns are kept as the method says: only a step's actors contribute, and a round goes one by one. */
class StepActorsFlowTest {

    @TempDir
    Path tmp;
    MutableClock clock = new MutableClock(Instant.parse("2026-11-23T09:00:00Z"));
    BotHarness kring;

    @BeforeEach
    void circle() {
        kring = new BotHarness(TestDatabases.h2(tmp), clock).circle("alice", "bob lid", "carol lid", "dave lid", "erin cohost");
    }

    @AfterEach
    void close() {
        kring.close();
    }

    long start(String method) {
        kring.command("alice", "casus " + method + " Overdracht");
        kring.deliver();
        return kring.flows().newestFlow();
    }

    String at(long flow) {
        return flow + ":" + kring.flows().stepIndex(flow);
    }

    String lastTo(String user) {
        List<OutgoingMessage> direct = kring.outbox().stream().filter(m -> user.equals(m.to().privateTo())).toList();
        return direct.get(direct.size() - 1).text();
    }

    @Test
    void inTheVoteOnlyTheStepsActorsVoteAndTheBringerBreaksATie() {
        long flow = start("actieleren");
        String thread = kring.threadOf(flow);
        kring.reply("alice", thread, "De casus.");
        kring.reply("alice", thread, "De vraag?");
        kring.submit("bob", "flow.answer.submit", at(flow), Map.of("text", "Bellen"));
        kring.submit("carol", "flow.answer.submit", at(flow), Map.of("text", "Mailen"));
        clock.advance(Duration.ofMinutes(1));
        kring.timers().fireDue(kring.bot(), clock.instant());
        for (String picked : kring.database().jdbi().withHandle(h -> h.createQuery("SELECT actors FROM flow_run")
                .mapTo(String.class).one()).split(",")) {
            kring.press(picked, "flow.pass", at(flow));
        }
        assertEquals(4, kring.flows().stepIndex(flow));
        OutgoingMessage vote = kring.lastTitled(BotHarness.text("flow.step.title", 5, 9, "Ideeën kiezen"));
        Choice bellen = vote.choices().stream().filter(c -> c.label().equals("Bellen")).findFirst().orElseThrow();
        Choice mailen = vote.choices().stream().filter(c -> c.label().equals("Mailen")).findFirst().orElseThrow();

        kring.press("alice", bellen.action(), bellen.value());
        assertEquals(BotHarness.text("flow.error.bringerListens"), lastTo("alice"));
        assertTrue(kring.flows().contributionRows(flow, 4).isEmpty(), "the bringer's vote is not counted");

        kring.press("bob", bellen.action(), bellen.value());
        kring.press("carol", bellen.action(), bellen.value());
        kring.press("dave", mailen.action(), mailen.value());
        kring.press("erin", mailen.action(), mailen.value());
        assertEquals(4, kring.flows().stepIndex(flow), "a tie is not decided silently");
        OutgoingMessage tie = kring.last();
        assertTrue(tie.text().startsWith(BotHarness.text("flow.vote.tie", 2, "<@alice>")), tie.text());
        assertEquals(List.of("Bellen", "Mailen"), tie.choices().stream().map(Choice::label).toList());

        kring.press("bob", tie, "Mailen");
        assertEquals(BotHarness.text("flow.vote.tieIsForBringer", "<@alice>"), lastTo("bob"));
        assertEquals(4, kring.flows().stepIndex(flow));
        kring.press("alice", tie, "Mailen");
        assertEquals(5, kring.flows().stepIndex(flow));
        assertTrue(kring.outbox().stream().anyMatch(m -> m.plainText().contains(BotHarness.text("flow.vote.chosen", "Mailen", 2))));
    }

    @Test
    void inTheGossipStepTheBringerListensAndTheRoundGoesOneByOne() {
        long flow = start("roddelmethode");
        String thread = kring.threadOf(flow);
        kring.reply("alice", thread, "Hoe krijg ik mijn team mee?");
        assertEquals(1, kring.flows().stepIndex(flow));
        List<String> order = List.of(kring.database().jdbi().withHandle(h -> h.createQuery("SELECT actors FROM flow_run")
                .mapTo(String.class).one()).split(","));
        String first = order.get(0);
        String second = order.get(1);
        kring.reply(second, thread, "Ik wil ook wat vragen");
        assertEquals(BotHarness.text("flow.error.waitYourTurn", "<@" + first + ">"), lastTo(second));
        assertTrue(kring.flows().contributionRows(flow, 1).isEmpty(), "an answer out of turn is not recorded");
        kring.reply(first, thread, "Wat heb je al geprobeerd?");
        kring.reply(second, thread, "Wie beslist er?");
        assertEquals(List.of(first, second), kring.flows().contributionRows(flow, 1).stream().map(FlowTables.Contribution::user).toList());

        kring.press("alice", "flow.next", at(flow));
        assertEquals(2, kring.flows().stepIndex(flow));
        kring.reply("bob", thread, "Ik denk dat ze bang is voor gezichtsverlies.");
        kring.reply("alice", thread, "Dat klopt niet!");
        assertEquals(BotHarness.text("flow.error.bringerListens"), lastTo("alice"));
        assertEquals(List.of("bob"), kring.flows().contributionRows(flow, 2).stream().map(FlowTables.Contribution::user).toList());
    }

    @Test
    void onlyTheCohostRecordsTheSmartAgreements() {
        long flow = start("reconstructie");
        String thread = kring.threadOf(flow);
        kring.pressLabelled("alice", BotHarness.text("flow.choice.next"));
        kring.reply("alice", thread, "Het inwerken");
        kring.pressLabelled("alice", BotHarness.text("flow.choice.next"));
        kring.pressLabelled("alice", BotHarness.text("flow.choice.next"));
        assertEquals(4, kring.flows().stepIndex(flow));

        kring.reply("bob", thread, "<@bob> schrijft een inwerkplan voor 12-01-2027");
        assertEquals(BotHarness.text("flow.error.notYourTurn", "<@erin>", 1), lastTo("bob"));
        kring.reply("erin", thread, "<@bob> schrijft een inwerkplan voor 12-01-2027");
        assertEquals(List.of("bob"), kring.flows().actions(flow).stream().map(FlowTables.Action::owner).toList());
        assertFalse(kring.flows().contributionRows(flow, 4).stream().anyMatch(c -> c.user().equals("bob")));
    }
}
