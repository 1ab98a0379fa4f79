package nl.leerkring.core.feedback;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

/**
 * What a circle's tops and tips over the window say about its feedback culture (METHODS.md §5,
 * after Pool 2013): about three tops to one tip goes with a learning-promoting culture; nearly
 * only tops is a care culture, tips as many as tops or more a fear culture, hardly any feedback
 * an avoidance culture. Pure: no clock, no database.
 */
public final class CultureReading {

    public enum Culture {
        /** About 3:1: what goes well is named, and there is room for a tip. */
        LEARNING,
        /** Nearly only tops: pleasant, but nobody is asked to change. */
        CARE,
        /** Hardly any feedback at all. */
        AVOIDANCE,
        /** Tips about as many as tops, or more. */
        FEAR,
        /** A young circle with little feedback yet: nothing to read. */
        TOO_EARLY;

        /** The culture a circle should be told about (and its facilitators nudged for). */
        public boolean worrying() {
            return this == CARE || this == AVOIDANCE || this == FEAR;
        }

        String key() {
            return name().toLowerCase(java.util.Locale.ROOT).replace("_", "");
        }
    }

    /**
     * When a reading tips over; see the configuration table in the README.
     *
     * @param targetRatio tops per tip to aim for (3)
     * @param careRatio at or above this many tops per tip (or tops without any tip): care
     * @param fearRatio at or below this many tops per tip: fear
     * @param avoidanceBelow fewer items than this in the window: avoidance (or too early to say)
     * @param settleDays a circle younger than this is never read as avoidance, nor nudged about its culture
     * @param roundMinItems the in-round nudge needs at least this many items in the round
     */
    public record Thresholds(double targetRatio, double careRatio, double fearRatio, int avoidanceBelow, int settleDays,
                             int roundMinItems) {

        public static final Thresholds DEFAULTS = new Thresholds(3, 6, 1.25, 4, 14, 2);

        public Thresholds {
            if (!(fearRatio > 0 && fearRatio < targetRatio && targetRatio < careRatio)) {
                throw new IllegalArgumentException("feedback ratios must rise: 0 < fear (" + fearRatio + ") < target ("
                        + targetRatio + ") < care (" + careRatio + ")");
            }
            if (avoidanceBelow < 1 || settleDays < 0 || roundMinItems < 1) {
                throw new IllegalArgumentException("feedback thresholds must be positive");
            }
        }
    }

    private CultureReading() {
    }

    /**
     * The culture that the tally over the window resembles.
     *
     * @param circleAge how long the circle exists (a young circle is not yet "avoiding")
     */
    public static Culture read(Tally window, Duration circleAge, Thresholds t) {
        if (window.total() < t.avoidanceBelow()) {
            return settled(circleAge, t) ? Culture.AVOIDANCE : Culture.TOO_EARLY;
        }
        if (window.tops() >= t.careRatio() * window.tips()) {
            return Culture.CARE;
        }
        if (window.tops() <= t.fearRatio() * window.tips()) {
            return Culture.FEAR;
        }
        return Culture.LEARNING;
    }

    /** True when the circle is old enough to be read as avoiding feedback, and to be nudged. */
    public static boolean settled(Duration circleAge, Thresholds t) {
        return circleAge.compareTo(Duration.ofDays(t.settleDays())) >= 0;
    }

    /**
     * During an evaluation round: tips run ahead of one per {@code targetRatio} tops
     * (with the default, {@code tips * 3 > tops}), once the round has a few items.
     */
    public static boolean tipsRunAhead(Tally round, Thresholds t) {
        return round.total() >= t.roundMinItems() && round.tips() * t.targetRatio() > round.tops();
    }

    /**
     * The start of the rolling window: the same local time {@code weeks} weeks ago in the
     * circle's time zone, so a window across a daylight-saving change is 8 weeks of calendar
     * days, not 8 × 168 hours.
     */
    public static Instant windowStart(Instant now, ZoneId zone, int weeks) {
        return now.atZone(zone).minusWeeks(weeks).toInstant();
    }
}
