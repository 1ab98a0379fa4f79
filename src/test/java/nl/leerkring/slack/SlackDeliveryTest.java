package nl.leerkring.slack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import nl.leerkring.chat.Address;
import nl.leerkring.chat.OutgoingMessage;
import nl.leerkring.chat.Platform;
import nl.leerkring.config.Config;
import nl.leerkring.delivery.DeliveryWorker;
import nl.leerkring.delivery.Outbox;
import nl.leerkring.delivery.Pacer;
import nl.leerkring.delivery.PlatformPacer;
import nl.leerkring.store.Database;
import nl.leerkring.testing.Await;
import nl.leerkring.testing.FakeSlackApi;
import nl.leerkring.testing.MutableClock;
import nl.leerkring.testing.Rows;
import nl.leerkring.testing.TestConfigs;
import nl.leerkring.testing.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The delivery worker with the real Slack sender against a fake Slack Web API on loopback:
 * rate limits (429 and Retry-After), pacing to Slack's one message a second per channel, and a
 * channel whose endpoint hangs.
 */
class SlackDeliveryTest {

    @TempDir
    Path tmp;
    FakeSlackApi api = FakeSlackApi.start();
    TestDatabases.TestDatabase target;
    Database db;
    TestSlackSender sender;
    DeliveryWorker worker;

    @AfterEach
    void close() throws Exception {
        if (worker != null) {
            worker.close();
        }
        if (sender != null) {
            sender.close();
        }
        if (db != null) {
            db.close();
        }
        api.close();
        TestDatabases.dropIfPostgres(target);
    }

    private Database open(String kind) {
        target = TestDatabases.of(kind, tmp);
        db = Database.open(target.url(), target.user(), target.password());
        return db;
    }

    /** The Slack sender as Leerkring builds it, with the timeouts of {@code settings}. */
    private TestSlackSender sender(Map<String, String> settings) {
        sender = TestSlackSender.to(api, TestConfigs.withSlack(TestConfigs.server(target), api.apiUrl()).with(settings));
        return sender;
    }

    private void write(Clock clock, OutgoingMessage... messages) {
        db.jdbi().useTransaction(h -> {
            for (OutgoingMessage m : messages) {
                Outbox.enqueue(h, m, clock.instant());
            }
        });
    }

