package nl.leerkring.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import nl.leerkring.chat.Address;
import nl.leerkring.chat.OutgoingMessage;
import nl.leerkring.chat.Platform;
import nl.leerkring.chat.SendResult;
import nl.leerkring.store.Database;
import nl.leerkring.testing.MutableClock;
import nl.leerkring.testing.ScriptedSender;
import nl.leerkring.testing.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jdbi.v3.core.statement.SqlLogger;
import org.jdbi.v3.core.statement.SqlStatements;
import org.jdbi.v3.core.statement.StatementContext;

/** The delivery worker on a real database, with a scripted platform and a hand-moved clock. */
class DeliveryWorkerTest {

    static final Address CHANNEL = Address.channel(Platform.SLACK, "T1", "C1");
    static final Address OTHER_CHANNEL = Address.channel(Platform.SLACK, "T1", "C2");

    @TempDir
    Path tmp;
    Database db;
    Outbox outbox;
    MutableClock clock = new MutableClock(Instant.parse("2026-11-21T10:00:00Z"));
    ScriptedSender slack = new ScriptedSender();
    DeliveryWorker worker;

    @BeforeEach
    void open() {
        var target = TestDatabases.h2(tmp);
        db = Database.open(target.url(), target.user(), target.password());
        outbox = new Outbox(db.jdbi());
        worker = new DeliveryWorker(outbox, Map.of(Platform.SLACK, slack), clock, Duration.ofSeconds(1), 4);
    }

    @AfterEach
    void close() {
        db.close();
    }

    void write(OutgoingMessage... messages) {
        db.jdbi().useTransaction(h -> {
            for (OutgoingMessage m : messages) {
                Outbox.enqueue(h, m, clock.instant());
            }
        });
    }

    String status(String text) {
        return db.jdbi().withHandle(h -> h.createQuery("SELECT status FROM outbox WHERE payload LIKE :t")
                .bind("t", "%" + text + "%").mapTo(String.class).one());
    }

    @Test
    void retryAfterHoldsBackTheConversationButNotOthers() {
        slack.then(new SendResult.RetryLater(Duration.ofSeconds(30), "HTTP 429"));
        write(OutgoingMessage.text(CHANNEL, "een"), OutgoingMessage.text(CHANNEL, "twee"),
                OutgoingMessage.text(OTHER_CHANNEL, "elders"));

        worker.deliverDue();
        assertEquals(List.of("elders"), slack.delivered(), "C1 waits for its 429; C2 goes on");

        clock.advance(Duration.ofSeconds(29));
        worker.deliverDue();
        assertEquals(List.of("elders"), slack.delivered(), "Retry-After is honoured");

        clock.advance(Duration.ofSeconds(1));
        worker.deliverDue();
        assertEquals(List.of("elders", "een", "twee"), slack.delivered(), "order within C1 is kept, nothing lost");
        assertEquals(0, outbox.pendingCount());
    }

    @Test
    void transientFailuresBackOffExponentiallyAndThenGiveUpKeepingTheRow() {
        for (int i = 0; i < 4; i++) {
            slack.then(new SendResult.RetryLater(null, "HTTP 503"));
        }
        write(OutgoingMessage.text(CHANNEL, "volhouden"), OutgoingMessage.text(CHANNEL, "daarna"));

        worker.deliverDue();
        assertEquals(1, slack.attempts().size());
        clock.advance(Duration.ofMillis(999));
        worker.deliverDue();
        assertEquals(1, slack.attempts().size(), "first back-off is 1 s");
        clock.advance(Duration.ofMillis(1));
        worker.deliverDue();
        assertEquals(2, slack.attempts().size());
        clock.advance(Duration.ofSeconds(2));
        worker.deliverDue();
        assertEquals(3, slack.attempts().size(), "second back-off is 2 s");
        clock.advance(Duration.ofSeconds(4));
        worker.deliverDue();
        assertEquals(4, slack.attempts().stream().filter(a -> a.message().text().equals("volhouden")).count());

        assertEquals("failed", status("volhouden"), "after the maximum attempts the row is kept as failed");
        assertEquals(List.of("daarna"), slack.delivered(), "a failed row no longer blocks its conversation");
    }

