package nl.leerkring.delivery;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Predicate;
import java.util.Optional;
import nl.leerkring.chat.OutgoingMessage;
import nl.leerkring.chat.Platform;
import nl.leerkring.store.GroupCommit;
import nl.leerkring.store.Json;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The outbox table: messages written with the change that caused them, sent later by the
 * {@link DeliveryWorker}. Rows of one conversation are sent in the order they were written.
 */
public final class Outbox {

    static final String PENDING = "pending";
    static final String SENT = "sent";
    static final String FAILED = "failed";
    /** Handed to the platform without an answer in time: perhaps posted, never sent again. */
    static final String MAYBE_SENT = "maybe_sent";

    /** How many rows wait to be sent, and since when the oldest of them waits (null when none). */
    public record Backlog(long pending, Instant oldestCreatedAt) {
    }

    /** A row ready to send. */
    /**
     * A row to send. {@code interrupted}: an earlier claim of it ended without an outcome (the
     * worker that held it died), so it may already have reached the platform.
     */
    public record Row(long id, String conversationKey, int attempts, OutgoingMessage message, boolean interrupted) {
    }

    private static final org.jdbi.v3.core.mapper.RowMapper<Row> ROW = (rs, ctx) -> new Row(rs.getLong("id"),
            rs.getString("conversation_key"), rs.getInt("attempts"), Json.read(rs.getString("payload"), OutgoingMessage.class),
            rs.getString("claimed_by") != null);

    /**
     * How long a platform's trigger for opening a form lives (Slack's {@code trigger_id}: three
     * seconds), counted from the moment its row is written.
     */
    static final java.time.Duration TRIGGER_LIFE = java.time.Duration.ofSeconds(3);

    /** A row that opens a form with a trigger, and when that trigger expires. */
    record LaneRow(Row row, Instant triggerExpiresAt) {
    }

    /** The rows of {@code outbox_order_lock}. */
    private static final int ORDER_SLOTS = 1024;

    /** How long a sender waits for its sent marker's commit. */
    private static final java.time.Duration MARK_WAIT = java.time.Duration.ofSeconds(10);

    private final Jdbi jdbi;
    /** Where sent markers are committed together with others of the same moment; null: each on its own. */
    private final GroupCommit commits;

    public Outbox(Jdbi jdbi) {
        this(jdbi, null);
    }

    /** @param commits sent markers of the same moment share a commit (the delivery threads send side by side) */
    public Outbox(Jdbi jdbi, GroupCommit commits) {
        this.jdbi = jdbi;
        this.commits = commits;
    }

    /** Writes a message to the outbox inside the caller's transaction. */
    public static void enqueue(Handle handle, OutgoingMessage message, Instant now) {
        enqueue(handle, message, now, false);
    }

    /** Writes a message; with {@code forgetWhenSent} its row is deleted as soon as it was delivered. */
    public static void enqueue(Handle handle, OutgoingMessage message, Instant now, boolean forgetWhenSent) {
        enqueueAll(handle, List.of(message), now, m -> forgetWhenSent);
    }

    /**
     * Writes messages, in their order, inside the caller's transaction. The conversations they
     * go to are locked first (in one order, so two writers cannot wait for each other): another
     * transaction writing to one of them waits until this one commits, and so a conversation's
     * rows are numbered in the order they became visible, which is the order they are sent in.
     */
    public static void enqueueAll(Handle handle, List<OutgoingMessage> messages, Instant now,
                                  Predicate<OutgoingMessage> forgetWhenSent) {
        List<Integer> slots = messages.stream().map(m -> Math.floorMod(m.to().conversationKey().hashCode(), ORDER_SLOTS))
                .distinct().sorted().toList();
        if (!slots.isEmpty()) {
            handle.createQuery("SELECT slot FROM outbox_order_lock WHERE slot IN (<slots>) ORDER BY slot FOR UPDATE")
                    .bindList("slots", slots).mapTo(Integer.class).list();
        }
        for (OutgoingMessage message : messages) {
            insert(handle, message, now, forgetWhenSent.test(message));
        }
    }

