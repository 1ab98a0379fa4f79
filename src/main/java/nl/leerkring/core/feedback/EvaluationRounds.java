package nl.leerkring.core.feedback;

import java.util.Optional;
import nl.leerkring.chat.Address;
import nl.leerkring.core.command.Turn;
import nl.leerkring.core.circle.Circle;
import nl.leerkring.core.flow.FlowRun;
import nl.leerkring.core.flow.FlowStore;
import nl.leerkring.core.method.MethodLibrary;

/** Which case discussions are in an evaluation step right now (steps with {@code evaluation: true}). */
final class EvaluationRounds {

    private final MethodLibrary methods;

    EvaluationRounds(MethodLibrary methods) {
        this.methods = methods;
    }

    /** The flow of this circle, when it runs and its current step is an evaluation step. */
    Optional<FlowRun> current(Turn turn, Circle circle, long flowId) {
        return FlowStore.of(turn).find(circle.workspaceId(), flowId)
                .filter(f -> f.circleId() == circle.id())
                .filter(this::inEvaluation);
    }

    /** The flow whose thread this event is in, when that flow is in an evaluation step. */
    Optional<FlowRun> inThisThread(Turn turn, Circle circle) {
        String thread = turn.event().where().threadId();
        if (thread == null || Address.NEWEST_THREAD.equals(thread)) {
            return Optional.empty();
        }
        return FlowStore.of(turn).byThread(circle, thread).filter(this::inEvaluation);
    }

    boolean inEvaluation(FlowRun flow) {
        return flow.isRunning() && methods.find(flow.methodId())
                .filter(m -> flow.stepIndex() < m.stepCount())
                .map(m -> m.step(flow.stepIndex()).evaluation())
                .orElse(false);
    }

    /** The key under which a round is nudged at most once: the flow and its step. */
    static String roundKey(FlowRun flow) {
        return "flow:" + flow.id() + ":" + flow.stepIndex();
    }
}
