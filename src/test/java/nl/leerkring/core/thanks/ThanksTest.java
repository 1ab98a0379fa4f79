package nl.leerkring.core.thanks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import nl.leerkring.chat.OutgoingMessage;
import nl.leerkring.testing.BotHarness;
import nl.leerkring.testing.MutableClock;
import nl.leerkring.testing.Rows;
import nl.leerkring.testing.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /kring dank}: said in the channel, counted without who or what, forgotten after its retention. */
class ThanksTest {

    @TempDir
    Path tmp;
    private MutableClock clock;
    private BotHarness kring;

    @BeforeEach
    void open() {
        clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));
        kring = new BotHarness(TestDatabases.h2(tmp), clock).circle("alice", "bob lid");
    }

    @AfterEach
    void close() {
        kring.close();
    }

    @Test
    void thanksAreSaidToTheCircleAndOnlyTheirMomentIsKept() {
        kring.command("bob", "dank voor het luisteren gisteren");

        OutgoingMessage said = kring.last();
        assertFalse(said.to().isDirect(), "the whole circle hears it");
        assertEquals("🙏 <@bob> bedankt de hele kring: voor het luisteren gisteren", said.text());
        assertEquals(1L, kring.count("circle_thanks"));
        assertEquals(0L, Rows.count(kring.database(), """
                SELECT COUNT(*) FROM INFORMATION_SCHEMA.COLUMNS WHERE LOWER(TABLE_NAME) = 'circle_thanks'
                   AND LOWER(COLUMN_NAME) NOT IN ('id', 'workspace_id', 'circle_id', 'created_at')"""),
                "neither the text nor who thanked is stored");

        kring.command("alice", "dank");
        assertEquals(BotHarness.text("thanks.count", 1, 8), kring.last().text());
    }

    @Test
    void outsiderIsRefusedAndOldThanksAreForgotten() {
        kring.command("mallory", "dank iedereen");
        assertEquals(0L, kring.count("circle_thanks"), "only members thank their circle");

        kring.command("bob", "dank allemaal");
        clock.advance(Duration.ofDays(366));
        kring.housekeeping();
        assertEquals(0L, kring.count("circle_thanks"));
    }
}