    private static void insert(Handle handle, OutgoingMessage message, Instant now, boolean forgetWhenSent) {
        handle.createUpdate("""
                INSERT INTO outbox (platform, workspace_id, conversation_key, payload, anchor_key, thread_anchor,
                                    status, attempts, next_attempt_at, created_at, forget_when_sent, trigger_expires_at)
                VALUES (:platform, :workspace, :conversation, :payload, :anchor, :threadAnchor, 'pending', 0, :now, :now,
                        :forget, :triggerExpires)""")
                .bind("forget", forgetWhenSent)
                .bind("triggerExpires", opensWithTrigger(message) ? now.plus(TRIGGER_LIFE) : null)
                .bind("platform", message.to().platform().name())
                .bind("workspace", message.to().workspaceId())
                .bind("conversation", message.to().conversationKey())
                .bind("payload", Json.write(message))
                .bind("anchor", message.anchorKey())
                .bind("threadAnchor", message.threadAnchor())
                .bind("now", now)
                .execute();
    }

    /** A form opened with the platform's short-lived trigger: its row goes in the lane of its own. */
    static boolean opensWithTrigger(OutgoingMessage message) {
        return message.form() != null && message.trigger() != null;
    }

    /** The condition that leaves the lane's rows (alias {@code alias}) out of the conversations' queues. */
    private static String notInLane(boolean lane, String alias) {
        return lane ? " AND " + alias + ".trigger_expires_at IS NULL\n" : "\n";
    }

    /**
     * Claims the heads of conversations with something due: rows that are due, unclaimed, and
     * have no earlier unsent row in their conversation (so a message held back by a 429 also holds
     * back the ones written after it). Conversations in {@code busy} are skipped. With
     * {@code lane}, rows that open a form with a trigger are neither claimed nor waited for here:
     * {@link #claimLane} hands them out. The rows are
     * taken in the order they became due (the longest waiting first: conversations that their pace
     * keeps making due again cannot crowd out one that has waited longer, whatever its platform), and
     * locked {@code FOR UPDATE SKIP LOCKED} (PostgreSQL and H2), so workers that claim at the
     * same moment pass each other by instead of waiting, and each row is claimed by a conditional
     * update, so no two workers hold one row.
     */
    List<Row> claimDue(Instant now, int limit, Collection<String> busy, Instant until, String worker, boolean lane) {
        List<String> skip = new ArrayList<>(busy);
        skip.add(""); // no conversation has an empty key; keeps the list non-empty
        return jdbi.inTransaction(h -> {
            List<Row> heads = h.createQuery("""
                            SELECT o.id, o.conversation_key, o.attempts, o.payload, o.claimed_by FROM outbox o
                            WHERE o.status = 'pending' AND o.next_attempt_at <= :now
                              AND (o.claimed_until IS NULL OR o.claimed_until < :now)
                              AND o.conversation_key NOT IN (<busy>)""" + notInLane(lane, "o") + """
                              AND NOT EXISTS (SELECT 1 FROM outbox e
                                              WHERE e.conversation_key = o.conversation_key
                                                AND e.status = 'pending' AND e.id < o.id""" + notInLane(lane, "e") + """
                                              )
                            ORDER BY o.next_attempt_at, o.id
                            LIMIT :limit
                            FOR UPDATE SKIP LOCKED""")
                    .bind("now", now)
                    .bindList("busy", skip)
                    .bind("limit", limit)
                    .map(ROW)
                    .list();
            return claimEach(h, heads, Row::id, now, until, worker);
        });
    }

    /**
     * The next pending rows of one conversation after a row that has just left the queue: an
     * index seek, so that a long queue in one conversation drains without rescanning the table.
     * With {@code lane}, rows that open a form with a trigger are left to {@link #claimLane}.
     */
    List<Row> nextInConversation(String conversationKey, long afterId, int limit, boolean lane) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT id, conversation_key, attempts, payload, claimed_by FROM outbox o
                        WHERE conversation_key = :conversation AND status = 'pending' AND id > :after""" + notInLane(lane, "o") + """

