package nl.leerkring.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import nl.leerkring.Leerkring;
import nl.leerkring.config.Config;
import nl.leerkring.testing.Await;
import nl.leerkring.testing.FakeSlackApi;
import nl.leerkring.testing.Instances;
import nl.leerkring.testing.ReminderBurst;
import nl.leerkring.testing.Rows;
import nl.leerkring.testing.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Three instances of the server (separate JVMs) on one PostgreSQL database, against a fake Slack
 * that answers 429 to a second post within a second in one channel: a burst of 1,000 reminders
 * over 100 members' Messages tabs comes due at one moment, and one instance is killed with
 * SIGKILL at random moments three times (and replaced). Counted at the fake: every reminder
 * exactly once, in order per conversation, and no 429 after a conversation's first second.
 *
 * <p>The members are spread over ten workspaces: Slack also limits a workspace as a whole
 * (taken as 300 posts a minute), and 1,000 posts in one workspace would take over two minutes
 * of that limit alone, measuring it rather than what a crash does. The seed of the kill moments
 * is printed; {@code -Dfault.seed=N} replays one.
 */
class ThreeInstancesFaultTest {

    static final int WORKSPACES = 10;
    static final int MEMBERS_PER_WORKSPACE = 10;
    static final int REMINDERS_PER_MEMBER = 10;
    static final int REMINDERS = WORKSPACES * MEMBERS_PER_WORKSPACE * REMINDERS_PER_MEMBER;
    static final ObjectMapper JSON = new ObjectMapper();

