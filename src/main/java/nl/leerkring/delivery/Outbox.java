package nl.leerkring.delivery;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.Optional;
import nl.leerkring.chat.OutgoingMessage;
import nl.leerkring.chat.Platform;
import nl.leerkring.store.Durability;
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
        lockOrder(handle, messages.stream().map(m -> m.to().conversationKey()));
        for (OutgoingMessage message : messages) {
            insert(handle, message, now, forgetWhenSent.test(message));
        }
        for (String conversation : messages.stream().map(m -> m.to().conversationKey()).distinct().sorted().toList()) {
            queue(handle, conversation, now);
        }
    }

    /**
     * Puts a conversation in the delivery queue, due now, unless it is there already (due, or
     * held back by its pace: a new message waits behind the ones before it anyway). Runs under
     * the conversation's order lock, which {@link #settle} takes too, so a conversation is never
     * taken out of the queue while a message to it is being written.
     */
    private static void queue(Handle handle, String conversation, Instant now) {
        if (handle.createQuery("SELECT COUNT(*) FROM outbox_queue WHERE conversation_key = :key")
                .bind("key", conversation).mapTo(Integer.class).one() == 0) {
            handle.createUpdate("INSERT INTO outbox_queue (conversation_key, next_look_at) VALUES (:key, :now)")
                    .bind("key", conversation).bind("now", now).execute();
        }
    }

    /** Locks the order slots of these conversations, in one order, for the rest of the transaction. */
    private static void lockOrder(Handle handle, java.util.stream.Stream<String> conversations) {
        List<Integer> slots = conversations.map(key -> Math.floorMod(key.hashCode(), ORDER_SLOTS)).distinct().sorted().toList();
        if (!slots.isEmpty()) {
            handle.createQuery("SELECT slot FROM outbox_order_lock WHERE slot IN (<slots>) ORDER BY slot FOR UPDATE")
                    .bindList("slots", slots).mapTo(Integer.class).list();
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

    /**
     * Moments before and after any trigger's expiry. The lane's own look-up asks for expiries
     * between them, so that the database reads its index on (status, trigger expiry) as a range
     * over the lane's rows alone: a range open at the top would also walk every row without an
     * expiry, which sort last in PostgreSQL's order (and in H2's PostgreSQL mode). Its due time
     * is asked in a form no index answers: H2, which cannot tell how few rows the lane has,
     * otherwise walks every unsent row by the index on due times. The conversations' look-ups
     * compare the expiry, or the first moment when there is none, with that moment, which no
     * index answers, so that they read the index on the conversation (asked "expiry IS NULL", H2
     * walks every unsent row through the lane's index instead).
     */
    private static final String BEFORE_ANY_TRIGGER = "TIMESTAMP WITH TIME ZONE '1970-01-01 00:00:00+00'";
    private static final String AFTER_ANY_TRIGGER = "TIMESTAMP WITH TIME ZONE '9999-01-01 00:00:00+00'";

    /** The condition that picks the lane's rows (alias {@code alias}) by a range of the lane's index. */
    private static String inLane(String alias) {
        return alias + ".trigger_expires_at > " + BEFORE_ANY_TRIGGER + " AND " + alias + ".trigger_expires_at < " + AFTER_ANY_TRIGGER;
    }

    /** The condition that leaves the lane's rows (alias {@code alias}) out of the conversations' queues. */
    private static String notInLane(boolean lane, String alias) {
        return lane ? " AND COALESCE(" + alias + ".trigger_expires_at, " + BEFORE_ANY_TRIGGER + ") = " + BEFORE_ANY_TRIGGER + "\n"
                : "\n";
    }

    /**
     * The first unsent rows of conversations that are due, not yet claimed: the conversations
     * whose time in the queue has come: half of them the longest waiting (conversations that
     * their pace keeps making due again cannot crowd out one that has waited longer, whatever
     * its platform), half the latest due (a reply to what someone just did does not wait until
     * every conversation that a burst in another workspace left due has been looked at once),
     * each with its first unsent row (so a message held back also holds back the ones written
     * after it). Conversations in {@code busy} are skipped. A conversation whose first row is not
     * due, or is held by another worker, gets its time moved to then; one with nothing left to
     * send leaves the queue. With {@code lane}, rows that open a form with a trigger are neither
     * given nor waited for here: {@link #claimLane} hands them out.
     *
     * <p>Nothing is claimed: the caller claims each row it sends ({@link #claim}), whose
     * conditional update keeps any two workers from holding one row.
     *
     * @param limit how many due conversations to look at
     */
    DueHeads dueHeads(Instant now, int limit, Collection<String> busy, boolean lane) {
        List<String> skip = new ArrayList<>(busy);
        skip.add(""); // no conversation has an empty key; keeps the list non-empty
        return jdbi.withHandle(h -> {
            // half the longest waiting, half the latest due, taken in turns: a conversation with
            // a new message is looked at at once, not after every conversation a burst elsewhere left due
            List<String> longest = dueConversations(h, now, skip, limit - limit / 2, "ASC");
            List<String> latest = dueConversations(h, now, skip, limit / 2, "DESC");
            Set<String> due = new LinkedHashSet<>();
            for (int i = 0; i < longest.size() || i < latest.size(); i++) {
                if (i < longest.size()) {
                    due.add(longest.get(i));
                }
                if (i < latest.size()) {
                    due.add(latest.get(i));
                }
            }
            List<Row> heads = new ArrayList<>(due.size());
            for (String conversation : due) {
                Optional<Head> head = h.createQuery("""
                                SELECT id, conversation_key, attempts, payload, claimed_by, claimed_until, next_attempt_at
                                FROM outbox o
                                WHERE conversation_key = :conversation AND status = 'pending'""" + notInLane(lane, "o") + """
                                ORDER BY id
                                LIMIT 1""")
                        .bind("conversation", conversation)
                        .map((rs, ctx) -> new Head(ROW.map(rs, ctx), instant(rs, "next_attempt_at"), instant(rs, "claimed_until")))
                        .findOne();
                if (head.isEmpty()) {
                    settle(h, conversation, lane);
                } else if (head.get().nextAttemptAt().isAfter(now)) {
                    postpone(h, conversation, head.get().nextAttemptAt(), now);
                } else if (head.get().claimedUntil() != null && !head.get().claimedUntil().isBefore(now)) {
                    postpone(h, conversation, head.get().claimedUntil(), now);
                } else {
                    heads.add(head.get().row());
                }
            }
            return new DueHeads(heads, due.size());
        });
    }

    private static List<String> dueConversations(Handle h, Instant now, List<String> busy, int limit, String order) {
        if (limit == 0) {
            return List.of();
        }
        return h.createQuery("""
                        SELECT conversation_key FROM outbox_queue
                        WHERE next_look_at <= :now AND conversation_key NOT IN (<busy>)
                        ORDER BY next_look_at <order>, conversation_key <order>
                        LIMIT :limit""")
                .define("order", order)
                .bind("now", now).bindList("busy", busy).bind("limit", limit)
                .mapTo(String.class).list();
    }

    /** The first rows found, and how many due conversations were looked at to find them. */
    record DueHeads(List<Row> heads, int looked) {
    }

    /** A conversation's first unsent row, when it may be tried, and until when another worker holds it. */
    private record Head(Row row, Instant nextAttemptAt, Instant claimedUntil) {
    }

    private static Instant instant(java.sql.ResultSet rs, String column) throws java.sql.SQLException {
        java.time.OffsetDateTime time = rs.getObject(column, java.time.OffsetDateTime.class);
        return time == null ? null : time.toInstant();
    }

    /** Moves a conversation's time in the queue to {@code until}, unless someone moved it since it was found due. */
    private static void postpone(Handle h, String conversation, Instant until, Instant now) {
        h.createUpdate("UPDATE outbox_queue SET next_look_at = :until WHERE conversation_key = :key AND next_look_at <= :now")
                .bind("key", conversation).bind("until", until).bind("now", now).execute();
    }

    /**
     * Takes a conversation out of the queue when nothing is left to send to it (with {@code lane},
     * nothing but forms the lane opens), under its order lock: a message being written to it
     * puts it back once that write commits. So the queue holds no conversation longer than it
     * has something to send (a private conversation's key holds the receiver's id).
     */
    void settle(String conversation, boolean lane) {
        jdbi.useHandle(h -> settle(h, conversation, lane));
    }

    private static void settle(Handle handle, String conversation, boolean lane) {
        handle.useTransaction(h -> {
            lockOrder(h, java.util.stream.Stream.of(conversation));
            h.createUpdate("""
                            DELETE FROM outbox_queue
                            WHERE conversation_key = :key
                              AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.conversation_key = :key AND o.status = 'pending'"""
                            + notInLane(lane, "o") + ")")
                    .bind("key", conversation).execute();
        });
    }

    /**
     * Holds a conversation back until {@code until}: its pace, a platform's request to slow
     * down, or a retry. One small row is written; the messages waiting in it are not touched.
     *
     * <p>A hold only ever moves the conversation's time later. Two workers may hold one
     * conversation at nearly the same moment: one for the gap after the platform's answer, the
     * other for a turn it worked out from an earlier look. Whichever writes last, the later time stands.
     */
    void hold(String conversation, Instant until) {
        jdbi.useHandle(h -> hold(h, conversation, until));
    }

    private static void hold(Handle h, String conversation, Instant until) {
        h.createUpdate("UPDATE outbox_queue SET next_look_at = :until WHERE conversation_key = :key AND next_look_at < :until")
                .bind("key", conversation).bind("until", until).execute();
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
        return jdbi.withHandle(handle -> {
            List<LaneRow> claimed = handle.inTransaction(h -> {
                List<LaneRow> due = h.createQuery("""
                                SELECT o.id, o.conversation_key, o.attempts, o.payload, o.claimed_by, o.trigger_expires_at FROM outbox o
                                WHERE o.status = 'pending'""" + " AND " + inLane("o") + """
                                  AND COALESCE(o.next_attempt_at, :now) <= :now
                                  AND (o.claimed_until IS NULL OR o.claimed_until < :now)
                                ORDER BY o.id
                                LIMIT :limit
                                FOR UPDATE SKIP LOCKED""")
                        .bind("now", now)
                        .bind("limit", limit)
                        .map((rs, ctx) -> new LaneRow(ROW.map(rs, ctx), instant(rs, "trigger_expires_at")))
                        .list();
                // each claimed by its conditional update: another worker may have it since
                List<LaneRow> taken = new ArrayList<>(due.size());
                for (LaneRow row : due) {
                    if (claim(h, row.row().id(), now, until, worker)) {
                        taken.add(row);
                    }
                }
                return taken;
            });
            if (!claimed.isEmpty()) {
                Durability.ensure(handle); // claims before sends: see claim
            }
            return claimed;
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

    /**
     * Claims a due row for sending until {@code until}; false when another worker has it or it is
     * not due. A claim is durable when this returns: after a kill during the send, the next start
     * finds the row claimed and asks the platform whether it arrived, rather than sending it again.
     */
    boolean claim(long id, Instant now, Instant until, String worker) {
        return jdbi.withHandle(h -> {
            boolean claimed = claim(h, id, now, until, worker);
            if (claimed) {
                Durability.ensure(h);
            }
            return claimed;
        });
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
     * Hands a claimed row back and holds its conversation until {@code until} without counting an
     * attempt: the platform's pace, not an error.
     */
    void pause(Row row, Instant until, String reason) {
        jdbi.useTransaction(h -> {
            h.createUpdate("""
                            UPDATE outbox SET claimed_until = NULL, claimed_by = NULL, last_error = COALESCE(:reason, last_error)
                            WHERE id = :id""")
                    .bind("id", row.id()).bind("reason", truncate(reason))
                    .execute();
            hold(h, row.conversationKey(), until);
        });
    }

    /** Hands back a claimed row of the lane of forms, to be claimed again at {@code until}; its conversation goes on. */
    void pauseInLane(Row row, Instant until) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE outbox SET next_attempt_at = :until, claimed_until = NULL, claimed_by = NULL WHERE id = :id")
                .bind("id", row.id()).bind("until", until).execute());
    }

    /** Holds back an interrupted row until {@code until}, keeping the mark that its last send was cut off. */
    void holdInterrupted(Row row, Instant until, String reason) {
        jdbi.useTransaction(h -> {
            h.createUpdate("""
                            UPDATE outbox SET next_attempt_at = :until, claimed_until = NULL, last_error = :reason
                            WHERE id = :id""")
                    .bind("id", row.id()).bind("until", until).bind("reason", truncate(reason))
                    .execute();
            hold(h, row.conversationKey(), until);
        });
    }

    /** Marks a row sent (or deletes it, when it is to be forgotten once sent). */
    void markSent(long id, String platformRef, Instant now) {
        java.util.function.Consumer<Handle> mark = h -> {
            if (h.createUpdate("DELETE FROM outbox WHERE id = :id AND forget_when_sent").bind("id", id).execute() == 0) {
                h.createUpdate("""
                                UPDATE outbox SET status = 'sent', platform_ref = :ref, sent_at = :now, claimed_until = NULL,
                                                  claimed_by = NULL, attempts = attempts + 1, last_error = NULL
                                WHERE id = :id""")
                        .bind("id", id).bind("ref", platformRef).bind("now", now)
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

    /**
     * Counts a failed attempt and holds the row until it is tried again, and with it its
     * conversation, unless the row is in the lane of forms ({@code inLane}), which waits for nothing.
     */
    void markRetry(Row row, int attempts, Instant nextAttempt, String error, boolean inLane) {
        jdbi.useTransaction(h -> {
            h.createUpdate("""
                            UPDATE outbox SET attempts = :attempts, next_attempt_at = :next, claimed_until = NULL, claimed_by = NULL,
                                              last_error = :error
                            WHERE id = :id""")
                    .bind("id", row.id()).bind("attempts", attempts).bind("next", nextAttempt).bind("error", truncate(error))
                    .execute();
            if (!inLane) {
                hold(h, row.conversationKey(), nextAttempt);
            }
        });
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
                .map((rs, ctx) -> new Backlog(rs.getLong("n"), instant(rs, "oldest")))
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
     * Deletes from the delivery queue, inside the caller's transaction, the conversations whose
     * key holds {@code text} (a person's id) and that have nothing left to send, under their order
     * locks (a message being written to one keeps it); how many.
     */
    static int dropFromQueue(Handle handle, String text) {
        List<String> named = handle.createQuery("SELECT conversation_key FROM outbox_queue WHERE POSITION(:text IN conversation_key) > 0")
                .bind("text", text).mapTo(String.class).list();
        lockOrder(handle, named.stream());
        int dropped = 0;
        for (String conversation : named) {
            dropped += handle.createUpdate("""
                            DELETE FROM outbox_queue WHERE conversation_key = :key
                              AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.conversation_key = :key AND o.status = 'pending')""")
                    .bind("key", conversation).execute();
        }
        return dropped;
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
