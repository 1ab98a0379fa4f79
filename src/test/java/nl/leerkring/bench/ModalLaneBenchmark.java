package nl.leerkring.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import nl.leerkring.Leerkring;
import nl.leerkring.chat.Address;
import nl.leerkring.chat.OutgoingMessage;
import nl.leerkring.chat.Platform;
import nl.leerkring.config.Config;
import nl.leerkring.delivery.ModalLaneSwitch;
import nl.leerkring.delivery.Outbox;
import nl.leerkring.testing.FakeSlackApi;
import nl.leerkring.testing.SlackRequests;
import nl.leerkring.testing.TestConfigs;
import nl.leerkring.testing.TestDatabases;

/**
 * How long after a slash command does its modal open, while the outbox holds a backlog for other
 * channels? The whole app (H2 file database, Slack's pacing on) against a fake Slack Web API that
 * answers after {@code bench.latency.millis} (100) and refuses a second post within a second in a
 * channel. The outbox is filled with {@code bench.backlog} (1,000) messages for 100 other
 * channels of the same workspace, then {@code bench.commands} (100) signed {@code /kring plan}
 * are posted to {@code /slack/events}, one every {@code bench.gap.millis} (100); for each, the time
 * from sending the command to the fake's answer to its {@code views.open} (the trigger names it).
 * Run once with the lane for forms and once without it (each modal in its conversation's turn,
 * as before), each on a fresh database ({@code bench.modes}: {@code lane,turn}). The command's
 * ack time is shown beside it. Not a test: run it (about 3 minutes) with
 * {@code mvn -B -q -Pbench test-compile exec:java -Dbench.main=nl.leerkring.bench.ModalLaneBenchmark}.
 */
public final class ModalLaneBenchmark {

    private static final String TEAM = FakeSlackApi.TEAM_ID;
    private static final String CHANNEL = "C0KRING";
    private static final String FACILITATOR = "U0ALICE";

    private ModalLaneBenchmark() {
    }

    private record Result(List<Long> millis, List<Long> ackMillis, int notOpened, long backlogBefore, long backlogAfter) {
    }

    public static void main(String[] args) throws Exception {
        Duration latency = Duration.ofMillis(Long.getLong("bench.latency.millis", 100));
        int backlog = Integer.getInteger("bench.backlog", 1000);
        int commands = Integer.getInteger("bench.commands", 100);
        Duration gap = Duration.ofMillis(Long.getLong("bench.gap.millis", 100));
        System.out.printf("Slash command to views.open: fake Slack answering after %d ms (1 post/s per channel), "
                        + "%d messages for 100 other channels in the outbox, %d /kring plan one every %d ms%n",
                latency.toMillis(), backlog, commands, gap.toMillis());
        System.out.printf("Java %s, %d processors%n", System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors());
        Map<String, Result> results = new LinkedHashMap<>();
        List<String> modes = List.of(System.getProperty("bench.modes", "lane,turn").split(","));
        if (modes.contains("lane")) {
            results.put("with the lane", run(true, latency, backlog, commands, gap));
        }
        if (modes.contains("turn")) {
            results.put("without (in turn)", run(false, latency, backlog, commands, gap));
        }
        System.out.println();
        System.out.printf("%-18s %8s %8s %8s %8s %10s %16s %14s%n", "", "p50 ms", "p90 ms", "p99 ms", "max ms", "> 3 s",
                "ack p50/p99 ms", "backlog b/a");
        results.forEach((name, r) -> System.out.printf("%-18s %8d %8d %8d %8d %10d %16s %7d/%d%n", name, pct(r.millis(), 0.5),
                pct(r.millis(), 0.9), pct(r.millis(), 0.99), pct(r.millis(), 1.0),
                r.millis().stream().filter(m -> m > 3000).count() + r.notOpened(),
                pct(r.ackMillis(), 0.5) + "/" + pct(r.ackMillis(), 0.99), r.backlogBefore(), r.backlogAfter()));
        ModalLaneSwitch.set(true);
    }

