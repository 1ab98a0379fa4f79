package nl.leerkring.core.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import nl.leerkring.chat.Field;
import nl.leerkring.chat.OutgoingMessage;
import nl.leerkring.testing.BotHarness;
import nl.leerkring.testing.MutableClock;
import nl.leerkring.testing.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The keep / improve / change board of reconstructie, played through the bot's buttons and forms. */
class KeepImproveChangeFlowTest {

    @TempDir
    Path tmp;
    MutableClock clock = new MutableClock(Instant.parse("2026-11-23T09:00:00Z"));
    BotHarness kring;

    @BeforeEach
    void circle() {
        kring = new BotHarness(TestDatabases.h2(tmp), clock).circle("alice", "bob lid", "carol cohost");
    }

    @AfterEach
    void close() {
        kring.close();
    }

    /** Presses the button, checks that it opened its form privately, and submits the form with this text. */
    private void fillIn(OutgoingMessage step, String user, String label, String text) {
        kring.press(user, step, label);
        OutgoingMessage form = kring.last();
        assertNotNull(form.form(), label + " opens a form, not: " + form.plainText());
        assertEquals(user, form.to().privateTo());
        kring.submit(user, form.form().action(), form.form().context(), Map.of("text", text));
    }

    @Test
    void eachOfTheThreeButtonsOpensItsFormAndTheReportKeepsTheBoardInThreeColumns() {
        kring.command("alice", "casus reconstructie Inwerken van nieuwe collega's");
        kring.deliver();
        long flow = kring.flows().newestFlow();
        String thread = kring.threadOf(flow);
        kring.pressLabelled("alice", BotHarness.text("flow.choice.next"));
        kring.reply("alice", thread, "Het inwerken van nieuwe collega's");
        OutgoingMessage board = kring.lastTitled(BotHarness.text("flow.step.title", 3, 5, "Behouden, verbeteren, veranderen"));
        List<String> labels = board.choices().stream().map(c -> c.label()).toList();
        String keep = BotHarness.text("flow.choice.keep");
        String improve = BotHarness.text("flow.choice.improve");
        String change = BotHarness.text("flow.choice.change");
        assertEquals(List.of("Behouden", "Verbeteren", "Veranderen"), List.of(keep, improve, change));
        assertTrue(labels.containsAll(List.of(keep, improve, change)), labels.toString());

        fillIn(board, "alice", keep, "Het buddysysteem");
        fillIn(board, "alice", keep, "De welkomstlunch");
        fillIn(board, "bob", improve, "De eerste werkdag");
        fillIn(board, "bob", change, "Het ontbrekende inwerkplan");
        assertEquals(2, kring.flows().stepIndex(flow), "carol has not answered yet: the board stays open");
        assertNotEquals(BotHarness.text("error.staleChoice"), kring.last().text());
        fillIn(board, "carol", change, "Laptops die pas na een week klaar zijn");
        assertEquals(3, kring.flows().stepIndex(flow), "everyone answered: the board is revealed and the step closes");
        kring.pressLabelled("alice", BotHarness.text("flow.choice.next"));
        assertEquals(4, kring.flows().stepIndex(flow));
        kring.pressLabelled("alice", BotHarness.text("flow.choice.finish"));

        OutgoingMessage report = kring.lastTitled(BotHarness.text("flow.report.title", "Inwerken van nieuwe collega's"));
        Map<String, String> fields = new java.util.LinkedHashMap<>();
        for (Field f : report.fields()) {
            fields.put(f.label(), f.value());
        }
        assertEquals("• Het buddysysteem\n• De welkomstlunch", fields.get(keep), fields.toString());
        assertEquals("• De eerste werkdag", fields.get(improve), fields.toString());
        assertEquals("• Het ontbrekende inwerkplan\n• Laptops die pas na een week klaar zijn", fields.get(change), fields.toString());
        List<String> order = List.copyOf(fields.keySet());
        assertEquals(order.indexOf(keep) + 1, order.indexOf(improve), "the columns stand side by side: " + order);
        assertEquals(order.indexOf(improve) + 1, order.indexOf(change), "the columns stand side by side: " + order);
    }
}
