package nl.leerkring.core.assignment;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import nl.leerkring.chat.Platform;
import nl.leerkring.core.circle.Circle;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

/** Assignments and their answers, inside the caller's transaction; every statement scoped by workspace. */
public final class AssignmentStore {

    private static final String COLUMNS = "id, workspace_id, circle_id, text, due_date, session_id, status, set_by, created_at";

    private static final RowMapper<Assignment> ASSIGNMENT = (rs, ctx) -> new Assignment(rs.getLong("id"),
            rs.getString("workspace_id"), rs.getLong("circle_id"), rs.getString("text"),
            rs.getObject("due_date", LocalDate.class), rs.getObject("session_id") == null ? null : rs.getLong("session_id"),
            Assignment.Status.valueOf(rs.getString("status")), rs.getString("set_by"),
            rs.getTimestamp("created_at").toInstant());

    private final Handle handle;

    public AssignmentStore(Handle handle) {
        this.handle = handle;
    }

    public Assignment create(Circle circle, String text, LocalDate dueDate, Long sessionId, String setBy, Instant now) {
        long id = handle.createUpdate("""
                        INSERT INTO assignment (workspace_id, circle_id, text, due_date, session_id, status, set_by, created_at)
                        VALUES (:workspace, :circle, :text, :due, :session, 'OPEN', :by, :now)""")
                .bind("workspace", circle.workspaceId()).bind("circle", circle.id()).bind("text", text)
                .bind("due", dueDate).bind("session", sessionId).bind("by", setBy).bind("now", now)
                .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
        return find(circle.workspaceId(), id).orElseThrow();
    }

    public Optional<Assignment> find(String workspaceId, long id) {
        return handle.createQuery("SELECT " + COLUMNS + " FROM assignment WHERE id = :id AND workspace_id = :workspace")
                .bind("id", id).bind("workspace", workspaceId).map(ASSIGNMENT).findOne();
    }

    public Optional<Assignment> open(Circle circle) {
        return handle.createQuery("SELECT " + COLUMNS + " " + """
                         FROM assignment WHERE circle_id = :circle AND workspace_id = :workspace AND status = 'OPEN'
                        ORDER BY id DESC""")
                .bind("circle", circle.id()).bind("workspace", circle.workspaceId()).map(ASSIGNMENT).findFirst();
    }

    /** Open assignments due at the start of this session. */
    public List<Assignment> openForSession(String workspaceId, long sessionId) {
        return handle.createQuery("SELECT " + COLUMNS + " " + """
                         FROM assignment WHERE session_id = :session AND workspace_id = :workspace AND status = 'OPEN'""")
                .bind("session", sessionId).bind("workspace", workspaceId).map(ASSIGNMENT).list();
    }

    /** Open assignments this member of a circle of the workspace has not answered yet. */
    public List<Assignment> unansweredBy(Platform platform, String workspaceId, String userId) {
        return handle.createQuery("""
                        SELECT a.id, a.workspace_id, a.circle_id, a.text, a.due_date, a.session_id, a.status, a.set_by,
                               a.created_at
                          FROM assignment a
                         JOIN circle c ON c.id = a.circle_id AND c.workspace_id = a.workspace_id AND c.platform = :platform
                         JOIN circle_member m ON m.circle_id = c.id AND m.user_id = :user
                        WHERE a.workspace_id = :workspace AND a.status = 'OPEN'
                          AND NOT EXISTS (SELECT 1 FROM assignment_answer x WHERE x.assignment_id = a.id AND x.workspace_id = a.workspace_id
                                          AND x.user_id = :user)
                        ORDER BY a.id""")
                .bind("platform", platform.name()).bind("workspace", workspaceId).bind("user", userId)
                .map(ASSIGNMENT).list();
    }

    public void setStatus(Assignment a, Assignment.Status status, Instant now) {
        handle.createUpdate("UPDATE assignment SET status = :status, closed_at = :now WHERE id = :id AND workspace_id = :workspace")
                .bind("status", status.name()).bind("now", now).bind("id", a.id()).bind("workspace", a.workspaceId())
                .execute();
    }

    /** Moves the open assignments due at one session to another (or to none, when {@code to} is null). */
    public void retie(String workspaceId, long from, Long to) {
        handle.createUpdate("""
                        UPDATE assignment SET session_id = :to
                        WHERE session_id = :from AND workspace_id = :workspace AND status = 'OPEN'""")
                .bind("to", to).bind("from", from).bind("workspace", workspaceId)
                .execute();
    }

    /** Saves a member's answer, replacing an earlier one. */
    public void saveAnswer(Assignment a, String userId, String text, Instant now) {
        int updated = handle.createUpdate("""
                        UPDATE assignment_answer SET text = :text, answered_at = :now
                        WHERE assignment_id = :id AND workspace_id = :workspace AND user_id = :user""")
                .bind("text", text).bind("now", now).bind("id", a.id()).bind("workspace", a.workspaceId()).bind("user", userId)
                .execute();
        if (updated == 0) {
            handle.createUpdate("""
                            INSERT INTO assignment_answer (assignment_id, workspace_id, user_id, text, answered_at)
                            VALUES (:id, :workspace, :user, :text, :now)""")
                    .bind("text", text).bind("now", now).bind("id", a.id()).bind("workspace", a.workspaceId()).bind("user", userId)
                    .execute();
        }
    }

    public List<Assignment.Answer> answers(Assignment a) {
        return handle.createQuery("""
                        SELECT user_id, text FROM assignment_answer WHERE assignment_id = :id AND workspace_id = :workspace
                        ORDER BY answered_at, user_id""")
                .bind("id", a.id()).bind("workspace", a.workspaceId())
                .map((rs, ctx) -> new Assignment.Answer(rs.getString("user_id"), rs.getString("text"))).list();
    }

    public boolean answered(Assignment a, String userId) {
        return answers(a).stream().anyMatch(x -> x.userId().equals(userId));
    }
}