    private static OutgoingMessage post(String channel, String text) {
        return OutgoingMessage.text(Address.channel(Platform.SLACK, FakeSlackApi.TEAM_ID, channel), text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void twelveAnswersOf429ThenSuccessDeliverExactlyOnce(String kind) {
        open(kind);
        MutableClock clock = new MutableClock(Instant.parse("2026-11-21T10:00:00Z"));
        worker = new DeliveryWorker(new Outbox(db.jdbi()), Map.of(Platform.SLACK, sender(Map.of())), clock,
                Duration.ofSeconds(1), 12, 2, Pacer.NONE);
        api.rateLimitNextPostMessages(12, 1);
        write(clock, post("C1", "na twaalf keer 429"));

        for (int i = 0; i < 12; i++) {
            assertEquals(0, worker.deliverDue());
            clock.advance(Duration.ofSeconds(1)); // Retry-After: 1
        }
        assertEquals(1, worker.deliverDue());
        clock.advance(Duration.ofMinutes(10));
        assertEquals(0, worker.deliverDue(), "nothing is sent twice");

        List<Integer> statuses = api.calls("chat.postMessage").stream().map(FakeSlackApi.Call::status).toList();
        assertEquals(13, statuses.size());
        assertEquals(12, statuses.stream().filter(s -> s == 429).count());
        assertEquals(200, statuses.get(12));
        assertEquals("sent:1", Rows.one(db, String.class, "SELECT status || ':' || attempts FROM outbox"),
                "twelve 429s (12 is also the maximum of attempts) are no attempt");
    }

    /**
     * A worker died after Slack had taken a post and before it noted that (kill -9): the row's
     * lease runs out with its claim still on it. The next worker looks the post up by the id in
     * its metadata and does not post again; a cut-off post that never arrived is posted once. In
     * a channel, a thread and a member's Messages tab.
     */
    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void aSendCutOffByACrashIsLookedUpBeforeItIsSentAgain(String kind) {
        open(kind);
        MutableClock clock = new MutableClock(Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        worker = new DeliveryWorker(new Outbox(db.jdbi()), Map.of(Platform.SLACK, sender(Map.of())), clock,
                Duration.ofSeconds(1), 12, 2, Pacer.NONE);
        OutgoingMessage arrived = post("C1", "was al aangekomen");
        OutgoingMessage inDm = OutgoingMessage.text(Address.direct(Platform.SLACK, FakeSlackApi.TEAM_ID, "UDANA"), "ook al in de dm");
        OutgoingMessage lost = post("C2", "nooit aangekomen");
        write(clock, arrived, inDm, lost);
        List<Long> ids = db.jdbi().withHandle(h -> h.createQuery("SELECT id FROM outbox ORDER BY id").mapTo(Long.class).list());
        // what the dead worker had done: two posts reached Slack, the third did not
        sender.send(arrived, null, ids.get(0));
        sender.send(inDm, null, ids.get(1));
        db.jdbi().useHandle(h -> h.createUpdate("UPDATE outbox SET claimed_by = 'dead-worker', claimed_until = :past")
                .bind("past", clock.instant().minusSeconds(1)).execute());
        int before = api.calls().size();

        assertEquals(3, worker.deliverDue());

        List<FakeSlackApi.Call> after = api.calls().subList(before, api.calls().size());
        assertEquals(List.of("C2"), after.stream().filter(c -> c.method().equals("chat.postMessage")).map(c -> c.field("channel")).toList(),
                "only the post that never arrived is posted");
        assertEquals(List.of("sent", "sent", "sent"),
                db.jdbi().withHandle(h -> h.createQuery("SELECT status FROM outbox ORDER BY id").mapTo(String.class).list()));
        assertEquals(1, after.stream().filter(c -> c.method().equals("conversations.open")).count(), "the DM's conversation is opened to read it");
        assertEquals(3, after.stream().filter(c -> c.method().equals("conversations.history")).count());
    }

    /** Without im:write (an installation from before it) the look-up cannot be made: the cut-off DM is sent again, not held for ever. */
    @Test
    void aCutOffDirectMessageThatCannotBeLookedUpIsSentAgainNotHeld() {
        open("h2");
        MutableClock clock = new MutableClock(Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        worker = new DeliveryWorker(new Outbox(db.jdbi()), Map.of(Platform.SLACK, sender(Map.of())), clock,
                Duration.ofSeconds(1), 12, 2, Pacer.NONE);
        api.refuse("conversations.open", "missing_scope");
        write(clock, OutgoingMessage.text(Address.direct(Platform.SLACK, FakeSlackApi.TEAM_ID, "UEVA"), "herinnering"));
        db.jdbi().useHandle(h -> h.createUpdate("UPDATE outbox SET claimed_by = 'dead-worker', claimed_until = :past")
                .bind("past", clock.instant().minusSeconds(1)).execute());

        assertEquals(1, worker.deliverDue());
        assertEquals(1, api.calls("chat.postMessage").stream().filter(c -> c.field("channel").equals("UEVA")).count());
        assertEquals("sent", Rows.one(db, String.class, "SELECT status FROM outbox"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void aBurstToOneChannelIsPacedToOnePerSecondWithoutHoldingUpOtherChannels(String kind) {
        open(kind);
        Clock clock = Clock.systemUTC();
        Pacer pacer = kind.equals("h2") ? PlatformPacer.inMemory(clock) : PlatformPacer.onPostgres(db.dataSource(), clock);
        worker = new DeliveryWorker(new Outbox(db.jdbi()), Map.of(Platform.SLACK, sender(Map.of())), clock,
                Duration.ofSeconds(1), 12, 4, pacer);
        api.enforceOnePostPerSecondPerChannel(Duration.ofMillis(100));
        List<OutgoingMessage> burst = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            burst.add(post("CBUSY", "drukte " + i));
        }
        write(clock, burst.toArray(OutgoingMessage[]::new));
        worker.start();
        worker.wake();
        Await.until(() -> api.calls("chat.postMessage").stream().anyMatch(c -> c.field("channel").equals("CBUSY")),
                () -> "nothing sent to CBUSY");
        long otherWritten = System.nanoTime();
        write(clock, post("CQUIET", "ondertussen"));
        worker.wake();

        Await.until(() -> Rows.count(db, "SELECT COUNT(*) FROM outbox WHERE status = 'sent'") == 6,
                () -> "not all sent; calls: " + api.calls());
        List<FakeSlackApi.Call> busy = api.calls("chat.postMessage").stream()
                .filter(c -> c.field("channel").equals("CBUSY")).toList();
        assertEquals(5, busy.size(), "no 429 from Slack, so no post was repeated: " + busy);
        assertTrue(busy.stream().allMatch(c -> c.status() == 200));
        assertEquals(List.of("drukte 0", "drukte 1", "drukte 2", "drukte 3", "drukte 4"),
                busy.stream().map(c -> c.field("text")).toList());
        double seconds = (busy.get(4).atNanos() - busy.get(0).atNanos()) / 1e9;
        assertTrue(seconds >= 3.6 && seconds < 6, "five posts take four seconds at one a second, took " + seconds);
        FakeSlackApi.Call quiet = api.calls("chat.postMessage").stream()
                .filter(c -> c.field("channel").equals("CQUIET")).findFirst().orElseThrow();
        assertTrue(quiet.atNanos() - otherWritten < 1_000_000_000L,
                "another channel does not wait for the busy one's pace: " + (quiet.atNanos() - otherWritten) / 1e6 + " ms");
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void aHangingChannelDelaysNoOtherChannelAndIsNotSentAgain(String kind) {
        open(kind);
        Clock clock = Clock.systemUTC();
        worker = new DeliveryWorker(new Outbox(db.jdbi()),
                Map.of(Platform.SLACK, sender(Map.of(Config.SLACK_READ_TIMEOUT_MILLIS, "2000"))), clock,
                Duration.ofSeconds(1), 12, 4, PlatformPacer.inMemory(clock));
        api.hang("CSLOW", Duration.ofSeconds(30));
        worker.start();

        write(clock, post("CSLOW", "blijft hangen"));
        worker.wake();
        Await.until(() -> api.postsArrived("CSLOW").size() == 1, () -> "the post to CSLOW never arrived");
        List<Long> delays = new ArrayList<>();
        for (String channel : List.of("C1", "C2", "C3")) {
            long written = System.nanoTime();
            write(clock, post(channel, "gewoon " + channel));
            worker.wake();
            FakeSlackApi.Call call = api.await("chat.postMessage", c -> c.field("channel").equals(channel), Duration.ofSeconds(5));
            delays.add((call.atNanos() - written) / 1_000_000);
        }
        assertTrue(delays.stream().allMatch(ms -> ms < 1000), "other channels went on at once, delays (ms): " + delays);

        Await.until(() -> "maybe_sent".equals(Rows.one(db, String.class,
                "SELECT status FROM outbox WHERE payload LIKE '%blijft hangen%'")), () -> "the hanging post was not given up");
        assertEquals(1, Rows.count(db, "SELECT COUNT(*) FROM outbox WHERE status = 'maybe_sent' AND last_error LIKE '%in time%'"));
        api.hang("CSLOW", Duration.ZERO);
        write(clock, post("CSLOW", "daarna"));
        worker.wake();
        Await.until(() -> Rows.count(db, "SELECT COUNT(*) FROM outbox WHERE status = 'pending'") == 0, () -> "CSLOW stuck");
        assertEquals(List.of("blijft hangen", "daarna"), api.postsArrived("CSLOW"),
                "the post that got no answer is not posted again; the channel goes on after it");
    }
}
