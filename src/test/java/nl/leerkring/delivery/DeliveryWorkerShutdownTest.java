package nl.leerkring.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

/**
 * Closing the worker while it sends: it finishes that row, is not interrupted (an interrupt
 * during H2 file IO closes the database file), and leaves the other rows for the next start.
 */
class DeliveryWorkerShutdownTest {

    @TempDir
    Path tempDir;

    @Test
    void closeLetsTheSendInFlightFinishWithoutInterruptingItAndSendsNoMore() throws InterruptedException {
        TestDatabases.TestDatabase db = TestDatabases.h2(tempDir);
        try (Database database = Database.open(db.url(), db.user(), db.password())) {
            Outbox outbox = new Outbox(database.jdbi());
            database.jdbi().useTransaction(h -> {
                for (String channel : List.of("C1", "C2", "C3")) {
                    Outbox.enqueue(h, OutgoingMessage.text(Address.channel(Platform.SLACK, "T1", channel), "hallo"),
                            Instant.now());
                }
            });
            SlowSender sender = new SlowSender();
            DeliveryWorker worker = new DeliveryWorker(outbox, Map.of(Platform.SLACK, sender), Clock.systemUTC(),
                    Duration.ofMillis(200), 12);
            worker.start();
            try {
                assertTrue(sender.inFlight.await(10, TimeUnit.SECONDS), "the worker never sent");

                Thread closing = new Thread(worker::close, "closing");
                closing.start();
                closing.join(300);
                assertTrue(closing.isAlive(), "close() must wait for the send in flight");
                sender.finish.countDown();
                closing.join(10_000);

                assertFalse(closing.isAlive(), "close() did not return after the send finished");
                assertFalse(sender.interrupted, "close() interrupted the worker");
                assertEquals(List.of("C1"), sender.channels, "no new send after close()");
                assertEquals(List.of("sent:1", "pending:0", "pending:0"), database.jdbi().withHandle(h ->
                        h.createQuery("SELECT status || ':' || attempts FROM outbox ORDER BY id").mapTo(String.class).list()));
            } finally {
                // after a failure above: no worker left sending (or waiting in its send) once the test is over
                sender.finish.countDown();
                worker.close();
            }
        }
    }

    /** A send that takes until the test lets it finish, and notes whether its thread was interrupted. */
    private static final class SlowSender implements Sender {
        final CountDownLatch inFlight = new CountDownLatch(1);
        final CountDownLatch finish = new CountDownLatch(1);
        final List<String> channels = new CopyOnWriteArrayList<>();
        volatile boolean interrupted;

        @Override
        public SendResult send(OutgoingMessage message, String threadRef) {
            channels.add(message.to().channelId());
            inFlight.countDown();
            try {
                finish.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                interrupted = true;
                Thread.currentThread().interrupt();
            }
            return new SendResult.Sent("1700000000.000001");
        }
    }
}
