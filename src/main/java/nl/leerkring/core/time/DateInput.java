package nl.leerkring.core.time;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Dates as people type them, in Dutch or English: {@code 12-01-2027}, {@code 12/1/2027},
 * {@code 2027-01-12}, {@code 12 januari 2027}, {@code 12 jan}, {@code morgen}, {@code tomorrow},
 * and a weekday ({@code dinsdag}, {@code tuesday}: the first such day after today).
 * A day that does not exist ("31 februari") is an error, not silently the 3rd of March.
 */
public final class DateInput {

    /** The outcome of reading a date. */
    public sealed interface Result {
    }

    public record Valid(LocalDate date) implements Result {
    }

    /** Not a date at all. */
    public record NotADate(String text) implements Result {
    }

    /** Looks like a date but that day does not exist. */
    public record NoSuchDay(String text) implements Result {
    }

    private static final Map<String, Integer> MONTHS = Map.ofEntries(
            Map.entry("januari", 1), Map.entry("january", 1), Map.entry("jan", 1),
            Map.entry("februari", 2), Map.entry("february", 2), Map.entry("feb", 2), Map.entry("febr", 2),
            Map.entry("maart", 3), Map.entry("march", 3), Map.entry("mrt", 3), Map.entry("mar", 3),
            Map.entry("april", 4), Map.entry("apr", 4),
            Map.entry("mei", 5), Map.entry("may", 5),
            Map.entry("juni", 6), Map.entry("june", 6), Map.entry("jun", 6),
            Map.entry("juli", 7), Map.entry("july", 7), Map.entry("jul", 7),
            Map.entry("augustus", 8), Map.entry("august", 8), Map.entry("aug", 8),
            Map.entry("september", 9), Map.entry("sep", 9), Map.entry("sept", 9),
            Map.entry("oktober", 10), Map.entry("october", 10), Map.entry("okt", 10), Map.entry("oct", 10),
            Map.entry("november", 11), Map.entry("nov", 11),
            Map.entry("december", 12), Map.entry("dec", 12));

    private static final Map<String, DayOfWeek> WEEKDAYS = Map.ofEntries(
            Map.entry("maandag", DayOfWeek.MONDAY), Map.entry("monday", DayOfWeek.MONDAY),
            Map.entry("dinsdag", DayOfWeek.TUESDAY), Map.entry("tuesday", DayOfWeek.TUESDAY),
            Map.entry("woensdag", DayOfWeek.WEDNESDAY), Map.entry("wednesday", DayOfWeek.WEDNESDAY),
            Map.entry("donderdag", DayOfWeek.THURSDAY), Map.entry("thursday", DayOfWeek.THURSDAY),
            Map.entry("vrijdag", DayOfWeek.FRIDAY), Map.entry("friday", DayOfWeek.FRIDAY),
            Map.entry("zaterdag", DayOfWeek.SATURDAY), Map.entry("saturday", DayOfWeek.SATURDAY),
            Map.entry("zondag", DayOfWeek.SUNDAY), Map.entry("sunday", DayOfWeek.SUNDAY));

    private static final Pattern DAY_MONTH_YEAR = Pattern.compile("(\\d{1,2})[-/.](\\d{1,2})(?:[-/.](\\d{4}))?");
    private static final Pattern ISO = Pattern.compile("(\\d{4})-(\\d{1,2})-(\\d{1,2})");
    private static final Pattern WORDS = Pattern.compile("(\\d{1,2})\\s+([a-z]+)\\.?(?:\\s+(\\d{4}))?");

    /** A date found somewhere in a sentence, and the sentence without it. */
    public record Found(Result result, String rest) {
    }

    private static final Pattern ANYWHERE = Pattern.compile(
            "(?i)\\b(\\d{4}-\\d{1,2}-\\d{1,2}|\\d{1,2}[-/.]\\d{1,2}(?:[-/.]\\d{4})?|\\d{1,2}\\s+[a-z]{3,9}\\.?(?:\\s+\\d{4})?|overmorgen|morgen|vandaag|tomorrow|today)\\b");
    private static final Pattern WEEKDAY_ANYWHERE = Pattern.compile(
            "(?i)\\b(maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag"
            + "|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\\b");

