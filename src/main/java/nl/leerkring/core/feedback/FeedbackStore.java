package nl.leerkring.core.feedback;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import nl.leerkring.chat.Address;
import nl.leerkring.chat.Platform;
import nl.leerkring.core.circle.Circle;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.Query;

/**
 * Tops and tips, the drafts being given, and each circle's nudge settings, inside the caller's
 * transaction. Every statement is scoped by workspace, except the nightly clean-up and the
 * daily list of circles to check, which run for every workspace.
 *
 * <p>Anonymity: the {@code feedback} row of anonymous feedback has no giver column value, and
 * the draft (the only row that ever holds giver and text together) is deleted as soon as the
 * giver chooses, or when it expires.
 */
public final class FeedbackStore {

    /** Feedback being given: held while the giver picks top/tip and named/anonymous. */
    public record Draft(long id, String workspaceId, long circleId, String giverId, String receiverId, FeedbackKind kind,
                        String text, FeedbackContext context, Instant expiresAt) {
    }

    /** One piece of feedback as its receiver sees it; text and giver are null once expired (or anonymous). */
    public record Received(FeedbackKind kind, String text, String giverId, Instant createdAt) {
    }

    /** A circle's nudge settings: nudges are on unless the facilitator switched them off. */
    public record Settings(boolean nudgesOn, Instant lastNudgeAt) {
        static final Settings DEFAULT = new Settings(true, null);
    }

    private static final RowMapper<Draft> DRAFT = (rs, ctx) -> new Draft(rs.getLong("id"), rs.getString("workspace_id"),
            rs.getLong("circle_id"), rs.getString("giver_id"), rs.getString("receiver_id"),
            rs.getString("kind") == null ? null : FeedbackKind.valueOf(rs.getString("kind")), rs.getString("text"),
            new FeedbackContext(rs.getString("context_kind"), (Long) rs.getObject("context_id", Long.class)),
            rs.getTimestamp("expires_at").toInstant());

    private final Handle handle;

    public FeedbackStore(Handle handle) {
        this.handle = handle;
    }

    // ---------------------------------------------------------------------------------------
    // Drafts

    public long createDraft(Circle circle, String giver, String receiver, FeedbackKind kind, String text,
                            FeedbackContext context, Instant expiresAt) {
        return handle.createUpdate("""
                        INSERT INTO feedback_draft (workspace_id, circle_id, giver_id, receiver_id, kind, text,
                                                    context_kind, context_id, expires_at)
                        VALUES (:workspace, :circle, :giver, :receiver, :kind, :text, :contextKind, :contextId, :expires)""")
                .bind("workspace", circle.workspaceId()).bind("circle", circle.id()).bind("giver", giver)
                .bind("receiver", receiver).bind("kind", kind == null ? null : kind.name()).bind("text", text)
                .bind("contextKind", context.kind()).bind("contextId", context.id()).bind("expires", expiresAt)
                .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
    }

    /** A draft in this workspace that has not expired. */
    public Optional<Draft> draft(String workspaceId, long id, Instant now) {
        return handle.createQuery("""
                        SELECT id, workspace_id, circle_id, giver_id, receiver_id, kind, text, context_kind, context_id,
                               expires_at
                        FROM feedback_draft
                        WHERE id = :id AND workspace_id = :workspace AND expires_at > :now""")
                .bind("id", id).bind("workspace", workspaceId).bind("now", now)
                .map(DRAFT).findOne();
    }

    public void setDraftKind(Draft draft, FeedbackKind kind) {
        handle.createUpdate("UPDATE feedback_draft SET kind = :kind WHERE id = :id AND workspace_id = :workspace")
                .bind("kind", kind.name()).bind("id", draft.id()).bind("workspace", draft.workspaceId()).execute();
    }

    public void deleteDraft(Draft draft) {
        handle.createUpdate("DELETE FROM feedback_draft WHERE id = :id AND workspace_id = :workspace")
                .bind("id", draft.id()).bind("workspace", draft.workspaceId()).execute();
    }

    /** Forgets this workspace's drafts that nobody finished in time. */
    public void deleteExpiredDrafts(String workspaceId, Instant now) {
        handle.createUpdate("DELETE FROM feedback_draft WHERE workspace_id = :workspace AND expires_at <= :now")
                .bind("workspace", workspaceId).bind("now", now).execute();
    }

    // ---------------------------------------------------------------------------------------
    // Feedback

