package nl.leerkring.core.assignment;

import java.time.Instant;
import org.jdbi.v3.core.Handle;

/**
 * Answers to assignments are personal reflections: they are kept until they have been shared
 * in a session, and then for the retention period ({@code case_retention_days}), like the
 * contributions to a case. Answers to a withdrawn assignment are deleted at once.
 */
public final class AssignmentAnswers {

    private AssignmentAnswers() {
    }

    /** Deletes the answers to assignments shared (or withdrawn) before the cut-off. */
    public static int deleteSharedBefore(Handle handle, Instant cutoff) {
        return handle.createUpdate("""
                        DELETE FROM assignment_answer WHERE assignment_id IN
                            (SELECT id FROM assignment WHERE status <> 'OPEN' AND closed_at < :cutoff)""")
                .bind("cutoff", cutoff).execute();
    }

    /** Deletes the answers to one assignment, in its workspace. */
    public static void deleteAll(Handle handle, Assignment a) {
        handle.createUpdate("DELETE FROM assignment_answer WHERE assignment_id = :id AND workspace_id = :workspace")
                .bind("id", a.id()).bind("workspace", a.workspaceId()).execute();
    }
}
