package nl.leerkring.delivery;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import nl.leerkring.chat.Address;
import nl.leerkring.chat.OutgoingMessage;
import nl.leerkring.chat.Platform;
import nl.leerkring.chat.SendResult;
import nl.leerkring.chat.Sender;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends what is in the outbox: conversations side by side on a bounded pool of threads, the rows
 * of one conversation one at a time and in order, at the platform's pace, retrying real errors
 * with exponential back-off, and marking each row sent so it is never sent again.
 *
 * <p>A row is sent under a lease ({@code claimed_until}) that the worker renews while it sends;
 * the sends themselves have short timeouts, so the sent marker is written long before the lease
 * could run out. Several processes on one PostgreSQL database share the work through these
 * claims. A 429 (or our own pacing) pauses the conversation and never counts as an attempt.
 *
 * <p>It runs on its own dispatcher thread, woken when a handler has written to the outbox, when a
 * conversation's pause ends, and otherwise polling.
 *
 * <p>A row that opens a form with the platform's trigger (a Slack modal: the trigger lives three
 * seconds) goes in a lane of its own: its own dispatcher and threads claim it at once, whatever
 * else waits in the outbox, and send it without pacing and without waiting for its conversation.
 * One whose trigger has expired is sent as the private message it carries instead, with a button
 * that opens the form again.
 */
