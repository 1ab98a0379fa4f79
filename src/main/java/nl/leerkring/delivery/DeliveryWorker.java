package nl.leerkring.delivery;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import nl.leerkring.chat.OutgoingMessage;
import nl.leerkring.chat.Platform;
import nl.leerkring.chat.SendResult;
import nl.leerkring.chat.Sender;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends what is in the outbox: one row at a time per conversation, in order, retrying with
 * exponential back-off, honouring a platform's Retry-After, and marking each row sent so it is
 * never sent again.
 *
 * <p>It runs on its own thread, woken when a handler has written to the outbox and otherwise
 * polling. Several processes on one PostgreSQL database share the work through row claims.
 */
public final class DeliveryWorker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DeliveryWorker.class);
    private static final Duration CLAIM = Duration.ofSeconds(60);
    private static final Duration MAX_BACKOFF = Duration.ofMinutes(5);
    private static final int BATCH = 50;
    /** How long close() waits for the row being sent; a Slack or Teams call normally takes well under that. */
    private static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(10);

    private final Outbox outbox;
    private final Map<Platform, Sender> senders;
    private final Clock clock;
    private final Duration pollInterval;
    private final int maxAttempts;
    private final Semaphore wakeUp = new Semaphore(0);
    private final Set<Platform> warnedMissingSender = EnumSet.noneOf(Platform.class);
    private volatile boolean closed;
    private Thread thread;

    public DeliveryWorker(Outbox outbox, Map<Platform, Sender> senders, Clock clock, Duration pollInterval, int maxAttempts) {
        this.outbox = outbox;
        this.senders = Map.copyOf(senders);
        this.clock = clock;
        this.pollInterval = pollInterval;
        this.maxAttempts = maxAttempts;
    }

    public void start() {
        thread = new Thread(this::loop, "leerkring-delivery");
        thread.setDaemon(true);
        thread.start();
    }

    /** Asks the worker to look at the outbox now rather than at its next poll. */
    public void wake() {
        wakeUp.release();
    }

    private void loop() {
        while (!closed) {
            try {
                deliverDue();
            } catch (RuntimeException e) {
                log.error("Delivery pass failed; trying again at the next poll", e);
            }
            try {
                wakeUp.tryAcquire(pollInterval.toMillis(), TimeUnit.MILLISECONDS);
                wakeUp.drainPermits();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * Sends everything that is due, pass after pass until a pass sends nothing. Synchronized so that the console's own call and the worker
     * thread do not interleave their output; claims keep separate processes apart.
     *
     * @return the number of messages sent in this pass
     */
    public synchronized int deliverDue() {
        int total = 0;
        boolean progress;
        do {
            // A pass starts at the head of each conversation with something due.
            progress = false;
            for (Outbox.Row head : outbox.due(clock.instant(), BATCH)) {
                Drained drained = drainConversation(head);
                total += drained.sent();
                progress |= drained.progress();
                if (closed) {
                    return total; // finish the row in flight, leave the rest for the next start
                }
            }
        } while (progress && !closed);
        return total;
    }

    /** What one conversation's drain did: messages sent, and whether any row left the queue. */
    private record Drained(int sent, boolean progress) {
    }

    /**
     * Delivers a conversation's head and, while rows keep leaving the queue, the rows after it,
     * found by an index seek on the conversation: a long queue drains without rescanning.
     */
    private Drained drainConversation(Outbox.Row head) {
        int sent = 0;
        boolean progress = false;
        List<Outbox.Row> rows = List.of(head);
        while (!rows.isEmpty()) {
            for (Outbox.Row row : rows) {
                if (closed) {
                    return new Drained(sent, progress);
                }
                Outcome outcome = deliver(row);
                if (outcome == Outcome.WAITING) {
                    return new Drained(sent, progress);
                }
                progress = true;
                if (outcome == Outcome.SENT) {
                    sent++;
                }
            }
            Outbox.Row last = rows.get(rows.size() - 1);
            rows = outbox.nextInConversation(last.conversationKey(), last.id(), BATCH);
        }
        return new Drained(sent, progress);
    }

    /** What became of a row in one attempt: sent, given up on, or still waiting (retry, claim, anchor). */
    private enum Outcome { SENT, GAVE_UP, WAITING }

    private Outcome deliver(Outbox.Row row) {
        OutgoingMessage message = row.message();
        Sender sender = senders.get(message.to().platform());
        if (sender == null) {
            if (warnedMissingSender.add(message.to().platform())) {
                log.warn("No {} connection is configured; its messages wait in the outbox", message.to().platform());
            }
            return Outcome.WAITING;
        }
        Instant now = clock.instant();
        Optional<String> threadRef;
        if (message.threadAnchor() != null) {
            Optional<Outbox.Anchor> anchor = outbox.anchor(message.to().workspaceId(), message.threadAnchor());
            if (anchor.isPresent() && Outbox.PENDING.equals(anchor.get().status())) {
                return Outcome.WAITING; // the message it threads under is not out yet
            }
            threadRef = anchor.map(Outbox.Anchor::platformRef);
        } else {
            threadRef = Optional.ofNullable(message.to().threadId());
        }
        if (!outbox.claim(row.id(), now, now.plus(CLAIM))) {
            return Outcome.WAITING;
        }
        SendResult result;
        try {
            result = sender.send(message, threadRef.orElse(null));
        } catch (RuntimeException e) {
            result = new SendResult.RetryLater(null, e.toString());
        }
        int attempts = row.attempts() + 1;
        if (result instanceof SendResult.Sent sent) {
            outbox.markSent(row.id(), sent.ref(), clock.instant());
            return Outcome.SENT;
        }
        if (result instanceof SendResult.RetryLater retry && attempts < maxAttempts) {
            Duration wait = retry.after() != null ? retry.after() : backoff(attempts);
            log.info("Outbox row {} not delivered ({}); attempt {} again in {}", row.id(), retry.reason(), attempts + 1, wait);
            outbox.markRetry(row.id(), attempts, clock.instant().plus(wait), retry.reason());
            return Outcome.WAITING;
        }
        String reason = result instanceof SendResult.Failed failed ? failed.reason() : ((SendResult.RetryLater) result).reason();
        log.error("Outbox row {} could not be delivered after {} attempt(s): {}", row.id(), attempts, reason);
        outbox.markFailed(row.id(), attempts, reason);
        return Outcome.GAVE_UP;
    }

    /** 1 s, 2 s, 4 s, … up to five minutes. */
    static Duration backoff(int attempts) {
        long seconds = 1L << Math.min(attempts - 1, 20);
        Duration d = Duration.ofSeconds(seconds);
        return d.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : d;
    }

    /**
     * Stops the worker after the row it is sending. It is woken, not interrupted: an interrupt
     * during file IO makes H2 close its database file (ClosedByInterruptException), after which
     * the rest of the shutdown fails and changes not yet written to disk are lost.
     */
    @Override
    public void close() {
        closed = true;
        wake();
        if (thread != null) {
            try {
                thread.join(SHUTDOWN_WAIT.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (thread.isAlive()) {
                log.warn("The delivery worker is still busy after {}; stopping without it "
                        + "(a row it cannot mark as sent is sent again after its claim expires)", SHUTDOWN_WAIT);
            }
        }
    }
}
