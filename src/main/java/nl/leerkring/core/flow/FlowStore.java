package nl.leerkring.core.flow;

import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import nl.leerkring.core.circle.Circle;
import nl.leerkring.core.command.Turn;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

/** Flow runs and their contributions, inside the caller's transaction; scoped by workspace. */
public final class FlowStore {

    private static final String FLOW_COLUMNS = """
            id, workspace_id, circle_id, method_id, title, bringer_id, status, step_index, step_deadline, actors,
            turn_index, chosen_idea, created_at""";

    private static final RowMapper<FlowRun> FLOW = (rs, ctx) -> new FlowRun(rs.getLong("id"), rs.getString("workspace_id"),
            rs.getLong("circle_id"), rs.getString("method_id"), rs.getString("title"), rs.getString("bringer_id"),
            FlowRun.Status.valueOf(rs.getString("status")), rs.getInt("step_index"),
            rs.getTimestamp("step_deadline") == null ? null : rs.getTimestamp("step_deadline").toInstant(),
            splitActors(rs.getString("actors")), rs.getInt("turn_index"), rs.getString("chosen_idea"),
            rs.getTimestamp("created_at").toInstant());

    private static final RowMapper<Contribution> CONTRIBUTION = (rs, ctx) -> new Contribution(rs.getLong("id"),
            rs.getInt("step_index"), rs.getString("user_id"), Contribution.Kind.valueOf(rs.getString("kind")),
            rs.getString("text"));

    private final Handle handle;
    /** A step's contributions, read once per turn; every write here forgets that step's. */
    private final Map<String, List<Contribution>> contributionsByStep = new HashMap<>();

    public FlowStore(Handle handle) {
        this.handle = handle;
    }

    /** The turn's one flow store. */
    public static FlowStore of(Turn turn) {
        return turn.store(FlowStore.class, FlowStore::new);
    }

    private static String stepKey(FlowRun flow, int stepIndex) {
        return flow.id() + ":" + stepIndex;
    }

    private static List<String> splitActors(String actors) {
        return actors.isEmpty() ? List.of() : Arrays.asList(actors.split(","));
    }

    public FlowRun create(Circle circle, String methodId, String title, String bringer, Instant now) {
        long id = handle.createUpdate("""
                        INSERT INTO flow_run (workspace_id, circle_id, method_id, title, bringer_id, status, step_index,
                                              actors, turn_index, created_at)
                        VALUES (:workspace, :circle, :method, :title, :bringer, 'RUNNING', 0, '', 0, :now)""")
                .bind("workspace", circle.workspaceId()).bind("circle", circle.id()).bind("method", methodId)
                .bind("title", title).bind("bringer", bringer).bind("now", now)
                .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
        return find(circle.workspaceId(), id).orElseThrow();
    }

    public Optional<FlowRun> find(String workspaceId, long id) {
        return byId(workspaceId, id, "");
    }

    /**
     * The flow, locked until the turn's transaction ends: what members do to one case (two
     * presses of "Volgende stap", a press and its timer, answers arriving together) happens one
     * after the other, each seeing what the one before it saved.
     */
    public Optional<FlowRun> lock(String workspaceId, long id) {
        contributionsByStep.clear();
        return byId(workspaceId, id, " FOR UPDATE");
    }

    private Optional<FlowRun> byId(String workspaceId, long id, String lock) {
        return handle.createQuery("SELECT " + FLOW_COLUMNS + " FROM flow_run WHERE id = :id AND workspace_id = :workspace" + lock)
                .bind("id", id).bind("workspace", workspaceId).map(FLOW).findOne();
    }

    /** Running flows of a circle, newest first. */
    public List<FlowRun> running(Circle circle) {
        return handle.createQuery("SELECT " + FLOW_COLUMNS + """
                         FROM flow_run WHERE workspace_id = :workspace AND circle_id = :circle AND status = 'RUNNING'
                        ORDER BY id DESC""")
                .bind("workspace", circle.workspaceId()).bind("circle", circle.id()).map(FLOW).list();
    }

    /** The running flow whose start message has this platform id (a reply in its thread). */
    public Optional<FlowRun> byThread(Circle circle, String threadRef) {
        return handle.createQuery("SELECT " + FLOW_COLUMNS + """
                         FROM flow_run
                        WHERE workspace_id = :workspace AND circle_id = :circle
                          AND id IN (SELECT CAST(SUBSTRING(o.anchor_key, 6) AS BIGINT) FROM outbox o
                                     WHERE o.workspace_id = :workspace AND o.platform_ref = :thread
                                       AND o.anchor_key LIKE 'flow:%')""")
                .bind("workspace", circle.workspaceId()).bind("circle", circle.id()).bind("thread", threadRef)
                .map(FLOW).findOne();
    }

