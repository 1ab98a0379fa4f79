package nl.leerkring.core.session;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import nl.leerkring.core.circle.Circle;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

/** A circle's sessions and its time zone, inside the caller's transaction; every statement scoped by workspace. */
final class SessionStore {

    private static final String COLUMNS = """
            id, workspace_id, circle_id, cycle, number, template_id, starts_at, length_minutes, cohost_id, status,
            part_index, learning_points, started_at""";

    private static final RowMapper<Session> SESSION = (rs, ctx) -> new Session(rs.getLong("id"),
            rs.getString("workspace_id"), rs.getLong("circle_id"), rs.getInt("cycle"), rs.getInt("number"),
            rs.getString("template_id"), rs.getTimestamp("starts_at").toInstant(), rs.getInt("length_minutes"),
            rs.getString("cohost_id"), Session.Status.valueOf(rs.getString("status")), rs.getInt("part_index"),
            rs.getString("learning_points"),
            rs.getTimestamp("started_at") == null ? null : rs.getTimestamp("started_at").toInstant());

    private final Handle handle;

    SessionStore(Handle handle) {
        this.handle = handle;
    }

    Optional<ZoneId> zone(Circle circle) {
        return handle.createQuery("SELECT time_zone FROM circle WHERE id = :circle AND workspace_id = :workspace")
                .bind("circle", circle.id()).bind("workspace", circle.workspaceId())
                .mapTo(String.class).findOne().map(ZoneId::of);
    }

    void setZone(Circle circle, ZoneId zone) {
        handle.createUpdate("UPDATE circle SET time_zone = :zone WHERE id = :circle AND workspace_id = :workspace")
                .bind("zone", zone.getId()).bind("circle", circle.id()).bind("workspace", circle.workspaceId())
                .execute();
    }

    /** The circle's current plan, 0 before its first. */
    int currentCycle(Circle circle) {
        return handle.createQuery("""
                        SELECT COALESCE(MAX(cycle), 0) FROM circle_session WHERE circle_id = :circle AND workspace_id = :workspace""")
                .bind("circle", circle.id()).bind("workspace", circle.workspaceId()).mapTo(Integer.class).one();
    }

    Session create(Circle circle, int cycle, int number, String templateId, Instant startsAt, int lengthMinutes,
                   String cohostId, Instant now) {
        long id = handle.createUpdate("""
                        INSERT INTO circle_session (workspace_id, circle_id, cycle, number, template_id, starts_at, length_minutes,
                                                    cohost_id, status, part_index, created_at)
                        VALUES (:workspace, :circle, :cycle, :number, :template, :starts, :length, :cohost, 'PLANNED', 0, :now)""")
                .bind("workspace", circle.workspaceId()).bind("circle", circle.id()).bind("cycle", cycle)
                .bind("number", number).bind("template", templateId).bind("starts", startsAt).bind("length", lengthMinutes)
                .bind("cohost", cohostId).bind("now", now)
                .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
        return find(circle.workspaceId(), id).orElseThrow();
    }

    Optional<Session> find(String workspaceId, long id) {
        return find(workspaceId, id, "");
    }

    /**
     * The same, with the session's row locked until the turn ends: two presses on one running
     * session (two of "Volgende onderdeel" at once) act one after the other, and the second sees
     * what the first did.
     */
    Optional<Session> lock(String workspaceId, long id) {
        return find(workspaceId, id, " FOR UPDATE");
    }

    private Optional<Session> find(String workspaceId, long id, String lock) {
        return handle.createQuery("SELECT " + COLUMNS + " FROM circle_session WHERE id = :id AND workspace_id = :workspace" + lock)
                .bind("id", id).bind("workspace", workspaceId).map(SESSION).findOne();
    }

    /** The sessions of the circle's current plan, by number. */
    List<Session> current(Circle circle) {
        return handle.createQuery("SELECT " + COLUMNS + " " + """
                         FROM circle_session WHERE circle_id = :circle AND workspace_id = :workspace
                          AND cycle = (SELECT MAX(cycle) FROM circle_session WHERE circle_id = :circle AND workspace_id = :workspace)
                        ORDER BY number""")
                .bind("circle", circle.id()).bind("workspace", circle.workspaceId()).map(SESSION).list();
    }

    Optional<Session> byNumber(Circle circle, int number) {
        return current(circle).stream().filter(s -> s.number() == number).findFirst();
    }

    /** The first session of the current plan that is still to be held and not over yet. */
    Optional<Session> next(Circle circle, Instant now) {
        return current(circle).stream().filter(s -> s.isPlanned() && s.endsAt().isAfter(now)).findFirst();
    }

    Optional<Session> running(Circle circle) {
        return handle.createQuery("SELECT " + COLUMNS + " " + """
                         FROM circle_session WHERE circle_id = :circle AND workspace_id = :workspace AND status = 'RUNNING'
                        ORDER BY id DESC""")
                .bind("circle", circle.id()).bind("workspace", circle.workspaceId()).map(SESSION).findFirst();
    }

    /** The last session that was held, for its learning points. */
    Optional<Session> lastHeld(Circle circle) {
        return handle.createQuery("SELECT " + COLUMNS + " " + """
                         FROM circle_session WHERE circle_id = :circle AND workspace_id = :workspace AND status = 'HELD'
                        ORDER BY ended_at DESC, id DESC""")
                .bind("circle", circle.id()).bind("workspace", circle.workspaceId()).map(SESSION).findFirst();
    }

    /** Sessions still to be held that this user co-hosts, in every circle of the workspace. */
    List<Session> plannedCohostedBy(String workspaceId, String userId) {
        return handle.createQuery("SELECT " + COLUMNS + " " + """
                         FROM circle_session WHERE workspace_id = :workspace AND cohost_id = :user AND status = 'PLANNED'
                        ORDER BY starts_at""")
                .bind("workspace", workspaceId).bind("user", userId).map(SESSION).list();
    }

    void setStart(Session s, Instant startsAt) {
        update(s, "starts_at = :value", startsAt);
    }

    void setCohost(Session s, String cohostId) {
        update(s, "cohost_id = :value", cohostId);
    }

    void setStatus(Session s, Session.Status status) {
        update(s, "status = :value", status.name());
    }

    void setPart(Session s, int partIndex) {
        update(s, "part_index = :value", partIndex);
    }

    void setLearningPoints(Session s, String points) {
        update(s, "learning_points = :value", points);
    }

    void markStarted(Session s, Instant now) {
        update(s, "status = 'RUNNING', part_index = 0, started_at = :value", now);
    }

    void markHeld(Session s, Instant now) {
        update(s, "status = 'HELD', ended_at = :value", now);
    }

    /** A session that was never held makes room for a new plan that continues the cycle: its number is freed. */
    void moveAside(Session s) {
        update(s, "number = :value", (int) -s.id());
    }

    /** A session that was never held, replaced by a new plan of the same cycle. */
    void delete(Session s) {
        handle.createUpdate("DELETE FROM circle_session WHERE id = :id AND workspace_id = :workspace AND status IN ('PLANNED', 'CANCELLED')")
                .bind("id", s.id()).bind("workspace", s.workspaceId()).execute();
    }

    private void update(Session s, String assignment, Object value) {
        // the SET clause comes from this class only, never from user input
        handle.createUpdate("UPDATE circle_session SET " + assignment + " WHERE id = :id AND workspace_id = :workspace")
                .bind("value", value).bind("id", s.id()).bind("workspace", s.workspaceId())
                .execute();
    }
}
