package nl.leerkring.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import nl.leerkring.testing.AtOnce;
import nl.leerkring.testing.Await;
import nl.leerkring.testing.FakeSlackApi;
import nl.leerkring.testing.Http;
import nl.leerkring.testing.Instances;
import nl.leerkring.testing.Rows;
import nl.leerkring.testing.SlackRequests;
import nl.leerkring.testing.TestConfigs;
import nl.leerkring.testing.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Acked means handled, once, in order, even when the server dies right after the ack. A real
 * server JVM with the Slack door gets, in 20 channels at the same time, {@code /kring start}
 * and then {@code /kring plan …} (which only works once the circle exists, so a plan handled
 * before its start would fail); it is killed with SIGKILL within 10 ms of the last ack, while
 * it is still handling what it acked. A new server on the same database must then handle every
 * acked event that was left: every circle with its six sessions, one welcome per channel at the
 * fake Slack, no error, and the inbox empty.
 */
class InboxKillTest {

    private static final int CHANNELS = 20;

    @TempDir
    Path tmp;

    private final FakeSlackApi slack = FakeSlackApi.start();
    private TestDatabases.TestDatabase db;
    private Instances servers;

    @AfterEach
    void stop() {
        if (servers != null) {
            servers.close();
        }
        slack.close();
        TestDatabases.dropIfPostgres(db);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgres"})
    void everyAckedEventIsHandledOnceInOrderAfterAKill(String kind) throws Exception {
        db = kind.equals("h2") ? TestDatabases.h2(tmp) : TestDatabases.postgres();
        long seed = Long.getLong("fault.seed", System.nanoTime());
        System.out.println("InboxKillTest seed " + seed + " (-Dfault.seed=" + seed + " replays it)");
        Random random = new Random(seed);
        servers = new Instances(Instances.slackServer(db, slack.apiUrl()));
        Instances.Instance first = servers.start(1).get(0);
        SlackRequests requests = new SlackRequests(URI.create("http://127.0.0.1:" + first.port() + "/slack/events"),
                TestConfigs.SIGNING_SECRET);
        HttpClient http = HttpClient.newHttpClient();

        Map<String, Integer> acked = new ConcurrentHashMap<>();
        AtomicLong lastAck = new AtomicLong();
        List<Callable<Object>> channels = new ArrayList<>();
        for (int i = 0; i < CHANNELS; i++) {
            String channel = "CKILL" + i;
            channels.add(() -> {
                for (String text : List.of("start", "plan 12-01-2027 19:30")) {
                    HttpResponse<String> ack = Http.send(http, requests.signed(SlackRequests.FORM, SlackRequests.slashCommand(
                                    FakeSlackApi.TEAM_ID, channel, "U1", text, SlackRequests.newTrigger(), slack.newResponseUrl()))
                            .timeout(Duration.ofSeconds(10)).build());
                    if (ack.statusCode() != 200 || !ack.body().isEmpty()) {
                        return null; // not acked as kept: nothing is promised for this channel
                    }
                    acked.merge(channel, 1, Integer::sum);
                    lastAck.accumulateAndGet(System.nanoTime(), Math::max);
                }
                return null;
            });
        }
        AtOnce.run(channels);
        long sinceLastAck = Duration.ofNanos(System.nanoTime() - lastAck.get()).toMillis();
        long wait = random.nextInt(11);
        Thread.sleep(Math.max(0, wait - sinceLastAck));
        long killedAfter = Duration.ofNanos(System.nanoTime() - lastAck.get()).toMillis();
        servers.kill(first);
        assertEquals(CHANNELS, acked.size(), "every channel acked: " + acked);
        assertTrue(acked.values().stream().allMatch(n -> n == 2), "both commands acked everywhere: " + acked);
        try (Database database = Database.open(db.url(), db.user(), db.password())) {
            System.out.printf("InboxKillTest %s: SIGKILL %d ms after the last of %d acks; left unhandled: %d event(s)%n",
                    kind, killedAfter, acked.values().stream().mapToInt(i -> i).sum(), Rows.countAll(database, "inbox"));
        }
        Instances.Instance second = servers.startOne();

        // the new server says on /healthz when every acked event is handled and every reply sent
        URI health = URI.create("http://127.0.0.1:" + second.port() + "/healthz");
        Await.until(() -> Http.send(http, java.net.http.HttpRequest.newBuilder(health).GET().build()).body()
                        .contains("\"outbox\":{\"pending\":0,\"oldest_pending_seconds\":null},\"inbox\":{\"unhandled\":0}"),
                Duration.ofSeconds(60), () -> "not drained: " + Http.send(http, java.net.http.HttpRequest.newBuilder(health).GET().build()).body());
        servers.close(); // an embedded H2 file is the server's alone while it runs
        try (Database database = Database.open(db.url(), db.user(), db.password())) {
            assertEquals(0, Rows.countAll(database, "inbox"));
            assertEquals(CHANNELS, Rows.count(database, "SELECT COUNT(*) FROM circle WHERE channel_id LIKE 'CKILL%'"));
            assertEquals(CHANNELS, Rows.count(database, "SELECT COUNT(DISTINCT circle_id) FROM circle_session"),
                    "every plan handled after its start");
            assertEquals(CHANNELS * 6L, Rows.count(database, "SELECT COUNT(*) FROM circle_session"), "each plan once");
        }
        for (int i = 0; i < CHANNELS; i++) {
            String channel = "CKILL" + i;
            long welcomes = slack.postsArrived(channel).stream().filter(text -> text.contains("Welkom bij jullie leerkring")).count();
            assertEquals(1, welcomes, channel + " got " + slack.postsArrived(channel));
        }
    }
}
