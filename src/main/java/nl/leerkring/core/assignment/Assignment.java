package nl.leerkring.core.assignment;

import java.time.Instant;
import java.time.LocalDate;

/**
 * The assignment everyone in a circle does before a session.
 *
 * @param dueDate the date it is due, or null
 * @param sessionId the session at whose start it is due (and its answers are shared), or null
 */
public record Assignment(long id, String workspaceId, long circleId, String text, LocalDate dueDate, Long sessionId,
                         Status status, String setBy, Instant createdAt) {

    /** OPEN: answers are collected; SHARED: shown at a session; WITHDRAWN: taken back, answers no longer count. */
    public enum Status { OPEN, SHARED, WITHDRAWN }

    public boolean isOpen() {
        return status == Status.OPEN;
    }

    /** One member's answer. */
    public record Answer(String userId, String text) {
    }
}
