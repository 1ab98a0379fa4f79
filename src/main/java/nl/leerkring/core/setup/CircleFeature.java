package nl.leerkring.core.setup;

import nl.leerkring.core.command.CommandRegistry;
import nl.leerkring.core.feature.Feature;

/** The circle itself: starting one, members and roles, its learning question, contract and language. */
public final class CircleFeature implements Feature {

    @Override
    public String name() {
        return "circle";
    }

    @Override
    public String bundle() {
        return "messages";
    }

    @Override
    public void register(CommandRegistry registry) {
        CircleCommands.register(registry);
    }
}