    @Test
    void permanentFailuresAreNotRetried() {
        slack.then(new SendResult.Failed("Slack: channel_not_found"));
        write(OutgoingMessage.text(CHANNEL, "weg"));
        worker.deliverDue();
        clock.advance(Duration.ofHours(1));
        worker.deliverDue();
        assertEquals(1, slack.attempts().size());
        assertEquals("failed", status("weg"));
    }

    @Test
    void aThreadedMessageGoesUnderItsAnchorOnceTheAnchorIsOut() {
        slack.then(new SendResult.RetryLater(Duration.ofSeconds(5), "HTTP 429"));
        write(OutgoingMessage.text(CHANNEL, "start van de casus").asAnchor("flow:1"),
                OutgoingMessage.text(CHANNEL, "stap 1").inThreadOf("flow:1"));

        worker.deliverDue();
        assertEquals(1, slack.attempts().size(), "the reply waits for its anchor");
        clock.advance(Duration.ofSeconds(5));
        worker.deliverDue();

        List<ScriptedSender.Attempt> attempts = slack.attempts();
        assertEquals(3, attempts.size());
        String anchorRef = ((SendResult.Sent) attempts.get(1).result()).ref();
        assertNull(attempts.get(1).threadRef());
        assertEquals(anchorRef, attempts.get(2).threadRef(), "the reply is threaded under the anchor's platform id");
    }

    @Test
    void messagesForAPlatformWithoutConnectionWait() {
        write(OutgoingMessage.text(Address.channel(Platform.TEAMS, "tenant", "19:x"), "wacht"));
        assertEquals(0, worker.deliverDue());
        assertEquals("pending", status("wacht"));
    }