public final class DeliveryWorker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DeliveryWorker.class);
    /** How long a claim holds without renewal; renewed every third of it while the row is in hand. */
    static final Duration LEASE = Duration.ofSeconds(30);
    private static final Duration MAX_BACKOFF = Duration.ofMinutes(5);
    /** When a platform asks to slow down without saying for how long. */
    private static final Duration DEFAULT_PAUSE = Duration.ofSeconds(1);
    private static final int BATCH = 50;
    /** How many pages of due conversations one pass looks at, at most, to find work for its free threads. */
    private static final int MAX_PAGES = 100;
    /** How long close() waits for the rows being sent; a Slack or Teams call times out well before. */
    private static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(10);

    private final Outbox outbox;
    private final Map<Platform, Sender> senders;
    private final Clock clock;
    private final Duration pollInterval;
    private final int maxAttempts;
    private final int threads;
    private final Pacer pacer;
    private final Duration lease;
    private final String workerId = UUID.randomUUID().toString();
    private final ExecutorService pool;
    private final Semaphore wakeUp = new Semaphore(0);
    private final Set<Platform> warnedMissingSender = ConcurrentHashMap.newKeySet();
    /** Conversations this worker is sending to (at most one task each). */
    private final Set<String> busy = ConcurrentHashMap.newKeySet();
    /** Rows this worker holds a lease on. */
    private final Set<Long> held = ConcurrentHashMap.newKeySet();
    /** Rows whose turn to be sent was taken ahead, and when it comes. */
    private final Map<Long, Instant> keptTurns = new ConcurrentHashMap<>();
    private final Object idle = new Object();
    private final Object dispatching = new Object();
    private final AtomicInteger sent = new AtomicInteger();
    private final AtomicLong leftQueue = new AtomicLong();
    /** The earliest end of a pause this worker set, so the dispatcher wakes for it. */
    private final AtomicReference<Instant> nextPauseEnd = new AtomicReference<>();
    /**
     * Whether forms with a trigger go in their own lane; read when a worker is made. Off only in
     * the benchmark that compares the lane with sending them in their conversation's turn.
     */
    static volatile boolean modalLane = true;
    /** How many forms are opened at the same time. */
    private static final int LANE_THREADS = 4;
    /** How often a send in the lane that the platform asked to retry is tried again before the trigger ends. */
    private static final Duration LANE_RETRY = Duration.ofMillis(200);
    private final boolean lane = modalLane;
    private final Semaphore laneWakeUp = new Semaphore(0);
    private final AtomicInteger laneBusy = new AtomicInteger();
    private final ExecutorService lanePool;
    private Thread laneThread;
    private volatile boolean closed;
    private volatile BiConsumer<Address, String> undeliverable = (to, reason) -> { };
    private Thread thread;
    private ScheduledExecutorService leases;

    /** One conversation at a time, unpaced: the order of all sends is the order of the rows. */
    public DeliveryWorker(Outbox outbox, Map<Platform, Sender> senders, Clock clock, Duration pollInterval, int maxAttempts) {
        this(outbox, senders, clock, pollInterval, maxAttempts, 1, Pacer.NONE);
    }

    /**
     * @param threads how many conversations are sent to at the same time
     * @param pacer   the platforms' rate limits
     */
    public DeliveryWorker(Outbox outbox, Map<Platform, Sender> senders, Clock clock, Duration pollInterval, int maxAttempts,
                          int threads, Pacer pacer) {
        this(outbox, senders, clock, pollInterval, maxAttempts, threads, pacer, LEASE);
    }

    /** The same with another lease (tests: a send that outlasts it). */
    DeliveryWorker(Outbox outbox, Map<Platform, Sender> senders, Clock clock, Duration pollInterval, int maxAttempts,
                   int threads, Pacer pacer, Duration lease) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1");
        }
        this.outbox = outbox;
        this.senders = Map.copyOf(senders);
        this.clock = clock;
        this.pollInterval = pollInterval;
        this.maxAttempts = maxAttempts;
        this.threads = threads;
        this.pacer = pacer;
        this.lease = lease;
        AtomicInteger n = new AtomicInteger();
        // idle threads end after a while, so a worker that is never closed (a test's) leaves none behind
        ThreadPoolExecutor executor = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "leerkring-delivery-send-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        executor.allowCoreThreadTimeOut(true);
        this.pool = executor;
        ThreadPoolExecutor laneExecutor = new ThreadPoolExecutor(LANE_THREADS, LANE_THREADS, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "leerkring-delivery-form-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        laneExecutor.allowCoreThreadTimeOut(true);
        this.lanePool = laneExecutor;
    }

    public void start() {
        leases = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "leerkring-delivery-lease");
            t.setDaemon(true);
            return t;
        });
        long every = Math.max(1, lease.toMillis() / 3);
        leases.scheduleWithFixedDelay(this::renewLeases, every, every, TimeUnit.MILLISECONDS);
        thread = new Thread(this::loop, "leerkring-delivery");
        thread.setDaemon(true);
        thread.start();
        if (lane) {
            laneThread = new Thread(this::laneLoop, "leerkring-delivery-forms");
            laneThread.setDaemon(true);
            laneThread.start();
        }
    }

    /** Asks the worker to look at the outbox now rather than at its next poll. */
    public void wake() {
        laneWakeUp.release();
        wakeUp.release();
    }

    private void loop() {
        passes(() -> dispatch(threads - busy.size()), wakeUp, this::untilNextLook, "Delivery pass");
    }

    /** Runs {@code pass} until closed, each time after a wake-up or after {@code wait}; a failed pass is logged. */
    private void passes(Runnable pass, Semaphore woken, java.util.function.Supplier<Duration> wait, String what) {
        while (!closed) {
            try {
                pass.run();
            } catch (RuntimeException e) {
                log.error("{} failed; trying again at the next poll", what, e);
            }
            try {
                woken.tryAcquire(wait.get().toMillis(), TimeUnit.MILLISECONDS);
                woken.drainPermits();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** The poll interval, or less when a pause this worker set ends sooner. */
    private Duration untilNextLook() {
        Instant pauseEnd = nextPauseEnd.get();
        if (pauseEnd == null) {
            return pollInterval;
        }
        Duration wait = Duration.between(clock.instant(), pauseEnd);
        if (wait.compareTo(Duration.ofMillis(1)) < 0) {
            nextPauseEnd.compareAndSet(pauseEnd, null);
            return Duration.ofMillis(1);
        }
        return wait.compareTo(pollInterval) < 0 ? wait : pollInterval;
    }

    private void renewLeases() {
        try {
            outbox.renew(Set.copyOf(held), clock.instant().plus(lease), workerId);
        } catch (RuntimeException e) {
            log.warn("Renewing the delivery leases failed; trying again shortly", e);
        }
    }

    /**
     * Claims up to {@code limit} conversations with something due that this worker is not
     * already sending to, and hands each to the pool.
     *
     * @return how many conversations were started
     */
    private int dispatch(int limit) {
        synchronized (dispatching) {
            if (limit <= 0 || closed) {
                return 0;
            }
            // conversations found due but held back by their pace are moved on: look further
            // until the free threads have work or no due conversation is left
            int started = 0;
            for (int page = 0; page < MAX_PAGES && started < limit && !closed; page++) {
                int wanted = limit - started;
                Outbox.DueHeads due = outbox.dueHeads(clock.instant(), wanted, Set.copyOf(busy), lane);
                for (Outbox.Row head : due.heads()) {
                    if (!hasTurn(head) || !claim(head)) {
                        continue;
                    }
                    busy.add(head.conversationKey());
                    pool.execute(() -> drain(head));
                    started++;
                }
                if (due.looked() < wanted) {
                    break; // no due conversation left
                }
            }
            return started;
        }
    }

    /** Claims a row for sending under this worker's lease; false when another worker has it. */
    private boolean claim(Outbox.Row row) {
        Instant now = clock.instant();
        if (closed || !outbox.claim(row.id(), now, now.plus(lease), workerId)) {
            return false;
        }
        held.add(row.id());
        return true;
    }

    /**
     * Whether a row may be sent now at its platform's pace. When not, its conversation is held
     * until its turn; a turn whose permits were taken ahead is remembered, and the row is sent
     * then without asking again. A change of a sent message and a form are not paced (see
     * {@link #deliver}).
     */
    private boolean hasTurn(Outbox.Row row) {
        OutgoingMessage message = row.message();
        if (message.replaces() != null || message.form() != null) {
            return true;
        }
        Instant now = clock.instant();
        Instant until;
        Instant kept = keptTurns.get(row.id());
        if (kept != null) {
            if (!kept.isAfter(now)) {
                keptTurns.remove(row.id());
                return true;
            }
            until = kept;
        } else {
            Pacer.Turn turn = pacer.turn(message.to());
            if (turn.now()) {
                return true;
            }
            until = now.plus(turn.after());
            if (turn.kept()) {
                forgetOldTurns(now);
                keptTurns.put(row.id(), until);
            }
        }
        outbox.hold(row.conversationKey(), until);
        notePause(until);
        return false;
    }

    /** Turns kept for rows that another worker sent meanwhile are forgotten once long past. */
    private void forgetOldTurns(Instant now) {
        if (keptTurns.size() > 10_000) {
            keptTurns.values().removeIf(at -> at.isBefore(now.minus(LEASE)));
        }
    }

    /**
     * Sends everything that is due and waits for it, round after round until a round moves no
     * row out of the queue. Synchronized so that the console's own call does not interleave with
     * another; claims keep the background dispatcher and other processes apart.
     *
     * @return the number of messages sent meanwhile
     */
    public synchronized int deliverDue() {
        int before = sent.get();
        while (!closed) {
            long moved = leftQueue.get();
            int started = (lane ? dispatchLane(BATCH) : 0) + dispatch(BATCH);
            awaitIdle();
            if (started == 0 || leftQueue.get() == moved) {
                break;
            }
        }
        return sent.get() - before;
    }

    private void awaitIdle() {
        synchronized (idle) {
            while (!busy.isEmpty() || laneBusy.get() > 0) {
                try {
                    idle.wait(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /**
     * Delivers a conversation's claimed head and, while rows keep leaving the queue, the rows
     * after it, found by an index seek on the conversation: a long queue drains without
     * rescanning.
     */
    private void drain(Outbox.Row head) {
        String conversation = head.conversationKey();
        try {
            List<Outbox.Row> rows = List.of(head);
            boolean claimed = true;
            while (!rows.isEmpty()) {
                for (Outbox.Row row : rows) {
                    if (!claimed && (closed || !hasTurn(row) || !claim(row))) {
                        return;
                    }
                    claimed = false;
                    Outcome outcome;
                    try {
                        outcome = closed ? release(row) : deliver(row);
                    } finally {
                        held.remove(row.id());
                    }
                    if (outcome == Outcome.WAITING) {
                        return;
                    }
                    leftQueue.incrementAndGet();
                    if (outcome == Outcome.SENT || outcome == Outcome.SENT_THEN_HELD) {
                        sent.incrementAndGet();
                    }
                    if (outcome == Outcome.SENT_THEN_HELD) {
                        return;
                    }
                }
                Outbox.Row last = rows.get(rows.size() - 1);
                rows = outbox.nextInConversation(conversation, last.id(), BATCH, lane);
            }
            outbox.settle(conversation, lane);
        } catch (RuntimeException e) {
            log.error("Delivering to a conversation failed; its rows are claimed again when their lease ends", e);
        } finally {
            busy.remove(conversation);
            synchronized (idle) {
                idle.notifyAll();
            }
            wake();
        }
    }

    private Outcome release(Outbox.Row row) {
        outbox.release(row.id());
        return Outcome.WAITING;
    }

    /** The platform's sender, or null (said once) when that platform has no connection: its rows wait. */
    private Sender senderFor(OutgoingMessage message) {
        Sender sender = senders.get(message.to().platform());
        if (sender == null && warnedMissingSender.add(message.to().platform())) {
            log.warn("No {} connection is configured; its messages wait in the outbox", message.to().platform());
        }
        return sender;
    }

    /**
     * What became of a row in one attempt: sent, sent with its conversation held for a while
     * after it, out of the queue otherwise, or still waiting (retry, pause, anchor).
     */
    private enum Outcome { SENT, SENT_THEN_HELD, LEFT, WAITING }

    private Outcome deliver(Outbox.Row row) {
        OutgoingMessage message = row.message();
        Sender sender = senderFor(message);
        if (sender == null) {
            return pause(row, pollInterval, null);
        }
        if (message.replaces() != null) {
            return replace(row, sender);
        }
        Optional<String> threadRef;
        if (message.threadAnchor() != null) {
            Optional<Outbox.Anchor> anchor = outbox.anchor(message.to().workspaceId(), message.threadAnchor());
            if (anchor.isPresent() && Outbox.PENDING.equals(anchor.get().status())) {
                return pause(row, pollInterval, null); // the message it threads under is not out yet
            }
            threadRef = anchor.map(Outbox.Anchor::platformRef);
        } else {
            threadRef = Optional.ofNullable(message.to().threadId());
        }
        // paced before it was claimed (hasTurn); a modal, which must open within the three
        // seconds its trigger lives, is not held back
        SendResult result;
        try {
            Optional<SendResult> earlier = row.interrupted()
                    ? sender.earlierSend(message, threadRef.orElse(null), row.id()) : Optional.empty();
            if (earlier.isPresent() && earlier.get() instanceof SendResult.Sent) {
                log.info("Outbox row {} had reached the platform before its sender stopped; not sent again", row.id());
            }
            if (earlier.isPresent() && earlier.get() instanceof SendResult.RetryLater later) {
                // still unknown whether it went: it stays marked as interrupted, and is asked about again
                Instant next = clock.instant().plus(later.after() != null ? later.after() : backoff(row.attempts() + 1));
                outbox.holdInterrupted(row, next, later.reason());
                notePause(next);
                return Outcome.WAITING;
            }
            result = earlier.isPresent() ? earlier.get() : sender.send(message, threadRef.orElse(null), row.id());
        } catch (RuntimeException e) {
            result = new SendResult.RetryLater(null, e.toString());
        }
        int attempts = row.attempts() + 1;
        if (result instanceof SendResult.Sent s) {
            Duration gap = pacer.gapAfterAnswer(message.to());
            Instant answered = clock.instant();
            if (gap.isZero()) {
                outbox.markSent(row.id(), s.ref(), answered);
                return Outcome.SENT;
            }
            // held before the mark: no server sends the next one sooner, even if this one dies in between
            Instant holdUntil = answered.plus(gap);
            outbox.hold(row.conversationKey(), holdUntil);
            notePause(holdUntil);
            outbox.markSent(row.id(), s.ref(), answered);
            return Outcome.SENT_THEN_HELD;
        }
        if (result instanceof SendResult.RateLimited limited) {
            Duration wait = limited.after() != null ? limited.after() : DEFAULT_PAUSE;
            log.info("Outbox row {} held back for {}: {}", row.id(), wait, limited.reason());
            return pause(row, wait, limited.reason());
        }
        if (result instanceof SendResult.MaybeSent maybe) {
            log.warn("Outbox row {} may or may not have been posted ({}); it is not sent again", row.id(), maybe.reason());
            outbox.markMaybeSent(row.id(), attempts, maybe.reason());
            return Outcome.LEFT;
        }
        if (result instanceof SendResult.RetryLater retry && attempts < maxAttempts) {
            Duration wait = retry.after() != null ? retry.after() : backoff(attempts);
            log.info("Outbox row {} not delivered ({}); attempt {} again in {}", row.id(), retry.reason(), attempts + 1, wait);
            Instant next = clock.instant().plus(wait);
            outbox.markRetry(row, attempts, next, retry.reason(), false);
            notePause(next);
            return Outcome.WAITING;
        }
        String reason = result instanceof SendResult.Failed failed ? failed.reason() : ((SendResult.RetryLater) result).reason();
        log.error("Outbox row {} could not be delivered after {} attempt(s): {}", row.id(), attempts, reason);
        outbox.markFailed(row.id(), attempts, reason);
        if (result instanceof SendResult.Failed && !message.to().isPrivate()) {
            try {
                undeliverable.accept(message.to(), reason);
            } catch (RuntimeException e) {
                log.warn("Could not report undeliverable row {}: {}", row.id(), e.toString());
            }
        }
        return Outcome.LEFT;
    }

    /**
     * A replacement changes each message sent with its anchor key, once they are all out (one
     * still waiting holds it back, as a thread waits for its start). Changing a message twice to
     * the same content shows nothing twice, so a replacement tried again after a failure is safe.
     * One whose message never went out (failed, or erased) has nothing to change and is done.
     */
    private Outcome replace(Outbox.Row row, Sender sender) {
        OutgoingMessage message = row.message();
        List<Outbox.Anchor> originals = outbox.anchors(message.to().workspaceId(), message.replaces());
        if (originals.stream().anyMatch(a -> Outbox.PENDING.equals(a.status()))) {
            return pause(row, pollInterval, null);
        }
        // not paced as a post: a change of a sent message is no new message in the channel (Slack's
        // one post per second per channel is for posts; chat.update has its own, far wider limit),
        // and pacing it would hold back the next step's post behind the change of the last one
        SendResult result = new SendResult.Sent(null);
        for (Outbox.Anchor original : originals) {
            if (!Outbox.SENT.equals(original.status()) || original.platformRef() == null) {
                continue;
            }
            try {
                result = sender.replace(message, original.platformRef());
            } catch (RuntimeException e) {
                result = new SendResult.RetryLater(null, e.toString());
            }
            if (!(result instanceof SendResult.Sent)) {
                break;
            }
        }
        int attempts = row.attempts() + 1;
        if (result instanceof SendResult.Sent) {
            outbox.markSent(row.id(), null, clock.instant());
            return Outcome.SENT;
        }
        if (result instanceof SendResult.RateLimited limited) {
            return pause(row, limited.after() != null ? limited.after() : DEFAULT_PAUSE, limited.reason());
        }
        // changing a message is the same however often it is done: no answer in time is tried again
        if ((result instanceof SendResult.RetryLater || result instanceof SendResult.MaybeSent) && attempts < maxAttempts) {
            Duration after = result instanceof SendResult.RetryLater retry ? retry.after() : null;
            Instant next = clock.instant().plus(after != null ? after : backoff(attempts));
            outbox.markRetry(row, attempts, next, String.valueOf(result), false);
            notePause(next);
            return Outcome.WAITING;
        }
        String reason = result instanceof SendResult.Failed failed ? failed.reason()
                : result instanceof SendResult.RetryLater retry ? retry.reason() : String.valueOf(result);
        // the message stays as it was: its buttons still answer that they are spent
        log.warn("Outbox row {} could not change the message(s) it replaces: {}", row.id(), reason);
        outbox.markFailed(row.id(), attempts, reason);
        return Outcome.LEFT;
    }

    /**
     * Who hears of a message to a channel that the platform refused for good (not a private
     * message: those are the reports themselves). Set before {@link #start()}.
     */
    public void onUndeliverable(BiConsumer<Address, String> listener) {
        this.undeliverable = listener;
    }

    /** Holds the row, and with it its conversation, back for {@code wait}, without counting an attempt. */
    private Outcome pause(Outbox.Row row, Duration wait, String reason) {
        Instant until = clock.instant().plus(wait);
        outbox.pause(row, until, reason);
        notePause(until);
        return Outcome.WAITING;
    }

    private void notePause(Instant until) {
        nextPauseEnd.accumulateAndGet(until, (current, added) -> current == null || added.isBefore(current) ? added : current);
    }

    // ------------------------------------------------------------------------------------------
    // The lane of forms opened with a trigger

    private void laneLoop() {
        passes(() -> dispatchLane(LANE_THREADS - laneBusy.get()), laneWakeUp, () -> pollInterval, "Opening forms");
    }

    /** Claims up to {@code limit} forms to open and hands each to the lane's threads; how many. */
    private int dispatchLane(int limit) {
        if (limit <= 0 || closed) {
            return 0;
        }
        Instant now = clock.instant();
        List<Outbox.LaneRow> rows = outbox.claimLane(now, limit, now.plus(lease), workerId);
        for (Outbox.LaneRow row : rows) {
            laneBusy.incrementAndGet();
            held.add(row.row().id());
            lanePool.execute(() -> {
                try {
                    Outcome outcome = closed ? release(row.row()) : open(row);
                    if (outcome != Outcome.WAITING) {
                        leftQueue.incrementAndGet();
                    }
                    if (outcome == Outcome.SENT) {
                        sent.incrementAndGet();
                    }
                } catch (RuntimeException e) {
                    log.error("Opening a form failed; its row is claimed again when its lease ends", e);
                } finally {
                    held.remove(row.row().id());
                    laneBusy.decrementAndGet();
                    synchronized (idle) {
                        idle.notifyAll();
                    }
                    laneWakeUp.release();
                }
            });
        }
        return rows.size();
    }

    /**
     * Opens the form while its trigger lives, trying again (briefly) when the platform asks; once
     * the trigger has expired, or the platform says it has, sends the private message the row
     * carries for that case instead.
     */
    private Outcome open(Outbox.LaneRow laneRow) {
        Outbox.Row row = laneRow.row();
        OutgoingMessage message = row.message();
        Sender sender = senderFor(message);
        if (sender == null) {
            outbox.pauseInLane(row, clock.instant().plus(pollInterval));
            return Outcome.WAITING;
        }
        while (clock.instant().isBefore(laneRow.triggerExpiresAt()) && !closed) {
            SendResult result;
            try {
                result = sender.send(message, message.to().threadId(), row.id());
            } catch (RuntimeException e) {
                result = new SendResult.RetryLater(null, e.toString());
            }
            if (result instanceof SendResult.Sent s) {
                outbox.markSent(row.id(), s.ref(), clock.instant());
                return Outcome.SENT;
            }
            if (result instanceof SendResult.MaybeSent maybe) {
                log.warn("Form row {} may or may not have opened ({}); it is not sent again", row.id(), maybe.reason());
                outbox.markMaybeSent(row.id(), row.attempts() + 1, maybe.reason());
                return Outcome.LEFT;
            }
            if (result instanceof SendResult.Failed failed) {
                // the platform names a trigger it will not take (expired, used, unknown): offer the form again
                if (failed.reason().contains("trigger_id")) {
                    break;
                }
                log.error("Form row {} could not be opened: {}", row.id(), failed.reason());
                outbox.markFailed(row.id(), row.attempts() + 1, failed.reason());
                return Outcome.LEFT;
            }
            Duration after = askedWait(result);
            Duration wait = after == null || after.compareTo(LANE_RETRY) > 0 ? LANE_RETRY : after;
            try {
                Thread.sleep(wait.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return offerAgain(row, sender);
    }

    /**
     * The form could not open in time: the row's own private message (its text and its button,
     * which carries the row's id so that the form it held can be opened again) is sent instead.
     */
    private Outcome offerAgain(Outbox.Row row, Sender sender) {
        OutgoingMessage message = row.message();
        if (message.text() == null && message.choices().isEmpty()) {
            outbox.markFailed(row.id(), row.attempts() + 1, "the trigger expired before the form could open");
            return Outcome.LEFT;
        }
        String id = String.valueOf(row.id());
        OutgoingMessage instead = new OutgoingMessage(message.to(), message.title(), message.text(), message.fields(),
                message.choices().stream().map(c -> c.value() == null || c.value().isEmpty()
                        ? new nl.leerkring.chat.Choice(c.label(), c.action(), id) : c).toList(),
                null, null, null, null, null);
        SendResult result;
        try {
            result = sender.send(instead, message.to().threadId(), row.id());
        } catch (RuntimeException e) {
            result = new SendResult.RetryLater(null, e.toString());
        }
        int attempts = row.attempts() + 1;
        if (result instanceof SendResult.Sent s) {
            log.info("Form row {} was offered again as a message: its trigger expired", row.id());
            outbox.markSent(row.id(), s.ref(), clock.instant());
            return Outcome.SENT;
        }
        if (result instanceof SendResult.MaybeSent maybe) {
            outbox.markMaybeSent(row.id(), attempts, maybe.reason());
            return Outcome.LEFT;
        }
        if (result instanceof SendResult.Failed || attempts >= maxAttempts) {
            String reason = result instanceof SendResult.Failed f ? f.reason() : result.toString();
            log.error("Form row {} could not be offered again after {} attempt(s): {}", row.id(), attempts, reason);
            outbox.markFailed(row.id(), attempts, reason);
            return Outcome.LEFT;
        }
        Duration after = askedWait(result);
        Instant next = clock.instant().plus(after != null ? after : backoff(attempts));
        outbox.markRetry(row, attempts, next, String.valueOf(result), true);
        return Outcome.WAITING;
    }

    /** How long the platform asked to wait before trying again (a 429 or a retry); null when it did not say. */
    private static Duration askedWait(SendResult result) {
        return result instanceof SendResult.RateLimited limited ? limited.after()
                : result instanceof SendResult.RetryLater retry ? retry.after() : null;
    }

    /** 1 s, 2 s, 4 s, … up to five minutes. */
    static Duration backoff(int attempts) {
        long seconds = 1L << Math.min(attempts - 1, 20);
        Duration d = Duration.ofSeconds(seconds);
        return d.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : d;
    }

    /**
     * Stops the worker after the rows it is sending. Its threads are woken, not interrupted: an
     * interrupt during file IO makes H2 close its database file (ClosedByInterruptException),
     * after which the rest of the shutdown fails and changes not yet written to disk are lost.
     * Rows claimed but not yet started are handed back.
     */
    @Override
    public void close() {
        closed = true;
        wake();
        long deadline = System.nanoTime() + SHUTDOWN_WAIT.toNanos();
        try {
            if (thread != null) {
                thread.join(SHUTDOWN_WAIT.toMillis());
            }
            if (laneThread != null) {
                laneThread.join(SHUTDOWN_WAIT.toMillis());
            }
            lanePool.shutdown();
            pool.shutdown();
            if (!pool.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)
                    || !lanePool.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                log.warn("The delivery worker is still busy after {}; stopping without it "
                        + "(a row it cannot mark as sent is sent again after its lease ends)", SHUTDOWN_WAIT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (leases != null) {
                leases.shutdown();
            }
        }
    }
}
