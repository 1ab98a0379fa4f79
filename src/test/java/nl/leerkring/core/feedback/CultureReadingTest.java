package nl.leerkring.core.feedback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import nl.leerkring.core.feedback.CultureReading.Culture;
import nl.leerkring.core.feedback.CultureReading.Thresholds;
import org.junit.jupiter.api.Test;

/** The ratio and the culture reading, without a database: the edge cases. */
class CultureReadingTest {

    static final Thresholds T = Thresholds.DEFAULTS;
    static final Duration OLD = Duration.ofDays(60);
    static final Duration YOUNG = Duration.ofDays(5);
    static final ZoneId AMSTERDAM = ZoneId.of("Europe/Amsterdam");

    static Culture read(int tops, int tips) {
        return CultureReading.read(new Tally(tops, tips), OLD, T);
    }

    @Test
    void noFeedbackAtAllIsAvoidanceInASettledCircleAndTooEarlyInAYoungOne() {
        assertEquals(Culture.AVOIDANCE, read(0, 0));
        assertEquals(Culture.TOO_EARLY, CultureReading.read(Tally.NONE, YOUNG, T));
        assertEquals("0:0", Tally.NONE.ratio("nl"));
        assertTrue(Culture.AVOIDANCE.worrying());
        assertFalse(Culture.TOO_EARLY.worrying());
    }

    @Test
    void hardlyAnyFeedbackIsAvoidanceWhateverItsMix() {
        assertEquals(Culture.AVOIDANCE, read(3, 0), "3 items is below the default 4");
        assertEquals(Culture.AVOIDANCE, read(1, 2));
        assertEquals(Culture.TOO_EARLY, CultureReading.read(new Tally(2, 1), YOUNG, T));
        assertEquals(Culture.TOO_EARLY, CultureReading.read(Tally.NONE, Duration.ofDays(14).minusSeconds(1), T));
        assertEquals(Culture.AVOIDANCE, CultureReading.read(Tally.NONE, Duration.ofDays(14), T), "settled at exactly 14 days");
    }

    @Test
    void onlyTopsIsACareCulture() {
        assertEquals(Culture.CARE, read(10, 0));
        assertEquals(Culture.CARE, read(4, 0));
        assertEquals("10:0", new Tally(10, 0).ratio("nl"));
        assertEquals(Culture.CARE, CultureReading.read(new Tally(8, 0), YOUNG, T), "a young circle is read once it has feedback");
    }

    @Test
    void onlyTipsIsAFearCulture() {
        assertEquals(Culture.FEAR, read(0, 6));
        assertEquals(Culture.FEAR, read(0, 4));
        assertEquals("0:6", new Tally(0, 6).ratio("nl"));
    }

    @Test
    void exactlyThreeToOneIsLearningPromoting() {
        assertEquals(Culture.LEARNING, read(12, 4));
        assertEquals(Culture.LEARNING, read(3, 1));
        assertEquals("3:1", new Tally(12, 4).ratio("nl"));
        assertEquals("3:1", new Tally(12, 4).ratio("en"));
    }

    @Test
    void theBoundariesBetweenTheCultures() {
        assertEquals(Culture.CARE, read(6, 1), "6 tops per tip is care (default care ratio 6)");
        assertEquals(Culture.LEARNING, read(5, 1));
        assertEquals(Culture.FEAR, read(5, 4), "1.25 tops per tip: about as many tips as tops");
        assertEquals(Culture.LEARNING, read(6, 4), "1.5 tops per tip");
        assertEquals(Culture.FEAR, read(4, 4));
        assertEquals(Culture.FEAR, read(2, 5));
    }

    @Test
    void ratiosAreWrittenAsPeopleSayThem() {
        assertEquals("2,5:1", new Tally(10, 4).ratio("nl"));
        assertEquals("2.5:1", new Tally(10, 4).ratio("en"));
        assertEquals("2,3:1", new Tally(7, 3).ratio("nl"));
        assertEquals("1:3", new Tally(1, 3).ratio("nl"));
        assertEquals("1:1", new Tally(4, 4).ratio("nl"));
        assertEquals("3:1", Tally.target(3, "nl"));
        assertEquals("2,5:1", Tally.target(2.5, "nl"));
    }

    @Test
    void tipsRunAheadOfOnePerThreeTopsInARound() {
        assertFalse(CultureReading.tipsRunAhead(new Tally(3, 1), T), "exactly 3:1 is fine");
        assertFalse(CultureReading.tipsRunAhead(new Tally(6, 2), T));
        assertTrue(CultureReading.tipsRunAhead(new Tally(2, 1), T));
        assertTrue(CultureReading.tipsRunAhead(new Tally(1, 1), T));
        assertTrue(CultureReading.tipsRunAhead(new Tally(0, 2), T));
        assertFalse(CultureReading.tipsRunAhead(new Tally(0, 1), T), "one item is not yet a pattern");
        assertFalse(CultureReading.tipsRunAhead(Tally.NONE, T));
        assertFalse(CultureReading.tipsRunAhead(new Tally(5, 0), T));
    }

    @Test
    void anEightWeekWindowAcrossTheAutumnClockChangeStartsAtTheSameLocalTime() {
        Instant now = Instant.parse("2026-11-23T08:00:00Z"); // Monday 09:00 CET (UTC+1)
        Instant start = CultureReading.windowStart(now, AMSTERDAM, 8);

        assertEquals(Instant.parse("2026-09-28T07:00:00Z"), start, "Monday 28 September, 09:00 CEST (UTC+2)");
        assertEquals(LocalTime.of(9, 0), start.atZone(AMSTERDAM).toLocalTime());
        assertEquals(Duration.ofDays(56).plusHours(1), Duration.between(start, now),
                "the window holds the extra hour of 25 October 2026");
    }

    @Test
    void anEightWeekWindowAcrossTheSpringClockChangeIsAnHourShorter() {
        Instant now = Instant.parse("2027-04-12T07:00:00Z"); // 09:00 CEST
        Instant start = CultureReading.windowStart(now, AMSTERDAM, 8);

        assertEquals(LocalTime.of(9, 0), start.atZone(AMSTERDAM).toLocalTime());
        assertEquals(Duration.ofDays(56).minusHours(1), Duration.between(start, now));
    }

    @Test
    void thresholdsMustRise() {
        assertThrows(IllegalArgumentException.class, () -> new Thresholds(3, 2, 1.25, 4, 14, 2));
        assertThrows(IllegalArgumentException.class, () -> new Thresholds(3, 6, 3, 4, 14, 2));
        assertThrows(IllegalArgumentException.class, () -> new Thresholds(3, 6, 1.25, 0, 14, 2));
    }
}
