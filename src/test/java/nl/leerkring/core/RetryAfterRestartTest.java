package nl.leerkring.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import nl.leerkring.chat.InboundEvent;
import nl.leerkring.testing.BotHarness;
import nl.leerkring.testing.Rows;
import nl.leerkring.testing.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A platform's retry acts once, also when it reaches a restarted server, though only a keyed hash of its id is kept. */
class RetryAfterRestartTest {

    @TempDir
    Path tmp;

    @Test
    void aRetryAfterARestartIsRecognised() {
        var db = TestDatabases.h2(tmp);
        InboundEvent start = InboundEvent.command("slash:T1:C1:U1:1733500000.000100", BotHarness.channel("C1"), "alice", "start");
        try (BotHarness first = new BotHarness(db, Clock.systemUTC())) {
            assertTrue(first.bot().handle(start));
            String kept = Rows.one(first.database(), String.class, "SELECT event_key FROM inbound_event");
            assertEquals(64, kept.length(), "a keyed hash, not the platform's id");
            assertFalse(kept.contains("U1"));
        }
        try (BotHarness again = new BotHarness(db, Clock.systemUTC())) {
            assertFalse(again.bot().handle(start), "the retry is recognised after the restart");
            assertEquals(1L, again.count("circle"));
        }
    }
}
