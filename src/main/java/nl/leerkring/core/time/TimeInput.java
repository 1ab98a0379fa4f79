package nl.leerkring.core.time;

import java.time.Duration;
import java.time.LocalTime;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Clock times and lengths as people type them, in Dutch or English: {@code 19:30},
 * {@code 19u30}, {@code 7:30pm}, {@code om 19 uur}; {@code 2 uur}, {@code 1,5 uur},
 * {@code 90 min}, {@code 2h}. A time that does not exist ({@code 25:00}) is reported, not
 * silently read as something else.
 */
public final class TimeInput {

    /** A clock time found in a sentence: {@code time} is null when the text looked like one but is not ("25:00"). */
    public record FoundTime(LocalTime time, String text, String rest) {
    }

    /** A length found in a sentence, and the sentence without it. */
    public record FoundLength(Duration length, String rest) {
    }

    // "om"/"at" before a time belongs to it; "19:30u" and "19:30 uur" are Dutch habits
    private static final Pattern CLOCK = Pattern.compile(
            "(?i)(?:\\b(?:om|at)\\s+)?\\b(\\d{1,2})[:uh](\\d{2})(?:\\s*(am|pm)|\\s*(?:uur|u)\\b)?(?![\\d:])");
    private static final Pattern HOUR_WORD = Pattern.compile("(?i)\\b(?:om|at)\\s+(\\d{1,2})\\s*(uur|u|am|pm|o'clock)(?![\\w:])");
    private static final Pattern HOUR_AMPM = Pattern.compile("(?i)\\b(\\d{1,2})\\s*(am|pm)\\b");
    private static final Pattern LENGTH = Pattern.compile(
            "(?i)\\b(anderhalf|\\d+(?:[.,]\\d+)?)\\s*(uur|uren|u|h|hours?|hrs?|minuten|minuut|min|minutes?|m)\\b");

    private TimeInput() {
    }

    /** Reads a whole text as a clock time ("19:30", "19u30", "7pm", "19"). */
    public static Optional<LocalTime> parse(String text) {
        String t = text.strip();
        if (t.matches("\\d{1,2}")) {
            return of(Integer.parseInt(t), 0, null);
        }
        return find(t).filter(f -> f.rest().isBlank()).map(FoundTime::time);
    }

    /** The first clock time in a sentence, if any. */
    public static Optional<FoundTime> find(String sentence) {
        for (Pattern p : new Pattern[] {CLOCK, HOUR_WORD, HOUR_AMPM}) {
            Matcher m = p.matcher(sentence);
            if (m.find()) {
                int hour = Integer.parseInt(m.group(1));
                int minute = p == CLOCK ? Integer.parseInt(m.group(2)) : 0;
                String ampm = p == CLOCK ? m.group(3) : m.group(2);
                String rest = without(sentence, m);
                return Optional.of(new FoundTime(of(hour, minute, ampm).orElse(null), m.group().strip(), rest));
            }
        }
        return Optional.empty();
    }

    private static Optional<LocalTime> of(int hour, int minute, String ampm) {
        int h = hour;
        if (ampm != null) {
            String a = ampm.toLowerCase(Locale.ROOT);
            if (a.equals("am") || a.equals("pm")) {
                if (hour < 1 || hour > 12) {
                    return Optional.empty();
                }
                h = hour % 12 + (a.equals("pm") ? 12 : 0);
            }
        }
        if (h > 23 || minute > 59) {
            return Optional.empty();
        }
        return Optional.of(LocalTime.of(h, minute));
    }

    /** Reads a whole text as a length; a bare number is hours up to 8 and minutes from 15 on. */
    public static Optional<Duration> parseLength(String text) {
        String t = text.strip();
        if (t.matches("\\d+")) {
            int n = Integer.parseInt(t);
            return n <= 8 ? Optional.of(Duration.ofHours(n)) : Optional.of(Duration.ofMinutes(n));
        }
        return findLength(t).filter(f -> f.rest().isBlank()).map(FoundLength::length);
    }

    /** The first length ("2 uur", "90 min") in a sentence, if any. */
    public static Optional<FoundLength> findLength(String sentence) {
        Matcher m = LENGTH.matcher(sentence);
        if (!m.find()) {
            return Optional.empty();
        }
        String number = m.group(1).toLowerCase(Locale.ROOT);
        double amount = number.equals("anderhalf") ? 1.5 : Double.parseDouble(number.replace(',', '.'));
        String unit = m.group(2).toLowerCase(Locale.ROOT);
        boolean minutes = unit.startsWith("min") || unit.equals("m");
        long total = Math.round(minutes ? amount : amount * 60);
        return Optional.of(new FoundLength(Duration.ofMinutes(total), without(sentence, m)));
    }

    static String without(String sentence, Matcher m) {
        return (sentence.substring(0, m.start()) + " " + sentence.substring(m.end())).replaceAll("\\s+", " ").strip();
    }
}