                        ORDER BY id
                        LIMIT :limit""")
                .bind("conversation", conversationKey)
                .bind("after", afterId)
                .bind("limit", limit)
                .map(ROW)
                .list());
    }

    /**
     * Claims up to {@code limit} due rows that open a form with a trigger, oldest first, whatever
     * their conversation: nothing else is sent before them, and they wait for nothing else.
     */
    List<LaneRow> claimLane(Instant now, int limit, Instant until, String worker) {
        return jdbi.inTransaction(h -> {
            List<LaneRow> due = h.createQuery("""
                            SELECT o.id, o.conversation_key, o.attempts, o.payload, o.claimed_by, o.trigger_expires_at FROM outbox o
                            WHERE o.status = 'pending' AND o.trigger_expires_at IS NOT NULL AND o.next_attempt_at <= :now
                              AND (o.claimed_until IS NULL OR o.claimed_until < :now)
                            ORDER BY o.id
                            LIMIT :limit
                            FOR UPDATE SKIP LOCKED""")
                    .bind("now", now)
                    .bind("limit", limit)
                    .map((rs, ctx) -> new LaneRow(ROW.map(rs, ctx),
                            rs.getObject("trigger_expires_at", java.time.OffsetDateTime.class).toInstant()))
                    .list();
            return claimEach(h, due, row -> row.row().id(), now, until, worker);
        });
    }

    /**
     * The form of a row that was to open it with a trigger, found by its id within a workspace
     * and only for the person it was for (the button that opens it again, once the trigger
     * expired, carries the id).
     */
    public static Optional<OutgoingMessage> formFor(Handle handle, Platform platform, String workspaceId, String userId,
                                                    long id) {
        return handle.createQuery("""
                        SELECT payload FROM outbox
                        WHERE id = :id AND platform = :platform AND workspace_id = :workspace
                          AND trigger_expires_at IS NOT NULL AND payload <> '{}'""")
                .bind("id", id).bind("platform", platform.name()).bind("workspace", workspaceId)
                .map((rs, ctx) -> Json.read(rs.getString("payload"), OutgoingMessage.class))
                .findOne()
                .filter(m -> m.form() != null && userId.equals(m.to().privateTo()));
    }

    /** Of the rows found for claiming, those this worker now holds (each claimed by its conditional update). */
    private static <R> List<R> claimEach(Handle h, List<R> rows, java.util.function.ToLongFunction<R> idOf, Instant now,
                                         Instant until, String worker) {
        List<R> claimed = new ArrayList<>(rows.size());
        for (R row : rows) {
            if (claim(h, idOf.applyAsLong(row), now, until, worker)) {
                claimed.add(row);
            }
        }
        return claimed;
    }

    /** Claims a due row for sending until {@code until}; false when another worker has it or it is not due. */
    boolean claim(long id, Instant now, Instant until, String worker) {
        return jdbi.withHandle(h -> claim(h, id, now, until, worker));
    }

    private static boolean claim(Handle h, long id, Instant now, Instant until, String worker) {
        return h.createUpdate("""
                        UPDATE outbox SET claimed_until = :until, claimed_by = :worker
                        WHERE id = :id AND status = 'pending' AND next_attempt_at <= :now
                          AND (claimed_until IS NULL OR claimed_until < :now)""")
                .bind("id", id).bind("now", now).bind("until", until).bind("worker", worker)
                .execute() == 1;
    }

    /** Extends the lease on rows this worker still holds. */
    void renew(Collection<Long> ids, Instant until, String worker) {
        if (ids.isEmpty()) {
            return;
        }
        jdbi.useHandle(h -> h.createUpdate("""
                        UPDATE outbox SET claimed_until = :until
                        WHERE id IN (<ids>) AND claimed_by = :worker AND status = 'pending'""")
                .bindList("ids", List.copyOf(ids)).bind("until", until).bind("worker", worker)
                .execute());
    }

    /** Hands a claimed row back untouched. */
    void release(long id) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE outbox SET claimed_until = NULL, claimed_by = NULL WHERE id = :id")
                .bind("id", id).execute());
    }

    /**
     * Holds a row (and so its conversation) back until {@code until} without counting an attempt:
     * the platform's pace, not an error.
     */
    void pause(long id, Instant until, String reason) {
        jdbi.useHandle(h -> h.createUpdate("""
                        UPDATE outbox SET next_attempt_at = :until, claimed_until = NULL, claimed_by = NULL,
                                          last_error = COALESCE(:reason, last_error)
                        WHERE id = :id""")
                .bind("id", id).bind("until", until).bind("reason", truncate(reason))
                .execute());
    }

    /** Holds back an interrupted row until {@code until}, keeping the mark that its last send was cut off. */
    void holdInterrupted(long id, Instant until, String reason) {
        jdbi.useHandle(h -> h.createUpdate("""
                        UPDATE outbox SET next_attempt_at = :until, claimed_until = NULL, last_error = :reason
                        WHERE id = :id""")
                .bind("id", id).bind("until", until).bind("reason", truncate(reason))
                .execute());
    }

    void markSent(long id, String platformRef, Instant now) {
        markSent(id, platformRef, now, null, null);
    }

    /**
     * Marks a row sent and, in the same transaction, holds the rest of its conversation until
     * {@code holdUntil} (when not null), so that no server sends the next one sooner.
     */
    void markSent(long id, String platformRef, Instant now, String conversationKey, Instant holdUntil) {
        java.util.function.Consumer<Handle> mark = h -> {
            if (h.createUpdate("DELETE FROM outbox WHERE id = :id AND forget_when_sent").bind("id", id).execute() == 0) {
                h.createUpdate("""
                                UPDATE outbox SET status = 'sent', platform_ref = :ref, sent_at = :now, claimed_until = NULL,
                                                  claimed_by = NULL, attempts = attempts + 1, last_error = NULL
                                WHERE id = :id""")
                        .bind("id", id).bind("ref", platformRef).bind("now", now)
                        .execute();
            }
            if (holdUntil != null) {
                h.createUpdate("""
                                UPDATE outbox SET next_attempt_at = :until
                                WHERE conversation_key = :conversation AND status = 'pending' AND next_attempt_at < :until""")
                        .bind("conversation", conversationKey).bind("until", holdUntil)
                        .execute();
            }
        };
        if (commits == null) {
            jdbi.useTransaction(mark::accept);
        } else {
            commits.write(h -> {
                mark.accept(h);
                return null;
            }, MARK_WAIT);
        }
    }

    void markRetry(long id, int attempts, Instant nextAttempt, String error) {
        jdbi.useHandle(h -> h.createUpdate("""
                        UPDATE outbox SET attempts = :attempts, next_attempt_at = :next, claimed_until = NULL, claimed_by = NULL,
                                          last_error = :error
                        WHERE id = :id""")
                .bind("id", id).bind("attempts", attempts).bind("next", nextAttempt).bind("error", truncate(error))
                .execute());
    }

    /**
     * Gives up on a row. It stays in the table, so nothing is silently lost; a row marked to be
     * forgotten once sent (a member's own data) loses its content at once.
     */
    void markFailed(long id, int attempts, String error) {
        jdbi.useHandle(h -> h.createUpdate("""
                        UPDATE outbox SET status = 'failed', attempts = :attempts, claimed_until = NULL, claimed_by = NULL,
                                          last_error = :error,
                                          payload = CASE WHEN forget_when_sent THEN '{}' ELSE payload END
                        WHERE id = :id""")
                .bind("id", id).bind("attempts", attempts).bind("error", truncate(error))
                .execute());
    }

    /**
     * Marks a row whose send got no answer in time: the platform may have posted it. It leaves
     * the queue (the rest of its conversation goes on) and is never sent again by itself. A row
     * marked to be forgotten once sent loses its content at once.
     */
    void markMaybeSent(long id, int attempts, String error) {
        jdbi.useHandle(h -> h.createUpdate("""
                        UPDATE outbox SET status = 'maybe_sent', attempts = :attempts, claimed_until = NULL,
                                          claimed_by = NULL, last_error = :error,
                                          payload = CASE WHEN forget_when_sent THEN '{}' ELSE payload END
                        WHERE id = :id""")
                .bind("id", id).bind("attempts", attempts).bind("error", truncate(error))
                .execute());
    }

    /** The state of the message a thread hangs under. */
    record Anchor(String status, String platformRef) {
    }

    Optional<Anchor> anchor(String workspaceId, String anchorKey) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT status, platform_ref FROM outbox
                        WHERE workspace_id = :workspace AND anchor_key = :anchor
                        ORDER BY id LIMIT 1""")
                .bind("workspace", workspaceId).bind("anchor", anchorKey)
                .map((rs, ctx) -> new Anchor(rs.getString("status"), rs.getString("platform_ref")))
                .findOne());
    }

    /**
     * Every message written with this anchor key in a workspace, oldest first (a step's message
     * and its reposts): what a replacement ({@link OutgoingMessage#replaces()}) changes.
     */
    List<Anchor> anchors(String workspaceId, String anchorKey) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT status, platform_ref FROM outbox
                        WHERE workspace_id = :workspace AND anchor_key = :anchor
                        ORDER BY id""")
                .bind("workspace", workspaceId).bind("anchor", anchorKey)
                .map((rs, ctx) -> new Anchor(rs.getString("status"), rs.getString("platform_ref")))
                .list());
    }

    /**
     * The messages sent to a workspace of this platform that the platform gave this id (newest
     * first): what the bot said in the message a user is now answering.
     */
    public List<OutgoingMessage> sentWithRef(Platform platform, String workspaceId, String platformRef) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT payload FROM outbox
                        WHERE platform = :platform AND workspace_id = :workspace AND platform_ref = :ref AND status = 'sent'
                        ORDER BY id DESC""")
                .bind("platform", platform.name()).bind("workspace", workspaceId).bind("ref", platformRef)
                .map((rs, ctx) -> Json.read(rs.getString("payload"), OutgoingMessage.class))
                .list());
    }

    /** The rows still to send and the creation time of the oldest (for /healthz). */
    public Backlog backlog() {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) AS n, MIN(created_at) AS oldest FROM outbox WHERE status = 'pending'")
                .map((rs, ctx) -> new Backlog(rs.getLong("n"),
                        rs.getObject("oldest", java.time.OffsetDateTime.class) == null ? null
                                : rs.getObject("oldest", java.time.OffsetDateTime.class).toInstant()))
                .one());
    }

    /** Number of rows still waiting to be sent (for health and tests). */
    public long pendingCount() {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM outbox WHERE status = 'pending'")
                .mapTo(Long.class).one());
    }

    /**
     * Forgets the content of sent rows older than the given moment. A thread's start keeps its
     * platform id (a case's thread is found by it) but loses its text.
     */
    public int pruneSent(Instant before) {
        // a message that is only ever replaced (its key holds OutgoingMessage.REPLACEABLE) goes like any other
        return jdbi.inTransaction(h -> {
            h.createUpdate("""
                            UPDATE outbox SET payload = '{}' WHERE status = 'sent' AND sent_at < :before
                              AND anchor_key IS NOT NULL AND POSITION(:mark IN anchor_key) = 0 AND payload <> '{}'""")
                    .bind("before", before).bind("mark", OutgoingMessage.REPLACEABLE).execute();
            return h.createUpdate("""
                            DELETE FROM outbox WHERE status = 'sent' AND sent_at < :before
                              AND (anchor_key IS NULL OR POSITION(:mark IN anchor_key) > 0)""")
                    .bind("before", before).bind("mark", OutgoingMessage.REPLACEABLE).execute();
        });
    }

    /**
     * Forgets the content of messages that could not be delivered (or perhaps were: no answer came
     * in time), once they are older than the given moment: the row stays for inspection (where, when, why), the text does not.
     */
    public int pruneFailed(Instant before) {
        return jdbi.withHandle(h -> h.createUpdate("""
                        UPDATE outbox SET payload = '{}' WHERE status IN ('failed', 'maybe_sent') AND created_at < :before
                          AND payload <> '{}'""")
                .bind("before", before).execute());
    }

    /**
     * Deletes the messages to one user's private conversations in a workspace (whatever channel
     * they were shown in) that the test picks, sent or not; how many.
     */
    public static int forgetPrivate(Handle handle, Platform platform, String workspaceId, String userId,
                                    java.util.function.Predicate<OutgoingMessage> which) {
        String suffix = "|" + userId;
        List<Long> ids = handle.createQuery("""
                        SELECT id, conversation_key, payload FROM outbox WHERE platform = :platform AND workspace_id = :workspace""")
                .bind("platform", platform.name()).bind("workspace", workspaceId)
                .map((rs, ctx) -> rs.getString("conversation_key").endsWith(suffix) && !"{}".equals(rs.getString("payload"))
                        && which.test(Json.read(rs.getString("payload"), OutgoingMessage.class)) ? rs.getLong("id") : null)
                .list().stream().filter(java.util.Objects::nonNull).toList();
        ids.forEach(id -> handle.createUpdate("DELETE FROM outbox WHERE id = :id").bind("id", id).execute());
        return ids.size();
    }

    private static String truncate(String s) {
        return s == null || s.length() <= 1000 ? s : s.substring(0, 1000);
    }
}
