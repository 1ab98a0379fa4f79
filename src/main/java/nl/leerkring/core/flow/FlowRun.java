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

    /** The flow entered a step: its deadline (or null) and who acts, the turn at the first. */
    public FlowRun atStep(int index, Instant deadline, List<String> stepActors) {
        return new FlowRun(id, workspaceId, circleId, methodId, title, bringerId, status, index, deadline, stepActors, 0,
                chosenIdea, createdAt);
    }

    public FlowRun withTurn(int index) {
        return new FlowRun(id, workspaceId, circleId, methodId, title, bringerId, status, stepIndex, stepDeadline, actors,
                index, chosenIdea, createdAt);
    }

    public FlowRun withChosenIdea(String idea) {
        return new FlowRun(id, workspaceId, circleId, methodId, title, bringerId, status, stepIndex, stepDeadline, actors,
                turnIndex, idea, createdAt);
    }

    public boolean isRunning() {
        return status == Status.RUNNING;
    }

    public String currentTurn() {
        return turnIndex < actors.size() ? actors.get(turnIndex) : null;
    }
}
