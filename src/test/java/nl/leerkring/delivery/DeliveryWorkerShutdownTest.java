package nl.leerkring.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import nl.leerkring.chat.Address;
import nl.leerkring.chat.OutgoingMessage;
import nl.leerkring.chat.Platform;
import nl.leerkring.chat.SendResult;
import nl.leerkring.chat.Sender;
import nl.leerkring.store.Database;
import nl.leerkring.testing.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Closing the worker while a send is in flight stops it there, instead of failing the rest of the batch. */
class DeliveryWorkerShutdownTest {

    @TempDir
    Path tempDir;

    @Test
    void closingDuringASendLeavesTheOtherRowsUntouched() throws InterruptedException {
        TestDatabases.TestDatabase db = TestDatabases.h2(tempDir);
        try (Database database = Database.open(db.url(), db.user(), db.password())) {
            Outbox outbox = new Outbox(database.jdbi());
            database.jdbi().useTransaction(h -> {
                for (String channel : List.of("C1", "C2", "C3")) {
                    Outbox.enqueue(h, OutgoingMessage.text(Address.channel(Platform.SLACK, "T1", channel), "hallo"),
                            Instant.now());
                }
            });
            HangingSender sender = new HangingSender();
            DeliveryWorker worker = new DeliveryWorker(outbox, Map.of(Platform.SLACK, sender), Clock.systemUTC(),
                    Duration.ofMillis(200), 12);
            worker.start();
            assertTrue(sender.inFlight.await(10, TimeUnit.SECONDS), "the worker never sent");

            worker.close();

            assertEquals(List.of("C1"), sender.channels, "only the send in flight may be tried");
            assertEquals(List.of(1, 0, 0), database.jdbi().withHandle(h ->
                    h.createQuery("SELECT attempts FROM outbox ORDER BY id").mapTo(Integer.class).list()));
            assertEquals(3, outbox.pendingCount());
        }
    }

    /** Like the Slack client on shutdown: blocks until interrupted, then fails and leaves the interrupt flag set. */
    private static final class HangingSender implements Sender {
        final CountDownLatch inFlight = new CountDownLatch(1);
        final List<String> channels = new CopyOnWriteArrayList<>();

        @Override
        public SendResult send(OutgoingMessage message, String threadRef) {
            channels.add(message.to().channelId());
            inFlight.countDown();
            try {
                Thread.sleep(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new SendResult.RetryLater(null, "interrupted");
        }
    }
}