    private static Result run(boolean lane, Duration latency, int backlog, int commands, Duration gap) throws Exception {
        ModalLaneSwitch.set(lane);
        Path dir = Files.createTempDirectory("leerkring-modal-bench");
        try (FakeSlackApi slack = FakeSlackApi.start()) {
            Config config = TestConfigs.withSlack(TestConfigs.server(TestDatabases.h2(dir)), slack.apiUrl())
                    .with(Map.of(Config.DELIVERY_PACING, "platform"));
            Leerkring app = Leerkring.create(config, Clock.systemUTC());
            System.out.printf("%s: pacing %s, %s delivery threads%n", lane ? "lane" : "in turn",
                    config.get(Config.DELIVERY_PACING), config.get(Config.DELIVERY_THREADS));
            try {
                app.startServer();
                URI endpoint = URI.create("http://127.0.0.1:" + app.port() + "/slack/events");
                SlackRequests requests = new SlackRequests(endpoint, TestConfigs.SIGNING_SECRET);
                HttpClient http = HttpClient.newHttpClient();
                post(http, requests, SlackRequests.slashCommand(TEAM, CHANNEL, FACILITATOR, "start"));
                slack.await("chat.postMessage", c -> c.field("channel").equals(CHANNEL), Duration.ofSeconds(30));
                // warm-up: the first modal's classes and statements
                String warm = SlackRequests.newTrigger();
                post(http, requests, SlackRequests.slashCommand(TEAM, CHANNEL, FACILITATOR, "plan", warm));
                slack.await("views.open", c -> c.field("trigger_id").equals(warm), Duration.ofSeconds(30));

                slack.latency(latency);
                slack.enforceOnePostPerSecondPerChannel(Duration.ofMillis(50));
                app.database().jdbi().useTransaction(h -> {
                    for (int i = 0; i < backlog; i++) {
                        Outbox.enqueue(h, OutgoingMessage.text(Address.channel(Platform.SLACK, TEAM, "C0OTHER" + (i % 100)),
                                "Herinnering " + i + ": de bijeenkomst is morgen om 19:30."), Instant.now());
                    }
                });
                long before = app.outbox().pendingCount();
                Map<String, Long> sentAt = new LinkedHashMap<>();
                List<Long> acks = new ArrayList<>();
                for (int i = 0; i < commands; i++) {
                    String trigger = SlackRequests.newTrigger();
                    String body = SlackRequests.slashCommand(TEAM, CHANNEL, FACILITATOR, "plan", trigger);
                    long start = System.nanoTime();
                    sentAt.put(trigger, start);
                    post(http, requests, body);
                    acks.add((System.nanoTime() - start) / 1_000_000);
                    Thread.sleep(gap.toMillis());
                }
                long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
                Map<String, Long> openedAt = new LinkedHashMap<>();
                while (System.nanoTime() < deadline && openedAt.size() < commands) {
                    for (FakeSlackApi.Call c : slack.calls("views.open")) {
                        String trigger = c.field("trigger_id");
                        if (sentAt.containsKey(trigger) && c.status() == 200) {
                            openedAt.putIfAbsent(trigger, c.atNanos());
                        }
                    }
                    Thread.sleep(100);
                }
                long after = app.outbox().pendingCount();
                List<Long> millis = new ArrayList<>();
                sentAt.forEach((trigger, at) -> {
                    if (openedAt.containsKey(trigger)) {
                        millis.add((openedAt.get(trigger) - at) / 1_000_000);
                    }
                });
                millis.sort(Comparator.naturalOrder());
                acks.sort(Comparator.naturalOrder());
                Result r = new Result(millis, acks, commands - millis.size(), before, after);
                System.out.printf("%-7s opened %d of %d; p50 %d ms, p99 %d ms; outbox pending %d before, %d after%n",
                        lane ? "lane" : "in turn", millis.size(), commands, pct(millis, 0.5), pct(millis, 0.99), before, after);
                return r;
            } finally {
                app.close();
            }
        } finally {
            try (Stream<Path> paths = Files.walk(dir)) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private static void post(HttpClient http, SlackRequests requests, String body) throws Exception {
        HttpResponse<String> response = http.send(requests.signed(SlackRequests.FORM, body).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("HTTP " + response.statusCode() + ": " + response.body());
        }
    }

    /** The {@code q} quantile (nearest rank) in milliseconds; -1 when nothing was measured. */
    private static long pct(List<Long> sorted, double q) {
        if (sorted.isEmpty()) {
            return -1;
        }
        int rank = (int) Math.ceil(q * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size(), rank) - 1));
    }
}
