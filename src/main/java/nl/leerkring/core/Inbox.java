package nl.leerkring.core;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import nl.leerkring.chat.InboundEvent;
import nl.leerkring.store.GroupCommit;
import nl.leerkring.store.Json;
import java.util.function.Consumer;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a door puts what a user did before it answers the platform. {@link #accept} writes the
 * event as one row (the requests of the same moment share one commit) and returns; the bot
 * handles it moments later on the inbox's own threads, the events of one conversation one at a
 * time in the order they were accepted, each once: the row is deleted in the transaction that
 * handles it.
 *
 * <p>So a door's answer costs one insert, not a whole turn, and nothing a door acked is lost: a
 * server that dies after the ack leaves the row, and the next start (or another server on the
 * same database) handles it. Rows this server did not write itself, or could not handle yet,
 * are looked for every {@link #SWEEP}.
 *
 * <p>Acks come first: while a door is writing, a handler waits for a quiet moment before its
 * next event, at most {@link #GIVE_WAY} ({@link DoorTraffic}).
 */
public final class Inbox implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Inbox.class);

    /** How long a door waits for its event's commit: well within Slack's 3 s. */
    static final Duration WRITE_WAIT = Duration.ofMillis(2000);
    /** How often rows nobody here is working on are looked for. */
    static final Duration SWEEP = Duration.ofSeconds(1);
    /**
     * A fresh row is left to the server that wrote it for this long before another server's sweep
     * takes it too (harmless, the row lock decides, but it would only wait on that lock).
     */
    static final Duration OWN_ROW_GRACE = Duration.ofSeconds(2);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    /**
     * How long a handler waits at most, per event, for the doors to be quiet: under a flood,
     * handling goes on at (threads / this) events per second at least.
     */
    static final Duration GIVE_WAY = Duration.ofMillis(50);
    /** Rows of one conversation handled before the others get a turn. */
    private static final int ROWS_PER_LOOK = 4;

    /** What became of an event a door handed in. */
    public enum Accepted {
        /** Kept: it will be handled. */
        KEPT,
        /** Seen before (a platform's retry): nothing more happens. */
        DUPLICATE,
        /** Could not be written (the database is away or too slow): the door should say so. */
        UNAVAILABLE
    }

    private record Waiting(InboundEvent event, String key, String conversation, Consumer<Handle> alsoWrite) {
    }

    private record Row(long id, int attempts, String payload) {
    }

    private final Jdbi jdbi;
    private final Bot bot;
    private final Clock clock;
    private final GroupCommit commits;
    /** Conversations a handler thread of this server is working through. */
    private final Set<String> draining = ConcurrentHashMap.newKeySet();
    /** Conversations with rows written since their handler last looked. */
    private final Set<String> signalled = ConcurrentHashMap.newKeySet();
    private final ExecutorService handlers;
    /** Events being written by a door right now: while there are, handlers give way. */
    private final DoorTraffic doors;
    private final Duration giveWay;
    private volatile boolean closed;
    private ScheduledExecutorService sweeper;

    /**
     * @param commits where the rows are written: the requests of the same moment share a commit
     * @param threads how many conversations are handled at the same time
     */
    public Inbox(Jdbi jdbi, GroupCommit commits, Bot bot, Clock clock, int threads) {
        this(jdbi, commits, bot, clock, threads, new DoorTraffic(), GIVE_WAY);
    }

    /** @param giveWay how long a handler waits at most, per event, while {@code doors} are writing */
    Inbox(Jdbi jdbi, GroupCommit commits, Bot bot, Clock clock, int threads, DoorTraffic doors, Duration giveWay) {
        this.jdbi = jdbi;
        this.doors = doors;
        this.giveWay = giveWay;
        this.commits = commits;
        this.bot = bot;
        this.clock = clock;
        AtomicInteger n = new AtomicInteger();
        this.handlers = Executors.newFixedThreadPool(Math.max(1, threads), r -> {
            Thread t = new Thread(r, "leerkring-inbox-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    public Inbox start() {
        sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "leerkring-inbox-sweep");
            t.setDaemon(true);
            return t;
        });
        // at once: what a server before this one acked and did not handle
        sweeper.scheduleWithFixedDelay(this::sweep, 0, SWEEP.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /**
     * Keeps the event, durably, and returns once it is committed (or could not be). Call it before
     * answering the platform; what it returns tells what to answer.
     */
    public Accepted accept(InboundEvent event) {
        return accept(event, null);
    }

    /**
     * The same, with the door's own bookkeeping of the request ({@code alsoWrite}, e.g. where to
     * answer later) written in the same commit: the request waits for one commit, not two. A
     * failure of that bookkeeping is logged and leaves the event kept.
     */
    public Accepted accept(InboundEvent event, Consumer<Handle> alsoWrite) {
        if (closed) {
            return Accepted.UNAVAILABLE;
        }
        Waiting waiting = new Waiting(event, bot.keyOf(event), conversationOf(event), alsoWrite);
        boolean kept;
        doors.enter();
        try {
            kept = commits.write(h -> keep(h, waiting, clock.instant()), WRITE_WAIT);
        } catch (RuntimeException e) {
            log.error("{} event {} in {} could not be kept: {}", event.kind(), event.eventKey(), event.where(), e.toString());
            return Accepted.UNAVAILABLE;
        } finally {
            doors.leave();
        }
        if (!kept) {
            return Accepted.DUPLICATE;
        }
        handOn(waiting.conversation());
        return Accepted.KEPT;
    }

    /**
     * The events of one channel (its threads included) are handled in order: a command that
     * starts a case and the replies in the case's thread belong together. So are a person's
     * private places (their chat with the bot and their Home page): a press there and the page
     * drawn again after it.
     */
    private static String conversationOf(InboundEvent event) {
        var where = event.where();
        String place = where.isDirect() || where.isHome() ? "@" + where.privateTo() : where.channelId();
        return where.platform().name() + "|" + where.workspaceId() + "|" + place;
    }

    /**
     * Writes the row, and the door's bookkeeping; false when the key was handled before
     * ({@code inbound_event}) or is waiting here already (the unique key): a retry.
     */
    private static boolean keep(Handle h, Waiting w, Instant now) {
        if (w.alsoWrite() != null) {
            alsoWrite(h, w, "door");
        }
        // one statement: the write of every door request, in the commit it waits for
        return h.createUpdate("""
                        INSERT INTO inbox (platform, event_key, conversation_key, payload, received_at, attempts, next_attempt_at)
                        SELECT :platform, :key, :conversation, :payload, :now, 0, :grace
                        WHERE NOT EXISTS (SELECT 1 FROM inbound_event WHERE platform = :platform AND event_key = :key)
                        ON CONFLICT DO NOTHING""")
                .bind("platform", w.event().platform().name()).bind("key", w.key())
                .bind("conversation", w.conversation()).bind("payload", Json.write(w.event()))
                .bind("now", now).bind("grace", now.plus(OWN_ROW_GRACE))
                .execute() == 1;
    }

    private static void alsoWrite(Handle h, Waiting waiting, String savepoint) {
        h.savepoint(savepoint);
        try {
            waiting.alsoWrite().accept(h);
            h.release(savepoint);
        } catch (RuntimeException e) {
            h.rollbackToSavepoint(savepoint);
            log.warn("The door's bookkeeping of {} event {} failed; the event is kept: {}", waiting.event().kind(),
                    waiting.event().eventKey(), e.toString());
        }
    }

    /** Has this server's handler go through the conversation's rows (again). */
    private void handOn(String conversation) {
        signalled.add(conversation);
        if (draining.add(conversation) && !again(conversation)) {
            draining.remove(conversation);
        }
    }

    /** What one look at a conversation's rows came to. */
    private enum Look { EMPTY, MORE, HELD }

    /**
     * One look at the conversation: a few of its rows, in order. With more to do it goes to the
     * back of the handlers' queue, so that a conversation with a long backlog takes turns with
     * the others instead of keeping a thread until it is empty.
     */
    private void drain(String conversation) {
        signalled.remove(conversation);
        Look look = lookOnce(conversation);
        if (look == Look.MORE && again(conversation)) {
            return;
        }
        draining.remove(conversation);
        // a row written while we looked was signalled; whoever adds the conversation first goes on
        if (look == Look.EMPTY && signalled.contains(conversation)) {
            handOn(conversation);
        }
    }

    /** Queues a look at the conversation; false when closing (its rows stay for the next start). */
    private boolean again(String conversation) {
        if (closed) {
            return false;
        }
        try {
            handlers.execute(() -> drain(conversation));
            return true;
        } catch (java.util.concurrent.RejectedExecutionException e) {
            return false; // closing: the rows stay for the next start
        }
    }

    private Look lookOnce(String conversation) {
        try {
            List<Row> rows = jdbi.withHandle(h -> h.createQuery("""
                            SELECT id, attempts, payload FROM inbox WHERE conversation_key = :conversation
                            ORDER BY id LIMIT :limit""")
                    .bind("conversation", conversation).bind("limit", ROWS_PER_LOOK)
                    .map((rs, ctx) -> new Row(rs.getLong("id"), rs.getInt("attempts"), rs.getString("payload")))
                    .list());
            if (rows.isEmpty()) {
                return Look.EMPTY;
            }
            for (Row row : rows) {
                doors.awaitQuiet(giveWay);
                if (closed || !handle(row)) {
                    return Look.HELD;
                }
            }
            return Look.MORE;
        } catch (RuntimeException e) {
            log.warn("Could not read the inbox of {}; tried again at the next sweep: {}", conversation, e.toString());
            return Look.HELD;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Look.HELD; // closing: the rows stay for the next start
        }
    }

    /** False when the row stays to be tried again later. */
    private boolean handle(Row row) {
        InboundEvent event;
        try {
            event = Json.read(row.payload(), InboundEvent.class);
        } catch (RuntimeException e) {
            log.error("Inbox row {} cannot be read and is dropped: {}", row.id(), e.getMessage());
            jdbi.useHandle(h -> h.createUpdate("DELETE FROM inbox WHERE id = :id").bind("id", row.id()).execute());
            return true;
        }
        if (bot.handleQueued(row.id(), event) == Bot.Queued.DONE) {
            return true;
        }
        Duration wait = backoff(row.attempts() + 1);
        try {
            jdbi.useHandle(h -> h.createUpdate("""
                            UPDATE inbox SET attempts = attempts + 1, next_attempt_at = :next WHERE id = :id""")
                    .bind("id", row.id()).bind("next", clock.instant().plus(wait)).execute());
        } catch (RuntimeException e) {
            log.debug("Could not note the wait of inbox row {}: {}", row.id(), e.toString());
        }
        return false;
    }

    private static Duration backoff(int attempts) {
        long millis = Math.min(MAX_BACKOFF.toMillis(), 500L << Math.min(attempts, 10));
        return Duration.ofMillis(millis);
    }

    /** Conversations with rows due that no handler here is working on. */
    private void sweep() {
        try {
            List<String> due = jdbi.withHandle(h -> h.createQuery("""
                            SELECT DISTINCT conversation_key FROM inbox WHERE next_attempt_at <= :now""")
                    .bind("now", clock.instant())
                    .setMaxRows(200)
                    .mapTo(String.class).list());
            due.forEach(this::handOn);
        } catch (RuntimeException e) {
            log.debug("Inbox sweep failed: {}", e.toString());
        }
    }

    /** Rows waiting to be handled, by any server (for /healthz and tests). */
    public long waiting() {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM inbox").mapTo(Long.class).one());
    }

    /**
     * Stops taking events and lets the handlers finish the rows in hand; the rest stay in the
     * table for the next start.
     */
    @Override
    public void close() {
        closed = true;
        try {
            if (sweeper != null) {
                sweeper.shutdownNow();
            }
            handlers.shutdown();
            if (!handlers.awaitTermination(10, TimeUnit.SECONDS)) {
                log.warn("Inbox handlers still busy after 10 s; their rows stay for the next start");
                handlers.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
