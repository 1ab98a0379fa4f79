package nl.leerkring.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import nl.leerkring.chat.Address;
import nl.leerkring.chat.OutgoingMessage;
import nl.leerkring.chat.Platform;
import nl.leerkring.delivery.DeliveryWorker;
import nl.leerkring.delivery.Outbox;
import nl.leerkring.store.Database;
import nl.leerkring.testing.ScriptedSender;

/**
 * How fast the delivery worker drains a backlog: N messages in one conversation (which must go
 * strictly in order) against the same N spread over 200 conversations, measured in one run on
 * H2 files, with a platform that answers at once. Not a test: run it with
 * {@code mvn -B -q -Pbench test-compile exec:java -Dexec.mainClass=nl.leerkring.bench.OutboxDrainBenchmark}.
 */
public final class OutboxDrainBenchmark {

    private OutboxDrainBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rows = Integer.getInteger("bench.rows", 20_000);
        System.out.printf("Outbox drain, %d rows per case, H2 file database, platform answering at once%n", rows);
        for (int round = 1; round <= 2; round++) {
            report("round " + round + ", 1 conversation", drain(rows, 1));
            report("round " + round + ", 200 conversations", drain(rows, 200));
        }
    }

    private static void report(String what, double seconds) {
        System.out.printf("%-32s %7.2f s%n", what, seconds);
    }

    /** Seconds to drain {@code rows} messages spread round-robin over {@code conversations}. */
    private static double drain(int rows, int conversations) throws Exception {
        Path dir = Files.createTempDirectory("lk-drain");
        try (Database db = Database.open("jdbc:h2:file:" + dir.resolve("db"), "", "")) {
            db.jdbi().useTransaction(h -> {
                for (int i = 0; i < rows; i++) {
                    Address to = Address.channel(Platform.SLACK, "T1", "C" + (i % conversations));
                    Outbox.enqueue(h, OutgoingMessage.text(to, "bericht " + i), Clock.systemUTC().instant());
                }
            });
            ScriptedSender platform = new ScriptedSender();
            DeliveryWorker worker = new DeliveryWorker(new Outbox(db.jdbi()), Map.of(Platform.SLACK, platform),
                    Clock.systemUTC(), Duration.ofSeconds(1), 5);
            long start = System.nanoTime();
            int sent = worker.deliverDue();
            double seconds = (System.nanoTime() - start) / 1e9;
            if (sent != rows) {
                throw new IllegalStateException("sent " + sent + " of " + rows);
            }
            return seconds;
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