    /** Stores one top or tip; {@code giver} is null for anonymous feedback and is then stored nowhere. */
    public void give(Circle circle, String receiver, FeedbackKind kind, String text, String giver, FeedbackContext context,
                     Instant now) {
        handle.createUpdate("""
                        INSERT INTO feedback (workspace_id, circle_id, context_kind, context_id, receiver_id, kind, text,
                                              giver_id, created_at)
                        VALUES (:workspace, :circle, :contextKind, :contextId, :receiver, :kind, :text, :giver, :now)""")
                .bind("workspace", circle.workspaceId()).bind("circle", circle.id())
                .bind("contextKind", context.kind()).bind("contextId", context.id())
                .bind("receiver", receiver).bind("kind", kind.name()).bind("text", text).bind("giver", giver)
                .bind("now", now)
                .execute();
    }

    /** The circle's tops and tips since a moment ({@link Instant#EPOCH}: since the start). */
    public Tally tallySince(Circle circle, Instant since) {
        return tally(handle.createQuery("""
                        SELECT kind, COUNT(*) AS n FROM feedback
                        WHERE workspace_id = :workspace AND circle_id = :circle AND created_at >= :since
                        GROUP BY kind""")
                .bind("workspace", circle.workspaceId()).bind("circle", circle.id())
                .bind("since", since));
    }

    /** The circle's tops and tips in one context (a case discussion). */
    public Tally tallyIn(Circle circle, FeedbackContext context) {
        return tally(handle.createQuery("""
                        SELECT kind, COUNT(*) AS n FROM feedback
                        WHERE workspace_id = :workspace AND circle_id = :circle
                          AND context_kind = :contextKind AND context_id = :contextId
                        GROUP BY kind""")
                .bind("workspace", circle.workspaceId()).bind("circle", circle.id())
                .bind("contextKind", context.kind()).bind("contextId", context.id()));
    }

    /** Tops and tips per case discussion of the circle, newest first, with the case's title. */
    public List<TitledTally> perCase(Circle circle, int limit) {
        return handle.createQuery("""
                        SELECT r.title, SUM(CASE WHEN f.kind = 'TOP' THEN 1 ELSE 0 END) AS tops,
                               SUM(CASE WHEN f.kind = 'TIP' THEN 1 ELSE 0 END) AS tips
                        FROM feedback f JOIN flow_run r ON r.id = f.context_id AND r.workspace_id = f.workspace_id
                        WHERE f.workspace_id = :workspace AND f.circle_id = :circle AND f.context_kind = 'flow'
                        GROUP BY r.id, r.title
                        ORDER BY r.id DESC
                        LIMIT :limit""")
                .bind("workspace", circle.workspaceId()).bind("circle", circle.id()).bind("limit", limit)
                .map((rs, ctx) -> new TitledTally(rs.getString("title"), new Tally(rs.getInt("tops"), rs.getInt("tips"))))
                .list();
    }

    /** Counts of one case discussion, for the culture message. */
    public record TitledTally(String title, Tally tally) {
    }

    private static Tally tally(Query query) {
        Map<String, Integer> counts = new HashMap<>();
        query.map((rs, ctx) -> Map.entry(rs.getString("kind"), rs.getInt("n")))
                .forEach(e -> counts.put(e.getKey(), e.getValue()));
        return new Tally(counts.getOrDefault(FeedbackKind.TOP.name(), 0), counts.getOrDefault(FeedbackKind.TIP.name(), 0));
    }

    /** What one user received, newest first: in one circle, or (circle null) in the whole workspace. */
    public List<Received> received(String workspaceId, String receiver, Circle circle, int limit) {
        Query query = handle.createQuery("SELECT kind, text, giver_id, created_at FROM feedback"
                        + " WHERE workspace_id = :workspace AND receiver_id = :receiver" + inCircle(circle)
                        + " ORDER BY created_at DESC, id DESC LIMIT :limit")
                .bind("workspace", workspaceId).bind("receiver", receiver).bind("limit", limit);
        bindCircle(query, circle);
        return query.map((rs, ctx) -> new Received(FeedbackKind.valueOf(rs.getString("kind")), rs.getString("text"),
                rs.getString("giver_id"), rs.getTimestamp("created_at").toInstant())).list();
    }

    /** How many tops and tips one user received since a moment: in one circle, or (circle null) in the workspace. */
    public Tally receivedTally(String workspaceId, String receiver, Circle circle, Instant since) {
        Query query = handle.createQuery("SELECT kind, COUNT(*) AS n FROM feedback"
                        + " WHERE workspace_id = :workspace AND receiver_id = :receiver AND created_at >= :since"
                        + inCircle(circle) + " GROUP BY kind")
                .bind("workspace", workspaceId).bind("receiver", receiver).bind("since", since);
        bindCircle(query, circle);
        return tally(query);
    }

    private static String inCircle(Circle circle) {
        return circle == null ? "" : " AND circle_id = :circle";
    }

    private static void bindCircle(Query query, Circle circle) {
        if (circle != null) {
            query.bind("circle", circle.id());
        }
    }

