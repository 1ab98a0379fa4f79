package nl.leerkring.core.flow;

import java.util.List;
import nl.leerkring.chat.Choice;
import nl.leerkring.core.command.Turn;
import nl.leerkring.core.method.Step;

/**
 * Buttons another feature adds to a step's message (tops and tips on an evaluation step), so the
 * engine needs to know nothing of that feature.
 */
@FunctionalInterface
public interface StepChoices {

    List<Choice> forStep(Turn turn, FlowRun flow, Step step);
}
