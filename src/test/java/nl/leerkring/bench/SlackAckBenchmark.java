package nl.leerkring.bench;

import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import com.slack.api.bolt.App;
import com.slack.api.bolt.AppConfig;
import com.slack.api.bolt.jakarta_servlet.SlackAppServlet;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import nl.leerkring.Leerkring;
import nl.leerkring.testing.FakeSlackApi;
import nl.leerkring.testing.Rows;
import nl.leerkring.testing.TestConfigs;
import nl.leerkring.testing.TestDatabases;

/**
 * How fast does Leerkring ack a signed slash command, next to a bare Bolt app that only acks?
 *
 * <p>One Jetty (Leerkring's own web server) serves both: Leerkring's real {@code /slack/events}
 * (the whole app on a fresh H2 file database, Slack's Web API faked on loopback) and, at
 * {@code /bare/slack/events}, a Bolt app with the same signing secret whose {@code /kring}
 * listener only does {@code return ctx.ack()}. Both targets are warmed up, then measured in
 * alternating runs. Not a test: run it with {@code mvn -B -q -Pbench test-compile exec:java}.
 *
 * <p>System properties: {@code bench.threads} (8), {@code bench.seconds} per run (10),
 * {@code bench.warmup} seconds per target (20), {@code bench.rounds} (2). With these it runs about 85 s.
 */
public final class SlackAckBenchmark {

    private static final String LEERKRING = "leerkring";
    private static final String BARE = "bare Bolt";

    private SlackAckBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int threads = Integer.getInteger("bench.threads", 8);
        Duration measured = Duration.ofSeconds(Integer.getInteger("bench.seconds", 10));
        Duration warmup = Duration.ofSeconds(Integer.getInteger("bench.warmup", 20));
        int rounds = Integer.getInteger("bench.rounds", 2);
        System.out.printf("Slack ack benchmark: %d client threads, warm-up %d s per target, %d rounds of %d s per target%n",
                threads, warmup.toSeconds(), rounds, measured.toSeconds());
        System.out.printf("Java %s (%s), %d processors%n", System.getProperty("java.version"),
                System.getProperty("java.vm.name"), Runtime.getRuntime().availableProcessors());

        Path dir = Files.createTempDirectory("leerkring-bench");
        try (FakeSlackApi slack = FakeSlackApi.start();
             Slack bareSlack = slackAt(slack.apiUrl())) {
            slack.recordCalls(false);
            Leerkring app = Leerkring.create(TestConfigs.withSlack(TestConfigs.server(TestDatabases.h2(dir)), slack.apiUrl()),
                    Clock.systemUTC());
            try {
                app.startServer(Map.of("/bare/slack/events", new SlackAppServlet(bareBolt(bareSlack))));
                URI leerkring = URI.create("http://127.0.0.1:" + app.port() + "/slack/events");
                URI bare = URI.create("http://127.0.0.1:" + app.port() + "/bare/slack/events");
                SlashCommandLoad load = new SlashCommandLoad(TestConfigs.SIGNING_SECRET, threads);

                report("warm-up", load.run(BARE, bare, warmup), app);
                report("warm-up", load.run(LEERKRING, leerkring, warmup), app);
                List<LoadResult> bareRuns = new ArrayList<>();
                List<LoadResult> leerkringRuns = new ArrayList<>();
                for (int round = 1; round <= rounds; round++) {
                    bareRuns.add(report("round " + round, load.run(BARE, bare, measured), app));
                    leerkringRuns.add(report("round " + round, load.run(LEERKRING, leerkring, measured), app));
                }
                summary(LoadResult.combine(BARE, bareRuns), LoadResult.combine(LEERKRING, leerkringRuns), app);
            } finally {
                app.close();
            }
        } finally {
            deleteTree(dir);
        }
    }

    /** The baseline: Bolt with the same secret, token and fake API, whose listener does nothing but ack. */
    private static App bareBolt(Slack slack) {
        App app = new App(AppConfig.builder()
                .signingSecret(TestConfigs.SIGNING_SECRET)
                .singleTeamBotToken(TestConfigs.BOT_TOKEN)
                .slack(slack)
                .build());
        app.command("/kring", (req, ctx) -> ctx.ack());
        return app;
    }

    private static Slack slackAt(String apiUrl) {
        SlackConfig config = new SlackConfig();
        config.setMethodsEndpointUrlPrefix(apiUrl);
        return Slack.getInstance(config);
    }

    private static LoadResult report(String phase, LoadResult result, Leerkring app) {
        System.out.printf("%-8s %s   outbox pending after: %d; CPU s %s%n", phase, result.row(),
                app.outbox().pendingCount(), compact(result.cpuSeconds()));
        return result;
    }

    private static void summary(LoadResult bare, LoadResult leerkring, Leerkring app) {
        System.out.println();
        System.out.println("Measured runs together:");
        System.out.println(LoadResult.header());
        System.out.println(bare.row());
        System.out.println(leerkring.row());
        System.out.println();
        System.out.println("Where the CPU went in those runs (seconds, and share of all cores over the run):");
        System.out.println(bare.cpuHeader());
        System.out.println(bare.cpuRow());
        System.out.println(leerkring.cpuRow());
        System.out.printf("%nLeerkring / bare Bolt: %.2f of the throughput, p50 x %.2f, p99 x %.2f%n",
                leerkring.requestsPerSecond() / bare.requestsPerSecond(),
                leerkring.latencyMillis(0.5) / bare.latencyMillis(0.5),
                leerkring.latencyMillis(0.99) / bare.latencyMillis(0.99));
        long stored = Rows.countAll(app.database(), "inbound_event");
        System.out.printf("Leerkring stored %d commands (warm-up included); %d replies still in the outbox%n",
                stored, app.outbox().pendingCount());
    }

    private static String compact(Map<String, Double> cpuSeconds) {
        StringBuilder sb = new StringBuilder();
        cpuSeconds.forEach((k, v) -> sb.append(String.format("%s %.1f, ", k, v)));
        return sb.substring(0, Math.max(0, sb.length() - 2));
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
