package nl.leerkring.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import nl.leerkring.chat.Address;
import nl.leerkring.chat.OutgoingMessage;
import nl.leerkring.chat.Platform;
import nl.leerkring.config.Config;
import nl.leerkring.delivery.DeliveryWorker;
import nl.leerkring.delivery.Outbox;
import nl.leerkring.delivery.PlatformPacer;
import nl.leerkring.slack.TestSlackSender;
import nl.leerkring.store.Database;
import nl.leerkring.testing.FakeSlackApi;
import nl.leerkring.testing.TestConfigs;
import nl.leerkring.testing.TestDatabases;

/**
 * How long one instance takes to deliver N messages spread over M Slack channels, with the
 * real Slack sender and pacing against a fake Slack Web API that answers after 150 ms and
 * answers 429 to a second post in a channel within a second; compared with the least time
 * Slack's limits allow (1 post per second per channel; 300 per minute per workspace after a
 * first 300), plus one answer's latency. Not a test: run it with
 * {@code mvn -B -q -Pbench test-compile exec:java -Dexec.mainClass=nl.leerkring.bench.DeliveryPaceBenchmark}.
 */
public final class DeliveryPaceBenchmark {

    private DeliveryPaceBenchmark() {
    }

    private record Case(int messages, int channels, int threads) {
    }

    public static void main(String[] args) throws Exception {
        Duration latency = Duration.ofMillis(Long.getLong("bench.latency.millis", 150));
        List<Case> cases = List.of(new Case(30, 1, 8), new Case(100, 10, 8), new Case(200, 50, 8),
                new Case(300, 100, 8), new Case(300, 100, 32), new Case(450, 150, 32));
        System.out.printf("Delivery at Slack's pace: H2 file database, 1 instance, fake Slack API answering after %d ms%n",
                latency.toMillis());
        System.out.printf("%9s %9s %8s %12s %12s %8s %6s%n", "messages", "channels", "threads", "minimum (s)", "measured (s)",
                "x min", "429s");
        for (Case c : cases) {
            double minimum = minimumSeconds(c.messages(), c.channels()) + latency.toMillis() / 1000.0;
            Result r = run(c, latency);
            System.out.printf("%9d %9d %8d %12.2f %12.2f %8.2f %6d%n", c.messages(), c.channels(), c.threads(), minimum,
                    r.seconds(), r.seconds() / minimum, r.tooManyRequests());
        }
    }

    /** From the first post to the last, the least Slack allows: the fullest channel at 1/s, the workspace at 5/s after 300. */
    static double minimumSeconds(int messages, int channels) {
        int perChannel = (messages + channels - 1) / channels;
        double channelBound = perChannel - 1;
        double workspaceBound = Math.max(0, messages - 300) / 5.0;
        return Math.max(channelBound, workspaceBound);
    }

    private record Result(double seconds, long tooManyRequests) {
    }

    private static Result run(Case c, Duration latency) throws Exception {
        Path dir = Files.createTempDirectory("lk-pace");
        try (FakeSlackApi api = FakeSlackApi.start();
             Database db = Database.open("jdbc:h2:file:" + dir.resolve("db"), "", "")) {
            api.latency(latency);
            api.enforceOnePostPerSecondPerChannel(Duration.ofMillis(100));
            db.jdbi().useTransaction(h -> {
                for (int i = 0; i < c.messages(); i++) {
                    Address to = Address.channel(Platform.SLACK, FakeSlackApi.TEAM_ID, "C" + (i % c.channels()));
                    Outbox.enqueue(h, OutgoingMessage.text(to, "bericht " + i), Clock.systemUTC().instant());
                }
            });
            Config config = TestConfigs.withSlack(TestConfigs.server(TestDatabases.h2(dir)), api.apiUrl());
            long start;
            try (TestSlackSender sender = TestSlackSender.to(api, config)) {
                Outbox outbox = new Outbox(db.jdbi());
                DeliveryWorker worker = new DeliveryWorker(outbox, Map.of(Platform.SLACK, sender), Clock.systemUTC(),
                        Duration.ofSeconds(1), 12, c.threads(), PlatformPacer.inMemory(Clock.systemUTC()));
                start = System.nanoTime();
                worker.start();
                while (outbox.pendingCount() > 0) {
                    Thread.sleep(20);
                }
                worker.close();
            }
            List<FakeSlackApi.Call> posts = api.calls("chat.postMessage");
            // from the worker's start to the answer to the last post
            long last = posts.stream().mapToLong(FakeSlackApi.Call::atNanos).max().orElseThrow();
            double seconds = (last - start) / 1e9;
            return new Result(seconds, posts.stream().filter(p -> p.status() == 429).count());
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
