package nl.leerkring.core.feature;

import java.time.ZoneId;
import java.util.function.Function;
import java.util.random.RandomGenerator;
import nl.leerkring.core.feature.Timers;

/**
 * What a feature is built from: its settings, the scheduler's timers, the time zone of the
 * installation and the random source that picks members (seeded in tests and demos).
 */
public record FeatureContext(Function<String, Settings> settingsByPrefix, Timers timers, ZoneId zone,
                             RandomGenerator random) {

    /** The settings under {@code <prefix>.}. */
    public Settings settings(String prefix) {
        return settingsByPrefix.apply(prefix);
    }
}
