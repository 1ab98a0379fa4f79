package nl.leerkring.core.flow;

import java.util.Optional;
import nl.leerkring.core.command.ChoiceValue;

/**
 * What a step's button carries: the case and the step it was posted for ({@code flowId:step}),
 * and for some buttons one more part: the option voted for, or the column of a
 * keep/improve/change item ({@code flowId:step:KEEP}). A button of an earlier step is
 * recognised as such, never applied to the current one.
 */
public record StepValue(long flowId, int step, String extra) implements ChoiceValue {

    public StepValue(FlowRun flow) {
        this(flow.id(), flow.stepIndex(), null);
    }

    public StepValue with(String more) {
        return new StepValue(flowId, step, more);
    }

    @Override
    public String encode() {
        return flowId + ":" + step + (extra == null ? "" : ":" + extra);
    }

    /** {@code flowId:step}. */
    public static Optional<StepValue> parse(String value) {
        return ChoiceValue.parts(value, 2).flatMap(p -> of(p, null));
    }

    /** {@code flowId:step:extra}. */
    public static Optional<StepValue> parseWithExtra(String value) {
        return ChoiceValue.parts(value, 3).flatMap(p -> of(p, p[2]));
    }

    /** {@code flowId} alone (ending a case is not tied to a step). */
    static Optional<StepValue> parseCase(String value) {
        return ChoiceValue.parts(value, 1).flatMap(p -> ChoiceValue.number(p[0])).map(id -> new StepValue(id, -1, null));
    }

    private static Optional<StepValue> of(String[] p, String extra) {
        Optional<Long> flow = ChoiceValue.number(p[0]);
        Optional<Long> step = ChoiceValue.number(p[1]);
        return flow.isPresent() && step.isPresent() ? Optional.of(new StepValue(flow.get(), step.get().intValue(), extra))
                : Optional.empty();
    }

    /** The extra part as a number (a vote's option), or empty. */
    Optional<Long> number() {
        return extra == null ? Optional.empty() : ChoiceValue.number(extra);
    }
}