    private final FakeSlackApi slack = FakeSlackApi.start();
    private TestDatabases.TestDatabase db;
    private Instances cluster;

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
        slack.close();
        TestDatabases.dropIfPostgres(db);
    }

    @Test
    void aBurstOfRemindersArrivesExactlyOnceAndInOrderThroughThreeKills() throws Exception {
        db = TestDatabases.postgres();
        long seed = Long.getLong("fault.seed", System.nanoTime());
        System.out.println("ThreeInstancesFaultTest seed " + seed + " (-Dfault.seed=" + seed + " replays it)");
        Random random = new Random(seed);
        Map<String, String> settings = new HashMap<>(Instances.slackServer(db, slack.apiUrl()));
        settings.put(Config.DELIVERY_POLL_MILLIS, "200");

        Instant due = prepareTheBurst(settings);
        slack.enforceOnePostPerSecondPerChannel(Duration.ofMillis(150));
        cluster = new Instances(settings);
        cluster.start(3);

        // three kills at random moments of the burst, each instance replaced at once
        Thread.sleep(Math.max(0, Duration.between(Instant.now(), due).toMillis()));
        List<Long> killMoments = new ArrayList<>();
        for (int k = 0; k < 3; k++) {
            long at = 300 + random.nextInt(2500);
            Thread.sleep(at);
            List<Instances.Instance> alive = cluster.running();
            cluster.killAndReplace(alive.get(random.nextInt(alive.size())));
            killMoments.add(Duration.between(due, Instant.now()).toMillis());
        }
        cluster.awaitListening(Duration.ofSeconds(60));

        Await.until(() -> reminderPosts().size() >= REMINDERS, Duration.ofSeconds(240),
                () -> reminderPosts().size() + " of " + REMINDERS + " reminders arrived; kills at " + killMoments + " ms");
        Thread.sleep(5000); // time for a second copy of anything, if one were coming
        Instant lastPost = slack.calls("chat.postMessage").stream().map(FakeSlackApi.Call::at).max(Instant::compareTo).orElseThrow();

        List<FakeSlackApi.Call> posts = reminderPosts();
        Map<Long, Long> copies = posts.stream().collect(Collectors.groupingBy(ThreeInstancesFaultTest::deliveryId, Collectors.counting()));
        assertEquals(REMINDERS, copies.size(), "every reminder arrived");
        assertTrue(copies.values().stream().allMatch(n -> n == 1),
                "none twice: " + copies.entrySet().stream().filter(e -> e.getValue() > 1).toList());

        Map<String, List<Long>> perConversation = new LinkedHashMap<>();
        posts.forEach(p -> perConversation.computeIfAbsent(p.field("channel"), c -> new ArrayList<>()).add(deliveryId(p)));
        assertEquals(WORKSPACES * MEMBERS_PER_WORKSPACE, perConversation.size());
        perConversation.forEach((conversation, ids) -> {
            assertEquals(REMINDERS_PER_MEMBER, ids.size(), conversation);
            assertEquals(ids.stream().sorted().toList(), ids, "in order in " + conversation);
        });

        Map<String, Long> firstAccepted = new HashMap<>();
        for (FakeSlackApi.Call call : slack.calls("chat.postMessage")) {
            if (call.status() == 200) {
                firstAccepted.merge(call.field("channel"), call.atNanos(), Math::min);
            }
        }
        List<FakeSlackApi.Call> lateRefusals = slack.calls("chat.postMessage").stream()
                .filter(c -> c.status() == 429 && c.atNanos() > firstAccepted.getOrDefault(c.field("channel"), Long.MAX_VALUE)
                        + Duration.ofSeconds(1).toNanos())
                .toList();
        assertEquals(List.of(), lateRefusals.stream().map(c -> c.field("channel")).toList(), () -> "no 429 after a conversation's"
                + " first second; the calls there (status @ ms after its first accepted post): "
                + lateRefusals.stream().map(c -> c.field("channel")).distinct().map(channel -> channel + ": "
                        + slack.calls("chat.postMessage").stream().filter(c -> channel.equals(c.field("channel")))
                        .map(c -> c.status() + "@" + (c.atNanos() - firstAccepted.get(channel)) / 1_000_000).toList()).toList()
                + "; kills at " + killMoments + " ms after due");

        try (var database = nl.leerkring.store.Database.open(db.url(), db.user(), db.password())) {
            assertEquals(REMINDERS, Rows.count(database, "SELECT COUNT(*) FROM outbox WHERE status = 'sent' AND conversation_key LIKE '%UM%'"),
                    "one outbox row per reminder, all sent");
        }
        System.out.printf("ThreeInstancesFaultTest: %d reminders, kills at %s ms after they were due, last post %d ms after,"
                        + " %d refused with 429, %d looked up after a cut-off send%n",
                REMINDERS, killMoments, Duration.between(due, lastPost).toMillis(),
                slack.calls("chat.postMessage").stream().filter(c -> c.status() == 429).count(),
                slack.calls("conversations.history").size());
    }

    /**
     * The circles, members and action items, made through the bot in this JVM; then one
     * transaction sets the 1,000 reminders, all due 20 s from now (the instances relay them
     * into Quartz when they start).
     */
    private Instant prepareTheBurst(Map<String, String> settings) {
        Config config = new Config(Map.of(), new java.util.Properties()).with(settings);
        try (Leerkring setup = Leerkring.create(config, Clock.systemUTC())) {
            List<ReminderBurst.Action> actions = ReminderBurst.prepare(setup, WORKSPACES, MEMBERS_PER_WORKSPACE, REMINDERS_PER_MEMBER);
            assertEquals(REMINDERS, actions.size());
            Instant due = Instant.now().plusSeconds(20);
            ReminderBurst.schedule(setup, actions, due, "burst");
            return due;
        }
    }

    /** The reminders Slack took: posts into members' Messages tabs. */
    private List<FakeSlackApi.Call> reminderPosts() {
        return slack.calls("chat.postMessage").stream()
                .filter(c -> c.status() == 200 && ReminderBurst.isMembersTab(c.field("channel")))
                .toList();
    }

    private static long deliveryId(FakeSlackApi.Call post) {
        try {
            return JSON.readTree(post.field("metadata")).path("event_payload").path("delivery").asLong();
        } catch (IOException e) {
            throw new AssertionError("a post without our metadata: " + post, e);
        }
    }
}
