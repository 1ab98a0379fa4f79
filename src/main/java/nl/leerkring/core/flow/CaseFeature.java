package nl.leerkring.core.flow;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import nl.leerkring.core.action.Actions;
import nl.leerkring.core.command.CommandRegistry;
import nl.leerkring.core.feature.Feature;
import nl.leerkring.core.feature.FeatureContext;
import nl.leerkring.core.feature.Settings;
import nl.leerkring.core.method.MethodLibrary;
import org.jdbi.v3.core.Handle;

/**
 * Case discussions: a method from {@code cases.methods.dir} led step by step in a case's thread.
 * Its raw contributions are confidential and kept {@code cases.retention.days}; reports and
 * action items stay.
 */
public final class CaseFeature implements Feature {

    private final int retentionDays;
    private final FlowEngine engine;

    public CaseFeature(FeatureContext context, Actions actions) {
        Settings settings = context.settings(name());
        // a broken method file stops start-up here, before anything is opened
        MethodLibrary methods = MethodLibrary.load(Path.of(settings.get("methods.dir", "config/methods")));
        this.retentionDays = settings.getInt("retention.days", 30);
        this.engine = new FlowEngine(methods, context.timers(), context.random(), context.zone(), retentionDays, actions);
    }

    @Override
    public String name() {
        return "cases";
    }

    /** The engine that runs methods, for features that start or extend case discussions. */
    public FlowEngine engine() {
        return engine;
    }

    /** How long raw contributions are kept, in days. */
    public int retentionDays() {
        return retentionDays;
    }

    @Override
    public void register(CommandRegistry registry) {
        CaseCommands.register(registry, engine);
    }

    @Override
    public Map<String, Integer> forgetExpired(Handle handle, Instant now) {
        return Map.of("case contributions",
                FlowStore.deleteContributionsBefore(handle, now.minus(Duration.ofDays(retentionDays))));
    }
}
