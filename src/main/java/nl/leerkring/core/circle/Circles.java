package nl.leerkring.core.circle;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import nl.leerkring.chat.Platform;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

/**
 * Circles and their members, inside the caller's transaction. Every statement is scoped by
 * workspace: a circle id alone never reaches another workspace's data.
 */
public final class Circles {

    private final Handle handle;

    public Circles(Handle handle) {
        this.handle = handle;
    }

    private static final String CIRCLE_COLUMNS =
            "id, platform, workspace_id, channel_id, language, learning_question, contract, created_at";

    private static final RowMapper<Circle> CIRCLE = (rs, ctx) -> new Circle(rs.getLong("id"),
            Platform.valueOf(rs.getString("platform")), rs.getString("workspace_id"), rs.getString("channel_id"),
            rs.getString("language"), rs.getString("learning_question"), rs.getString("contract"),
            rs.getTimestamp("created_at").toInstant());

    public Optional<Circle> find(Platform platform, String workspaceId, String channelId) {
        return handle.createQuery("SELECT " + CIRCLE_COLUMNS
                        + " FROM circle WHERE platform = :platform AND workspace_id = :workspace AND channel_id = :channel")
                .bind("platform", platform.name())
                .bind("workspace", workspaceId)
                .bind("channel", channelId)
                .map(CIRCLE)
                .findOne();
    }

    /**
     * A circle by its id, for an event that names it (a button pressed or a form sent in a 1:1
     * chat with the bot rather than in the circle's channel); only within the same workspace.
     */
    public Optional<Circle> byId(Platform platform, String workspaceId, long id) {
        return handle.createQuery("SELECT " + CIRCLE_COLUMNS
                        + " FROM circle WHERE id = :id AND platform = :platform AND workspace_id = :workspace")
                .bind("id", id)
                .bind("platform", platform.name())
                .bind("workspace", workspaceId)
                .map(CIRCLE)
                .findOne();
    }

    /** Creates the circle with its founder as facilitator. */
    public Circle create(Platform platform, String workspaceId, String channelId, String language, String founder, Instant now) {
        long id = handle.createUpdate("""
                        INSERT INTO circle (platform, workspace_id, channel_id, language, created_at)
                        VALUES (:platform, :workspace, :channel, :language, :now)""")
                .bind("platform", platform.name())
                .bind("workspace", workspaceId)
                .bind("channel", channelId)
                .bind("language", language)
                .bind("now", now)
                .executeAndReturnGeneratedKeys("id")
                .mapTo(Long.class)
                .one();
        Circle circle = new Circle(id, platform, workspaceId, channelId, language, null, null, now);
        setRole(circle, founder, Role.FACILITATOR, now);
        return circle;
    }

    /** Members are read once per turn and circle (a turn asks often: roles, actors, owners); changes here forget them. */
    private final Map<Long, List<Member>> membersByCircle = new HashMap<>();

    public List<Member> members(Circle circle) {
        return membersByCircle.computeIfAbsent(circle.id(), id -> handle.createQuery("""
                        SELECT m.user_id, m.role FROM circle_member m JOIN circle c ON c.id = m.circle_id
                        WHERE c.id = :circle AND c.workspace_id = :workspace
                        ORDER BY m.joined_at, m.user_id""")
                .bind("circle", circle.id())
                .bind("workspace", circle.workspaceId())
                .map((rs, ctx) -> new Member(rs.getString("user_id"), Role.valueOf(rs.getString("role"))))
                .list());
    }

    public Optional<Role> roleOf(Circle circle, String userId) {
        return members(circle).stream().filter(m -> m.userId().equals(userId)).map(Member::role).findFirst();
    }

    /**
     * Locks the circle's row until the transaction ends, so decisions about its members (who is
     * the last facilitator, a role given twice at once) are made one after the other, on H2 and
     * PostgreSQL alike; what this turn read of its members before is read again.
     */
    public void lock(Circle circle) {
        handle.createQuery("SELECT id FROM circle WHERE id = :circle AND workspace_id = :workspace FOR UPDATE")
                .bind("circle", circle.id()).bind("workspace", circle.workspaceId()).mapTo(Long.class).findOne();
        membersByCircle.remove(circle.id());
    }

    public void setRole(Circle circle, String userId, Role role, Instant now) {
        membersByCircle.remove(circle.id());
        int updated = handle.createUpdate("""
                        UPDATE circle_member SET role = :role
                        WHERE circle_id = :circle AND user_id = :user
                          AND circle_id IN (SELECT id FROM circle WHERE workspace_id = :workspace)""")
                .bind("role", role.name()).bind("circle", circle.id()).bind("user", userId)
                .bind("workspace", circle.workspaceId())
                .execute();
        if (updated == 0) {
            handle.createUpdate("""
                            INSERT INTO circle_member (circle_id, user_id, role, joined_at)
                            VALUES (:circle, :user, :role, :now)""")
                    .bind("circle", circle.id()).bind("user", userId).bind("role", role.name()).bind("now", now)
                    .execute();
        }
    }

    public void remove(Circle circle, String userId) {
        membersByCircle.remove(circle.id());
        handle.createUpdate("""
                        DELETE FROM circle_member WHERE circle_id = :circle AND user_id = :user
                          AND circle_id IN (SELECT id FROM circle WHERE workspace_id = :workspace)""")
                .bind("circle", circle.id()).bind("user", userId).bind("workspace", circle.workspaceId())
                .execute();
    }

    public void setLearningQuestion(Circle circle, String text) {
        updateColumn(circle, "learning_question", text);
    }

    public void setContract(Circle circle, String text) {
        updateColumn(circle, "contract", text);
    }

    public void setLanguage(Circle circle, String language) {
        updateColumn(circle, "language", language);
    }

    private void updateColumn(Circle circle, String column, String value) {
        // column names come from this class only, never from user input
        handle.createUpdate("UPDATE circle SET " + column + " = :value WHERE id = :circle AND workspace_id = :workspace")
                .bind("value", value).bind("circle", circle.id()).bind("workspace", circle.workspaceId())
                .execute();
    }
}
