package nl.leerkring.core.flow;

import java.time.Instant;
import java.util.List;

/**
 * The state of one case discussion, as stored after every event.
 *
 * @param actors the members who act in the current step, in order (turn order, or those picked)
 * @param turnIndex for a step taken in turn: whose turn it is, as an index into {@code actors}
 */
public record FlowRun(long id, String workspaceId, long circleId, String methodId, String title, String bringerId,
                      Status status, int stepIndex, Instant stepDeadline, List<String> actors, int turnIndex,
                      String chosenIdea, Instant createdAt) {

    public enum Status { RUNNING, ENDED, STOPPED }

    public FlowRun {
        actors = List.copyOf(actors);
    }

    /** The key under which the case's start message is posted; every step is threaded under it. */
    public String threadKey() {
        return threadKey(id);
    }

    public static String threadKey(long flowId) {
        return "flow:" + flowId;
    }

    public boolean isRunning() {
        return status == Status.RUNNING;
    }

    public String currentTurn() {
        return turnIndex < actors.size() ? actors.get(turnIndex) : null;
    }
}
