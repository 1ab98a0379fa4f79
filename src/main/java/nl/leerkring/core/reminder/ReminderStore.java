package nl.leerkring.core.reminder;

import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

/** The reminders handed to the scheduler (table {@code scheduled_reminder}), so they can be found again to move or cancel. */
final class ReminderStore {

    /** One scheduled reminder; {@code subject} is its subject's {@link ReminderSubject#name()}. */
    record Row(String key, String subject, long subjectId, String userId, Instant at) {
    }

    private static final String SELECT = "SELECT timer_key, subject, subject_id, user_id, remind_at FROM scheduled_reminder";
    private static final RowMapper<Row> ROW = (rs, ctx) -> new Row(rs.getString("timer_key"),
            rs.getString("subject"), rs.getLong("subject_id"), rs.getString("user_id"),
            rs.getTimestamp("remind_at").toInstant());

    private final Handle handle;

    ReminderStore(Handle handle) {
        this.handle = handle;
    }

    void save(String workspaceId, Row row) {
        delete(workspaceId, row.key());
        handle.createUpdate("""
                        INSERT INTO scheduled_reminder (timer_key, workspace_id, subject, subject_id, user_id, remind_at)
                        VALUES (:key, :workspace, :subject, :id, :user, :at)""")
                .bind("key", row.key()).bind("workspace", workspaceId).bind("subject", row.subject())
                .bind("id", row.subjectId()).bind("user", row.userId()).bind("at", row.at())
                .execute();
    }

    void delete(String workspaceId, String key) {
        handle.createUpdate("DELETE FROM scheduled_reminder WHERE timer_key = :key AND workspace_id = :workspace")
                .bind("key", key).bind("workspace", workspaceId).execute();
    }

    /** The reminders about one thing; for one user only when {@code userId} is not null. */
    List<Row> about(String workspaceId, String subject, long subjectId, String userId) {
        var query = handle.createQuery(SELECT + " WHERE workspace_id = :workspace AND subject = :subject AND subject_id = :id"
                        + (userId == null ? "" : " AND user_id = :user"))
                .bind("workspace", workspaceId).bind("subject", subject).bind("id", subjectId);
        if (userId != null) {
            query.bind("user", userId);
        }
        return query.map(ROW).list();
    }

    /** Everything still to come for one user, in every circle of the workspace. */
    List<Row> forUser(String workspaceId, String userId) {
        return handle.createQuery(SELECT + " WHERE workspace_id = :workspace AND user_id = :user")
                .bind("workspace", workspaceId).bind("user", userId).map(ROW).list();
    }
}