    private static final String WEEKDAY_BEFORE = "(?i)\\b(maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag"
            + "|monday|tuesday|wednesday|thursday|friday|saturday|sunday),?\\s*$";

    private DateInput() {
    }

    /**
     * Reads a whole text as a date.
     *
     * @param today what "today" is for the reader (in their time zone); a date without a year is
     *     the next such day from today
     */
    public static Result parse(String text, LocalDate today) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        switch (t) {
            case "vandaag", "today" -> {
                return new Valid(today);
            }
            case "morgen", "tomorrow" -> {
                return new Valid(today.plusDays(1));
            }
            case "overmorgen" -> {
                return new Valid(today.plusDays(2));
            }
            default -> { }
        }
        DayOfWeek weekday = WEEKDAYS.get(t);
        if (weekday != null) {
            return new Valid(next(weekday, today));
        }
        Matcher m = ISO.matcher(t);
        if (m.matches()) {
            return of(text, Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
        }
        m = DAY_MONTH_YEAR.matcher(t);
        if (m.matches()) {
            return dayMonth(text, Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), m.group(3), today);
        }
        m = WORDS.matcher(t);
        if (m.matches()) {
            Integer month = MONTHS.get(m.group(2));
            if (month == null) {
                return new NotADate(text);
            }
            return dayMonth(text, Integer.parseInt(m.group(1)), month, m.group(3), today);
        }
        return new NotADate(text);
    }

    /**
     * The first date in a sentence ("belt de wijkagent voor 12 januari"), if any; a weekday
     * ("voor vrijdag") only when the sentence names no date.
     */
    public static Optional<Found> find(String sentence, LocalDate today) {
        for (Pattern p : new Pattern[] {ANYWHERE, WEEKDAY_ANYWHERE}) {
            Matcher m = p.matcher(sentence);
            while (m.find()) {
                Result r = parse(m.group(1), today);
                if (!(r instanceof NotADate)) {
                    // a weekday written before the date belongs to it: "voor vrijdag 15 januari"
                    String before = sentence.substring(0, m.start()).replaceFirst(WEEKDAY_BEFORE, "");
                    String rest = (before + " " + sentence.substring(m.end())).replaceAll("\\s+", " ").strip();
                    return Optional.of(new Found(r, rest));
                }
            }
        }
        return Optional.empty();
    }

    /** The weekday a word names ("dinsdag", "Tuesday"), if it names one. */
    public static Optional<DayOfWeek> weekday(String word) {
        return Optional.ofNullable(WEEKDAYS.get(word.strip().toLowerCase(Locale.ROOT)));
    }

    /** The first such weekday after today ("dinsdag" said on a Tuesday is next week's). */
    public static LocalDate next(DayOfWeek weekday, LocalDate today) {
        LocalDate d = today.plusDays(1);
        while (d.getDayOfWeek() != weekday) {
            d = d.plusDays(1);
        }
        return d;
    }

    private static Result dayMonth(String text, int day, int month, String year, LocalDate today) {
        if (year != null) {
            return of(text, Integer.parseInt(year), month, day);
        }
        Result thisYear = of(text, today.getYear(), month, day);
        if (thisYear instanceof Valid v && v.date().isBefore(today)) {
            return of(text, today.getYear() + 1, month, day);
        }
        if (thisYear instanceof NoSuchDay && month == 2 && day == 29) {
            return of(text, today.getYear() + 1, month, day); // maybe next year is a leap year
        }
        return thisYear;
    }

    private static Result of(String text, int year, int month, int day) {
        try {
            return new Valid(LocalDate.of(year, month, day));
        } catch (DateTimeException e) {
            return new NoSuchDay(text);
        }
    }
}
