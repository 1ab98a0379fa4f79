package nl.leerkring.core.feedback;

import java.time.Duration;
import java.time.ZoneId;

/**
 * The feedback feature's settings, from the configuration.
 *
 * @param zone the circle's time zone: the window starts at the same local time, weeks ago
 * @param windowWeeks the rolling window that counts and the culture look at
 * @param retentionDays after how many days a received text (and a named giver) is forgotten; counts stay
 * @param nudgeInterval at most one culture nudge per circle in this time
 * @param thresholds when the culture reading tips over
 */
public record FeedbackPolicy(ZoneId zone, int windowWeeks, int retentionDays, Duration nudgeInterval,
                             CultureReading.Thresholds thresholds) {

    /** The built-in defaults (as in the README's configuration table). */
    public static FeedbackPolicy defaults(ZoneId zone) {
        return new FeedbackPolicy(zone, 8, 30, Duration.ofDays(7), CultureReading.Thresholds.DEFAULTS);
    }

    public FeedbackPolicy {
        if (windowWeeks < 1 || retentionDays < 1 || nudgeInterval.isNegative()) {
            throw new IllegalArgumentException("feedback window, retention and nudge interval must be positive");
        }
    }
}