    /** Moves the flow to a step (or records its turn and deadline); the id and workspace must match. */
    public void saveStep(FlowRun flow) {
        handle.createUpdate("""
                        UPDATE flow_run SET step_index = :step, step_deadline = :deadline, actors = :actors,
                                            turn_index = :turn, chosen_idea = :chosen
                        WHERE id = :id AND workspace_id = :workspace""")
                .bind("step", flow.stepIndex()).bind("deadline", flow.stepDeadline())
                .bind("actors", String.join(",", flow.actors())).bind("turn", flow.turnIndex())
                .bind("chosen", flow.chosenIdea()).bind("id", flow.id()).bind("workspace", flow.workspaceId())
                .execute();
    }

    public void end(FlowRun flow, FlowRun.Status status, String report, Instant now) {
        handle.createUpdate("""
                        UPDATE flow_run SET status = :status, report = :report, ended_at = :now, step_deadline = NULL
                        WHERE id = :id AND workspace_id = :workspace""")
                .bind("status", status.name()).bind("report", report).bind("now", now)
                .bind("id", flow.id()).bind("workspace", flow.workspaceId())
                .execute();
    }

    public long contribute(FlowRun flow, int stepIndex, String userId, Contribution.Kind kind, String text, Instant now) {
        return contribute(flow, stepIndex, userId, kind, text, now, null);
    }

    /** @param sourceRef the platform's id of the message it was written in, or null */
    public long contribute(FlowRun flow, int stepIndex, String userId, Contribution.Kind kind, String text, Instant now,
                           String sourceRef) {
        contributionsByStep.remove(stepKey(flow, stepIndex));
        return handle.createUpdate("""
                        INSERT INTO flow_contribution (flow_id, workspace_id, step_index, user_id, kind, text, created_at, source_ref)
                        VALUES (:flow, :workspace, :step, :user, :kind, :text, :now, :source)""")
                .bind("flow", flow.id()).bind("workspace", flow.workspaceId()).bind("step", stepIndex)
                .bind("user", userId).bind("kind", kind.name()).bind("text", text).bind("now", now)
                .bind("source", sourceRef)
                .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
    }

    /**
     * Removes what {@code userId} contributed to the step in the message {@code sourceRef} (its
     * text was changed, or the message deleted); the kind it had, or empty when there was none.
     */
    public Optional<Contribution.Kind> withdrawMessage(FlowRun flow, int stepIndex, String userId, String sourceRef) {
        contributionsByStep.remove(stepKey(flow, stepIndex));
        Optional<Contribution.Kind> kind = handle.createQuery("""
                        SELECT kind FROM flow_contribution
                        WHERE flow_id = :flow AND workspace_id = :workspace AND step_index = :step AND user_id = :user
                          AND source_ref = :source""")
                .bind("flow", flow.id()).bind("workspace", flow.workspaceId()).bind("step", stepIndex).bind("user", userId)
                .bind("source", sourceRef)
                .mapTo(String.class).findFirst().map(Contribution.Kind::valueOf);
        kind.ifPresent(k -> handle.createUpdate("""
                        DELETE FROM flow_contribution
                        WHERE flow_id = :flow AND workspace_id = :workspace AND step_index = :step AND user_id = :user
                          AND source_ref = :source""")
                .bind("flow", flow.id()).bind("workspace", flow.workspaceId()).bind("step", stepIndex).bind("user", userId)
                .bind("source", sourceRef)
                .execute());
        return kind;
    }

    /** Removes a member's earlier votes in a step, so that a new vote replaces them. */
    public void withdrawVotes(FlowRun flow, int stepIndex, String userId) {
        contributionsByStep.remove(stepKey(flow, stepIndex));
        handle.createUpdate("""
                        DELETE FROM flow_contribution
                        WHERE flow_id = :flow AND workspace_id = :workspace AND step_index = :step AND user_id = :user
                          AND kind = 'VOTE'""")
                .bind("flow", flow.id()).bind("workspace", flow.workspaceId()).bind("step", stepIndex).bind("user", userId)
                .execute();
    }

    public List<Contribution> contributions(FlowRun flow, int stepIndex) {
        return contributionsByStep.computeIfAbsent(stepKey(flow, stepIndex), key -> handle.createQuery("""
                        SELECT id, step_index, user_id, kind, text FROM flow_contribution
                        WHERE flow_id = :flow AND workspace_id = :workspace AND step_index = :step ORDER BY id""")
                .bind("flow", flow.id()).bind("workspace", flow.workspaceId()).bind("step", stepIndex)
                .map(CONTRIBUTION).list());
    }

    /** Deletes confidential contributions older than the cut-off; reports and action items stay. */
    public static int deleteContributionsBefore(Handle handle, Instant cutoff) {
        return handle.createUpdate("DELETE FROM flow_contribution WHERE created_at < :cutoff")
                .bind("cutoff", cutoff).execute();
    }
}
