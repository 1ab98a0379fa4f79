package nl.leerkring.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import nl.leerkring.chat.Address;
import nl.leerkring.chat.OutgoingMessage;
import nl.leerkring.chat.Platform;
import nl.leerkring.store.Database;
import nl.leerkring.store.Durability;
import nl.leerkring.store.GroupCommit;
import nl.leerkring.testing.CrashImage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a kill leaves of an H2 database: its file, copied while the database is open and then
 * opened on its own (H2 recovers it as after a kill). The database runs with a write delay of a
 * minute, so that nothing reaches the file by H2's background writer during a test: what the
 * copy holds is what was made durable.
 */
class DurabilityTest {

    private static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");

    @TempDir
    Path dir;

    private Database db;

    @BeforeEach
    void open() {
        db = Database.open("jdbc:h2:file:" + dir.resolve("live/db") + ";WRITE_DELAY=60000", "", "");
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void aCommitReachesTheFileWhenMadeDurableAndNotBefore() {
        db.jdbi().useHandle(h -> h.execute("INSERT INTO inbound_event (platform, event_key, received_at) VALUES ('SLACK', 'k1', ?)",
                NOW));
        assertEquals(0, afterAKill("SELECT COUNT(*) FROM inbound_event"), "committed, not yet durable");
        db.jdbi().useHandle(Durability::ensure);
        assertEquals(1, afterAKill("SELECT COUNT(*) FROM inbound_event"));
    }

    @Test
    void aGroupCommitIsDurableWhenItsWriterReturns() {
        try (GroupCommit commits = new GroupCommit(db.jdbi(), "test")) {
            commits.write(h -> h.execute("INSERT INTO inbound_event (platform, event_key, received_at) VALUES ('SLACK', 'k2', ?)",
                    NOW), Duration.ofSeconds(5));
        }
        assertEquals(1, afterAKill("SELECT COUNT(*) FROM inbound_event WHERE event_key = 'k2'"));
    }

    @Test
    void aClaimIsDurableBeforeItsMessageIsSentAndCarriesTheTurnThatWroteIt() {
        Outbox outbox = new Outbox(db.jdbi());
        db.jdbi().useTransaction(h -> Outbox.enqueue(h, OutgoingMessage.text(Address.channel(Platform.SLACK, "T1", "C1"), "hallo"),
                NOW));
        long id = db.jdbi().withHandle(h -> h.select("SELECT id FROM outbox").mapTo(Long.class).one());
        assertEquals(0, afterAKill("SELECT COUNT(*) FROM outbox"), "the turn's commit alone is not durable");

        assertTrue(outbox.claim(id, NOW, NOW.plusSeconds(30), "worker-1"));
        assertEquals(1, afterAKill("SELECT COUNT(*) FROM outbox WHERE claimed_by = 'worker-1'"));
    }

    private long afterAKill(String count) {
        return CrashImage.count(dir.resolve("live/db"), dir, count);
    }
}
