package nl.leerkring.core.session;

import java.time.ZoneId;
import java.util.Optional;
import nl.leerkring.chat.Platform;
import nl.leerkring.core.circle.Circle;
import org.jdbi.v3.core.Handle;

/**
 * Members' own time zones (column {@code circle_member.time_zone}): reminders reach a member
 * inside working hours in that zone. A member sets it with {@code /kring tijdzone}; a door can
 * fill it from the platform's profile with {@link #fillFromProfile}.
 */
public final class MemberZones {

    private final Handle handle;

    public MemberZones(Handle handle) {
        this.handle = handle;
    }

    public Optional<ZoneId> of(Circle circle, String userId) {
        return handle.createQuery("""
                        SELECT m.time_zone FROM circle_member m JOIN circle c ON c.id = m.circle_id
                        WHERE c.id = :circle AND c.workspace_id = :workspace AND m.user_id = :user""")
                .bind("circle", circle.id()).bind("workspace", circle.workspaceId()).bind("user", userId)
                .mapTo(String.class).findOne().map(ZoneId::of);
    }

    /** Sets the user's zone in every circle of the workspace they are in; null goes back to the circle's. */
    void set(Platform platform, String workspaceId, String userId, ZoneId zone) {
        handle.createUpdate("""
                        UPDATE circle_member SET time_zone = :zone
                        WHERE user_id = :user
                          AND circle_id IN (SELECT id FROM circle WHERE workspace_id = :workspace AND platform = :platform)""")
                .bind("zone", zone == null ? null : zone.getId()).bind("user", userId)
                .bind("workspace", workspaceId).bind("platform", platform.name())
                .execute();
    }

    /**
     * The hook for doors that know a user's time zone from the platform (Slack's {@code users.info}
     * {@code tz}): fills it in where the member has not chosen one, in the caller's transaction.
     * Reminders already scheduled keep their moments; they are computed anew when the member's
     * reminders are next rescheduled (a moved session, {@code /kring tijdzone}).
     *
     * @return how many memberships got the zone
     */
    public static int fillFromProfile(Handle handle, Platform platform, String workspaceId, String userId, ZoneId zone) {
        return handle.createUpdate("""
                        UPDATE circle_member SET time_zone = :zone
                        WHERE user_id = :user AND time_zone IS NULL
                          AND circle_id IN (SELECT id FROM circle WHERE workspace_id = :workspace AND platform = :platform)""")
                .bind("zone", zone.getId()).bind("user", userId).bind("workspace", workspaceId).bind("platform", platform.name())
                .execute();
    }
}
