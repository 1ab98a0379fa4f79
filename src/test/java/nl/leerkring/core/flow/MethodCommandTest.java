package nl.leerkring.core.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import nl.leerkring.chat.OutgoingMessage;
import nl.leerkring.testing.BotHarness;
import nl.leerkring.testing.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /kring methode <naam>}: what a method asks of the circle before anyone starts it. */
class MethodCommandTest {

    @TempDir
    Path tmp;
    private BotHarness kring;

    @BeforeEach
    void open() {
        kring = new BotHarness(TestDatabases.h2(tmp), Clock.systemUTC());
    }

    @AfterEach
    void close() {
        kring.close();
    }

    @Test
    void showsTheStepsWithTheirTimeAndTheTotalPrivatelyAndStartsNothing() {
        kring.command("alice", "methode actieleren");

        OutgoingMessage shown = kring.last();
        assertEquals("alice", shown.to().privateTo());
        assertEquals("Actieleren", shown.title());
        assertTrue(shown.text().contains("\n1. De casus"), shown.text());
        assertTrue(shown.text().contains("\n9. Vervolgacties"), shown.text());
        assertTrue(shown.text().contains("3. Antwoorden in één minuut (1 minuut)"), shown.text());
        assertTrue(shown.text().contains(BotHarness.text("method.start", "actieleren")), shown.text());
        assertEquals(0L, kring.count("flow_run"), "only shown, nothing started");
    }

    @Test
    void anEnglishAliasFindsTheMethodAndAnUnknownOneListsThem() {
        kring.command("alice", "method intervision");
        assertTrue(kring.last().title() != null && !kring.last().text().isBlank(), kring.last().text());

        kring.command("alice", "methode bestaatniet");
        assertTrue(kring.last().text().startsWith(BotHarness.text("method.unknown", "bestaatniet", "").split(":")[0]),
                kring.last().text());
    }
}
