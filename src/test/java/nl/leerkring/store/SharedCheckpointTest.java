package nl.leerkring.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import nl.leerkring.testing.Await;
import nl.leerkring.testing.CrashImage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Threads that make their commits durable at the same moment share one file write, and none
 * takes a write that began before its own commit for its own. The database runs with a write
 * delay of a minute, so that only what {@link Durability#ensure} wrote is in a copy of its file.
 */
class SharedCheckpointTest {

    private static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");

    @TempDir
    Path dir;

    private Database db;

    @AfterEach
    void close() {
        if (db != null) {
            db.close();
        }
    }

    @Test
    void threeThatAskDuringAWriteShareTheNextAndEachFindsItsCommitInTheFile() throws Exception {
        db = Database.open("jdbc:h2:file:" + dir.resolve("live/db") + ";WRITE_DELAY=60000", "", "");
        AtomicInteger writes = new AtomicInteger();
        CountDownLatch firstWritten = new CountDownLatch(1);
        CountDownLatch firstMayEnd = new CountDownLatch(1);
        // the first write has written the file and takes its time to return
        db.jdbi().getConfig(Durability.class).checkpointOnEnsure(h -> {
            h.execute("CHECKPOINT");
            if (writes.incrementAndGet() == 1) {
                firstWritten.countDown();
                awaitQuietly(firstMayEnd);
            }
        });

        Thread first = commitAndEnsure("first");
        assertEquals(true, firstWritten.await(10, TimeUnit.SECONDS), "the first write began");
        List<Thread> later = new ArrayList<>();
        for (String key : List.of("a", "b", "c")) {
            later.add(commitAndEnsure(key));
        }
        Await.until(() -> later.stream().allMatch(SharedCheckpointTest::waitsForAWrite),
                () -> "the three later ones wait for the file to be written");

        firstMayEnd.countDown();
        for (Thread t : later) {
            t.join(10_000);
        }
        first.join(10_000);

        assertEquals(2, writes.get(), "one write for the first, one shared by the three that asked after it began");
        assertEquals(4, CrashImage.count(dir.resolve("live/db"), dir, "SELECT COUNT(*) FROM inbound_event"),
                "each commit is in the file when its ensure returned");
    }

    @Test
    void aWriteThatFailsLeavesTheNextAskerToWrite() throws Exception {
        db = Database.open("jdbc:h2:file:" + dir.resolve("live/db") + ";WRITE_DELAY=60000", "", "");
        AtomicInteger writes = new AtomicInteger();
        db.jdbi().getConfig(Durability.class).checkpointOnEnsure(h -> {
            if (writes.incrementAndGet() == 1) {
                throw new IllegalStateException("disk away");
            }
            h.execute("CHECKPOINT");
        });
        IllegalStateException failed = assertThrows(IllegalStateException.class, () -> insertAndEnsure("first"));
        assertEquals("disk away", failed.getMessage(), "the thread whose write failed hears of it");
        assertEquals(0, CrashImage.count(dir.resolve("live/db"), dir, "SELECT COUNT(*) FROM inbound_event"));

        insertAndEnsure("second");
        assertEquals(2, CrashImage.count(dir.resolve("live/db"), dir, "SELECT COUNT(*) FROM inbound_event"));
    }

    private Thread commitAndEnsure(String key) {
        Thread t = new Thread(() -> insertAndEnsure(key), "ensure-" + key);
        t.start();
        return t;
    }

    private void insertAndEnsure(String key) {
        db.jdbi().useHandle(h -> {
            h.execute("INSERT INTO inbound_event (platform, event_key, received_at) VALUES ('SLACK', ?, ?)", key, NOW);
            Durability.ensure(h);
        });
    }

    private static boolean waitsForAWrite(Thread t) {
        return t.getState() == Thread.State.WAITING && Arrays.stream(t.getStackTrace())
                .anyMatch(f -> f.getClassName().endsWith("Durability$Checkpoints") && f.getMethodName().equals("ensure"));
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