    @Test
    void twoWorkersOnOneDatabaseSendEachMessageOnce() throws Exception {
        List<OutgoingMessage> messages = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            messages.add(OutgoingMessage.text(Address.channel(Platform.SLACK, "T1", "C" + (i % 6)), "bericht-" + i));
        }
        write(messages.toArray(OutgoingMessage[]::new));
        ScriptedSender otherProcess = new ScriptedSender();
        DeliveryWorker second = new DeliveryWorker(new Outbox(db.jdbi()), Map.of(Platform.SLACK, otherProcess), clock,
                Duration.ofSeconds(1), 4);

        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<Integer> a = pool.submit(worker::deliverDue);
            Future<Integer> b = pool.submit(second::deliverDue);
            assertEquals(60, a.get() + b.get());
        } finally {
            pool.shutdown();
        }
        List<String> all = new ArrayList<>(slack.delivered());
        all.addAll(otherProcess.delivered());
        assertEquals(60, all.size());
        assertEquals(60, all.stream().distinct().count(), "no message was sent twice");
        assertTrue(outbox.pendingCount() == 0);
    }

    @Test
    void rateLimitsPauseTheConversationForRetryAfterAndNeverCountAsAttempts() {
        for (int i = 0; i < 12; i++) {
            slack.then(new SendResult.RateLimited(Duration.ofSeconds(1), "HTTP 429 from Slack"));
        }
        write(OutgoingMessage.text(CHANNEL, "geduld"), OutgoingMessage.text(CHANNEL, "daarna"));

        for (int i = 1; i <= 12; i++) {
            worker.deliverDue();
            assertEquals(i, slack.attempts().size(), "one try per Retry-After");
            clock.advance(Duration.ofMillis(999));
            worker.deliverDue();
            assertEquals(i, slack.attempts().size(), "nothing before Retry-After has passed");
            clock.advance(Duration.ofMillis(1));
        }
        worker.deliverDue();

        assertEquals(List.of("geduld", "daarna"), slack.delivered(), "12 answers of 429 (max attempts 4), then sent once, in order");
        assertEquals(List.of("sent:1", "sent:1"), db.jdbi().withHandle(h ->
                h.createQuery("SELECT status || ':' || attempts FROM outbox ORDER BY id").mapTo(String.class).list()),
                "a 429 is not an attempt");
    }

    /**
     * Sixty channels whose every post waits for its pace, all due again at each look: the rows
     * that have been due the longest go first, so a message to another platform that became due
     * meanwhile is not starved behind them (by id it never came within a look's limit).
     */
    @Test
    void aStaleLookAtAConversationNeverShortensTheGapAfterThePlatformsAnswer() {
        Pacer aSecondAfterEachAnswer = new Pacer() {
            @Override
            public Duration take(Address to) {
                return Duration.ZERO;
            }

            @Override
            public Duration gapAfterAnswer(Address to) {
                return Duration.ofSeconds(1);
            }
        };
        worker = new DeliveryWorker(outbox, Map.of(Platform.SLACK, slack), clock, Duration.ofSeconds(1), 4, 4,
                aSecondAfterEachAnswer);
        write(OutgoingMessage.text(CHANNEL, "eerste"), OutgoingMessage.text(CHANNEL, "tweede"));
        worker.deliverDue();
        assertEquals(List.of("eerste"), slack.delivered());

        // a second worker that found the channel due before "eerste" went out holds it for its own, sooner turn
        outbox.hold(CHANNEL.conversationKey(), clock.instant().plusMillis(200));
        clock.advance(Duration.ofMillis(500));
        worker.deliverDue();
        assertEquals(List.of("eerste"), slack.delivered(), "still within the second after Slack's answer");

        clock.advance(Duration.ofMillis(600));
        worker.deliverDue();
        assertEquals(List.of("eerste", "tweede"), slack.delivered());
    }

    @Test
    void conversationsHeldBackByTheirPaceDoNotStarveOneThatWaitedLonger() {
        ScriptedSender teams = new ScriptedSender();
        Pacer slackAlwaysWaits = to -> to.platform() == Platform.SLACK ? Duration.ofMillis(100) : Duration.ZERO;
        worker = new DeliveryWorker(outbox, Map.of(Platform.SLACK, slack, Platform.TEAMS, teams), clock, Duration.ofSeconds(1),
                4, 4, slackAlwaysWaits);
        for (int i = 0; i < 60; i++) {
            write(OutgoingMessage.text(Address.channel(Platform.SLACK, "T1", "C" + (100 + i)), "wacht " + i));
        }
        clock.advance(Duration.ofSeconds(5));
        write(OutgoingMessage.text(Address.channel(Platform.TEAMS, "tenant", "19:kanaal"), "hallo Teams"));

        for (int look = 0; look < 5 && teams.delivered().isEmpty(); look++) {
            clock.advance(Duration.ofMillis(200));
            worker.deliverDue();
        }

        assertEquals(List.of("hallo Teams"), teams.delivered(), "sent while every Slack channel still waits for its pace");
        assertEquals(List.of(), slack.delivered());
    }

    @Test
    void aSendWithoutAnswerIsMarkedMaybeSentNeverSentAgainAndTheConversationGoesOn() {
        slack.then(new SendResult.MaybeSent("Slack did not answer in time"));
        write(OutgoingMessage.text(CHANNEL, "misschien"), OutgoingMessage.text(CHANNEL, "zeker"));

        worker.deliverDue();
        clock.advance(Duration.ofHours(1));
        worker.deliverDue();

        assertEquals(2, slack.attempts().size(), "the unanswered message is not sent a second time");
        assertEquals("maybe_sent", status("misschien"));
        assertEquals(List.of("zeker"), slack.delivered());
    }

    @Test
    void conversationsAreSentSideBySideEachInOrder() throws Exception {
        var started = new java.util.concurrent.CountDownLatch(3);
        List<String> order = new java.util.concurrent.CopyOnWriteArrayList<>();
        nl.leerkring.chat.Sender together = (message, thread) -> {
            if (message.text().endsWith("-0")) {
                started.countDown();
                try {
                    // each conversation's first send waits until all three are being sent at once
                    if (!started.await(10, java.util.concurrent.TimeUnit.SECONDS)) {
                        return new SendResult.Failed("the conversations were not sent side by side");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            order.add(message.text());
            return new SendResult.Sent("ref-" + message.text());
        };
        List<OutgoingMessage> messages = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            for (String c : List.of("A", "B", "C")) {
                messages.add(OutgoingMessage.text(Address.channel(Platform.SLACK, "T1", c), c + "-" + i));
            }
        }
        write(messages.toArray(OutgoingMessage[]::new));
        DeliveryWorker parallel = new DeliveryWorker(outbox, Map.of(Platform.SLACK, together), clock, Duration.ofSeconds(1), 4,
                3, Pacer.NONE);
        try {
            assertEquals(15, parallel.deliverDue());
        } finally {
            parallel.close();
        }
        for (String c : List.of("A", "B", "C")) {
            assertEquals(List.of(c + "-0", c + "-1", c + "-2", c + "-3", c + "-4"),
                    order.stream().filter(t -> t.startsWith(c)).toList(), "order within " + c);
        }
    }

    @Test
    void aSendThatOutlastsTheLeaseKeepsItByRenewalSoNoOtherWorkerTakesTheRow() throws Exception {
        write(OutgoingMessage.text(CHANNEL, "traag"));
        var sending = new java.util.concurrent.CountDownLatch(1);
        var finish = new java.util.concurrent.CountDownLatch(1);
        nl.leerkring.chat.Sender slow = (message, thread) -> {
            sending.countDown();
            try {
                finish.await(20, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new SendResult.Sent("ref-traag");
        };
        java.time.Clock real = java.time.Clock.systemUTC();
        // rows written on the test's clock, which is behind: due at once on the real one
        DeliveryWorker first = new DeliveryWorker(outbox, Map.of(Platform.SLACK, slow), real, Duration.ofMillis(100), 4,
                2, Pacer.NONE, Duration.ofMillis(600));
        ScriptedSender otherProcess = new ScriptedSender();
        DeliveryWorker second = new DeliveryWorker(new Outbox(db.jdbi()), Map.of(Platform.SLACK, otherProcess), real,
                Duration.ofMillis(100), 4, 2, Pacer.NONE, Duration.ofMillis(600));
        first.start();
        try {
            assertTrue(sending.await(10, java.util.concurrent.TimeUnit.SECONDS), "the first worker never sent");
            long until = System.nanoTime() + 2_000_000_000L; // more than three leases
            while (System.nanoTime() < until) {
                second.deliverDue();
                Thread.sleep(50);
            }
            assertEquals(List.of(), otherProcess.attempts(), "the lease was renewed while the first worker sent");
            finish.countDown();
            nl.leerkring.testing.Await.until(() -> outbox.pendingCount() == 0, () -> "the slow send was not marked sent");
            assertEquals("sent", status("traag"));
            second.deliverDue();
            assertEquals(List.of(), otherProcess.attempts(), "nor sent again afterwards");
        } finally {
            finish.countDown();
            first.close();
            second.close();
        }
    }

    @Test
    void backoffIsCappedAtFiveMinutes() {
        assertEquals(Duration.ofSeconds(1), DeliveryWorker.backoff(1));
        assertEquals(Duration.ofSeconds(8), DeliveryWorker.backoff(4));
        assertEquals(Duration.ofMinutes(5), DeliveryWorker.backoff(30));
    }

    @Test
    void aBacklogThatTheTenantsLimitHoldsBackIsClaimedOncePerMessageAndKeepsWithinTheLimit() {
        // Teams: 50 posts per second per tenant (10 at once, then 40 a second); 30 conversations
        // of one tenant with two messages each is more than that limit lets through at once
        List<String> statements = java.util.Collections.synchronizedList(new ArrayList<>());
        db.jdbi().getConfig(SqlStatements.class).setSqlLogger(new SqlLogger() {
            @Override
            public void logBeforeExecution(StatementContext context) {
                statements.add(context.getRenderedSql().replaceAll("\\s+", " ").strip());
            }
        });
        List<Instant> sentAt = java.util.Collections.synchronizedList(new ArrayList<>());
        ScriptedSender teams = new ScriptedSender();
        nl.leerkring.chat.Sender timed = (message, threadRef) -> {
            sentAt.add(clock.instant());
            return teams.send(message, threadRef);
        };
        DeliveryWorker paced = new DeliveryWorker(outbox, Map.of(Platform.TEAMS, timed), clock, Duration.ofSeconds(1), 4,
                4, PlatformPacer.inMemory(clock));
        List<String> written = new ArrayList<>();
        for (int round = 1; round <= 2; round++) {
            for (int c = 0; c < 30; c++) {
                String text = "kanaal " + c + " bericht " + round;
                write(OutgoingMessage.text(Address.channel(Platform.TEAMS, "tenant", "19:c" + c + "@thread.tacv2"), text));
                written.add(text);
            }
        }

        for (int i = 0; i < 200 && sentAt.size() < written.size(); i++) {
            paced.deliverDue();
            clock.advance(Duration.ofMillis(10));
        }

        assertEquals(written.size(), teams.delivered().size(), "every message is sent, once");
        assertTrue(written.containsAll(teams.delivered()));
        for (int c = 0; c < 30; c++) {
            String first = "kanaal " + c + " bericht 1";
            assertTrue(teams.delivered().indexOf(first) < teams.delivered().indexOf("kanaal " + c + " bericht 2"), first);
        }
        for (Instant start : sentAt) {
            long inOneSecond = sentAt.stream().filter(t -> !t.isBefore(start) && t.isBefore(start.plusSeconds(1))).count();
            assertTrue(inOneSecond <= 50, inOneSecond + " posts to one tenant within a second from " + start);
        }
        long claims = statements.stream().filter(sql -> sql.startsWith("UPDATE outbox SET claimed_until = :until, claimed_by")).count();
        long handedBack = statements.stream().filter(sql -> sql.startsWith("UPDATE outbox SET claimed_until = NULL")).count();
        assertEquals(written.size(), claims, "each message is claimed once: the ones the limit holds back wait in line");
        assertEquals(0, handedBack, "no message is claimed and then handed back to wait");
    }

    @Test
    void aConversationWithANewMessageIsLookedAtFirstNotAfterEveryOneABurstLeftDue() {
        // a burst left 300 conversations of one tenant due at once, none looked at yet; a message
        // to another tenant written after it is among the first looked at, not the 301st
        for (int c = 0; c < 300; c++) {
            write(OutgoingMessage.text(Address.channel(Platform.TEAMS, "busy-tenant", "19:c" + c + "@thread.tacv2"), "druk " + c));
        }
        clock.advance(Duration.ofMillis(10));
        Address quiet = Address.channel(Platform.TEAMS, "quiet-tenant", "19:q@thread.tacv2");
        write(OutgoingMessage.text(quiet, "rustig"));
        List<Address> asked = java.util.Collections.synchronizedList(new ArrayList<>());
        Pacer busyTenantSpent = to -> {
            asked.add(to);
            return to.workspaceId().equals("busy-tenant") ? Duration.ofMinutes(1) : Duration.ZERO;
        };
        ScriptedSender teams = new ScriptedSender();
        worker = new DeliveryWorker(outbox, Map.of(Platform.TEAMS, teams), clock, Duration.ofSeconds(1), 4, 4, busyTenantSpent);

        worker.deliverDue();

        assertEquals(List.of("rustig"), teams.delivered());
        assertTrue(asked.indexOf(quiet) < 4, "asked as number " + (asked.indexOf(quiet) + 1) + " of " + asked.size());
    }

    @Test
    void oneLookReachesADueConversationBehindManyThatTheirPaceHoldsBack() {
        // 60 conversations of one tenant whose limit (50 a second) is spent for the next minute,
        // and the clock stands still; a conversation of another tenant, written last, is reached
        // in the same look, not one look (and one poll interval) per four held conversations
        ScriptedSender teams = new ScriptedSender();
        for (int c = 0; c < 60; c++) {
            write(OutgoingMessage.text(Address.channel(Platform.TEAMS, "busy-tenant", "19:c" + c + "@thread.tacv2"), "druk " + c));
        }
        write(OutgoingMessage.text(Address.channel(Platform.TEAMS, "quiet-tenant", "19:q@thread.tacv2"), "rustig"));
        PlatformPacer pacer = PlatformPacer.inMemory(clock);
        for (int i = 0; i < 2_400; i++) {
            pacer.turn(Address.channel(Platform.TEAMS, "busy-tenant", "19:elders" + i + "@thread.tacv2"));
        }
        DeliveryWorker background = new DeliveryWorker(outbox, Map.of(Platform.TEAMS, teams), clock, Duration.ofHours(1), 4,
                4, pacer);
        background.start();
        try {
            nl.leerkring.testing.Await.until(() -> teams.delivered().contains("rustig"),
                    () -> "the quiet tenant's message was not sent in the first look; sent: " + teams.delivered().size());
        } finally {
            background.close();
        }
        assertEquals(List.of("rustig"), teams.delivered(), "the busy tenant's messages wait for their turn");
    }
}
