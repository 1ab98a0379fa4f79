package nl.leerkring.core.feature;

import java.util.Optional;

/**
 * A feature's own settings: the keys under its prefix ({@code feedback.window.weeks} is
 * {@code window.weeks} to the feedback feature), with the default given where it is read.
 * A value that does not parse stops start-up with the full setting name.
 */
public interface Settings {

    Optional<String> find(String key);

    default String get(String key, String defaultValue) {
        return find(key).orElse(defaultValue);
    }

    int getInt(String key, int defaultValue);

    double getDouble(String key, double defaultValue);
}
