package nl.leerkring.core.action;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import nl.leerkring.chat.Platform;
import nl.leerkring.core.circle.Circle;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

/**
 * Action items (table {@code action_item}), inside the caller's transaction; every statement
 * scoped by workspace. The only writer of that table: actions agreed in a case, in a session or
 * by command all come through here.
 */
public final class ActionStore {

    private static final String COLUMNS = "id, workspace_id, circle_id, owner_id, text, due_date, done";

    private static final RowMapper<ActionItem> ITEM = (rs, ctx) -> new ActionItem(rs.getLong("id"),
            rs.getString("workspace_id"), rs.getLong("circle_id"), rs.getString("owner_id"), rs.getString("text"),
            rs.getObject("due_date", LocalDate.class), rs.getBoolean("done"));

    private final Handle handle;

    public ActionStore(Handle handle) {
        this.handle = handle;
    }

    /** A new action, agreed in a case ({@code flowId}), a session ({@code sessionId}) or by command (neither). */
    ActionItem add(Circle circle, ActionSentence.Parsed action, String createdBy, Long flowId, Long sessionId, Instant now) {
        long id = handle.createUpdate("""
                        INSERT INTO action_item (workspace_id, circle_id, flow_id, session_id, owner_id, text, due_date, done,
                                                 created_by, created_at)
                        VALUES (:workspace, :circle, :flow, :session, :owner, :text, :due, FALSE, :by, :now)""")
                .bind("workspace", circle.workspaceId()).bind("circle", circle.id()).bind("flow", flowId)
                .bind("session", sessionId).bind("owner", action.ownerId()).bind("text", action.task())
                .bind("due", action.due()).bind("by", createdBy).bind("now", now)
                .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
        return find(circle.workspaceId(), id).orElseThrow();
    }

    public Optional<ActionItem> find(String workspaceId, long id) {
        return handle.createQuery("SELECT " + COLUMNS + " FROM action_item WHERE id = :id AND workspace_id = :workspace")
                .bind("id", id).bind("workspace", workspaceId).map(ITEM).findOne();
    }

    /** The circle's actions not done yet, soonest first. */
    public List<ActionItem> open(Circle circle) {
        return handle.createQuery("SELECT " + COLUMNS + " " + """
                         FROM action_item WHERE circle_id = :circle AND workspace_id = :workspace AND done = FALSE
                        ORDER BY due_date, id""")
                .bind("circle", circle.id()).bind("workspace", circle.workspaceId()).map(ITEM).list();
    }

    /** This user's open actions in every circle of the workspace on this platform. */
    public List<ActionItem> openOwnedBy(Platform platform, String workspaceId, String userId) {
        return handle.createQuery("""
                        SELECT a.id, a.workspace_id, a.circle_id, a.owner_id, a.text, a.due_date, a.done
                          FROM action_item a JOIN circle c ON c.id = a.circle_id AND c.workspace_id = a.workspace_id
                        WHERE a.workspace_id = :workspace AND c.platform = :platform AND a.owner_id = :user AND a.done = FALSE
                        ORDER BY a.due_date, a.id""")
                .bind("workspace", workspaceId).bind("platform", platform.name()).bind("user", userId).map(ITEM).list();
    }

    public void setDone(ActionItem item, boolean done, Instant now) {
        handle.createUpdate("UPDATE action_item SET done = :done, done_at = :at WHERE id = :id AND workspace_id = :workspace")
                .bind("done", done).bind("at", done ? now : null).bind("id", item.id()).bind("workspace", item.workspaceId())
                .execute();
    }

    /** The actions agreed in one case discussion, soonest first (its report lists them). */
    public List<ActionItem> ofCase(String workspaceId, long flowId) {
        return handle.createQuery("SELECT " + COLUMNS + " FROM action_item WHERE flow_id = :flow AND workspace_id = :workspace"
                        + " ORDER BY due_date, id")
                .bind("flow", flowId).bind("workspace", workspaceId).map(ITEM).list();
    }
}