    /** A receiver erases the texts (and named givers) of what they received in this workspace; counts stay. */
    public int eraseReceivedTexts(String workspaceId, String receiver) {
        return handle.createUpdate("""
                        UPDATE feedback SET text = NULL, giver_id = NULL
                        WHERE workspace_id = :workspace AND receiver_id = :receiver AND text IS NOT NULL""")
                .bind("workspace", workspaceId).bind("receiver", receiver).execute();
    }

    // ---------------------------------------------------------------------------------------
    // Nudges

    public Settings settings(Circle circle) {
        return handle.createQuery("""
                        SELECT nudges_on, last_nudge_at FROM feedback_setting
                        WHERE circle_id = :circle AND workspace_id = :workspace""")
                .bind("circle", circle.id()).bind("workspace", circle.workspaceId())
                .map((rs, ctx) -> new Settings(rs.getBoolean("nudges_on"),
                        rs.getTimestamp("last_nudge_at") == null ? null : rs.getTimestamp("last_nudge_at").toInstant()))
                .findOne().orElse(Settings.DEFAULT);
    }

    public void setNudges(Circle circle, boolean on) {
        ensureSettings(circle);
        handle.createUpdate("UPDATE feedback_setting SET nudges_on = :on WHERE circle_id = :circle AND workspace_id = :workspace")
                .bind("on", on).bind("circle", circle.id()).bind("workspace", circle.workspaceId()).execute();
    }

    /**
     * Takes the circle's one culture nudge of this period: true (and {@code last_nudge_at} set)
     * only when nudges are on and the last one was at or before {@code lastAllowed}. One
     * conditional update, so two events at once cannot both nudge.
     */
    public boolean claimNudge(Circle circle, Instant now, Instant lastAllowed) {
        ensureSettings(circle);
        return handle.createUpdate("""
                        UPDATE feedback_setting SET last_nudge_at = :now
                        WHERE circle_id = :circle AND workspace_id = :workspace AND nudges_on = TRUE
                          AND (last_nudge_at IS NULL OR last_nudge_at <= :lastAllowed)""")
                .bind("now", now).bind("circle", circle.id()).bind("workspace", circle.workspaceId())
                .bind("lastAllowed", lastAllowed).execute() == 1;
    }

    /** Marks a round as nudged; true only the first time for that round. */
    public boolean claimRoundNudge(Circle circle, String roundKey, Instant now) {
        return handle.createUpdate("""
                        INSERT INTO feedback_round_nudge (circle_id, workspace_id, round_key, nudged_at)
                        VALUES (:circle, :workspace, :round, :now) ON CONFLICT DO NOTHING""")
                .bind("circle", circle.id()).bind("workspace", circle.workspaceId()).bind("round", roundKey)
                .bind("now", now).execute() == 1;
    }

    private void ensureSettings(Circle circle) {
        handle.createUpdate("""
                        INSERT INTO feedback_setting (circle_id, workspace_id, nudges_on) VALUES (:circle, :workspace, TRUE)
                        ON CONFLICT DO NOTHING""")
                .bind("circle", circle.id()).bind("workspace", circle.workspaceId()).execute();
    }

    // ---------------------------------------------------------------------------------------
    // Across workspaces: the daily check and the nightly clean-up

    /** A circle to look at in the daily culture check. */
    public record CircleRef(long id, Address channel) {
    }

    /** Every circle whose nudges are on, in every workspace (for the daily check only). */
    public static List<CircleRef> circlesWithNudges(Handle handle) {
        return handle.createQuery("""
                        SELECT c.id, c.platform, c.workspace_id, c.channel_id FROM circle c
                        LEFT JOIN feedback_setting s ON s.circle_id = c.id AND s.workspace_id = c.workspace_id
                        WHERE s.nudges_on IS NULL OR s.nudges_on = TRUE
                        ORDER BY c.id""")
                .map((rs, ctx) -> new CircleRef(rs.getLong("id"), Address.channel(Platform.valueOf(rs.getString("platform")),
                        rs.getString("workspace_id"), rs.getString("channel_id"))))
                .list();
    }

    /**
     * Forgets received texts, and who gave them, after the retention period (the counts stay),
     * and drafts nobody finished.
     *
     * @return how many texts were forgotten
     */
    public static int expire(Handle handle, Instant textCutoff, Instant now) {
        handle.createUpdate("DELETE FROM feedback_draft WHERE expires_at <= :now").bind("now", now).execute();
        return handle.createUpdate("""
                        UPDATE feedback SET text = NULL, giver_id = NULL
                        WHERE created_at < :cutoff AND (text IS NOT NULL OR giver_id IS NOT NULL)""")
                .bind("cutoff", textCutoff).execute();
    }
}
