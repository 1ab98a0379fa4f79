package nl.leerkring.core.session;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nl.leerkring.core.time.DateInput;
import nl.leerkring.core.time.TimeInput;
import nl.leerkring.core.time.ZoneInput;

/**
 * Reads a plan as people type it, in any order, in Dutch or English:
 * {@code 12-01-2027 19:30 6x elke 6 weken 2 uur Europe/Amsterdam sjabloon leergroep}, or just
 * {@code dinsdag 19:30}. Only the first date and the time are needed; the rest has defaults (6
 * sessions, every 6 weeks, 2 hours, the circle's time zone, the {@code leergroep} template).
 * Anything it does not understand is named back, never ignored.
 */
final class PlanInput {

    static final int MAX_SESSIONS = 20;
    static final int MAX_INTERVAL_WEEKS = 26;
    static final Duration SHORTEST = Duration.ofMinutes(30);
    static final Duration LONGEST = Duration.ofHours(8);

    /** What is wrong, as a text key and its arguments. */
    record Problem(String key, Object... args) {
    }

    /** A plan read from text or a form: a complete plan, or the first problem. */
    record Result(PlanRequest plan, Problem problem) {

        static Result of(PlanRequest plan) {
            return new Result(plan, null);
        }

        static Result wrong(String key, Object... args) {
            return new Result(null, new Problem(key, args));
        }
    }

    /** The parts as typed; null where nothing was said. */
    static final class Draft {
        String dateText;
        DateInput.Result date;
        DayOfWeek weekday;
        LocalTime time;
        String badTime;
        Integer count;
        Integer interval;
        Duration length;
        ZoneId zone;
        String badZone;
        String template;
    }

    private static final Pattern ZONE = Pattern.compile("(?i)(?:\\b(?:tijdzone|timezone|tz)\\s+)?\\b([a-z]+(?:/[a-z_+\\-]+)+|utc|gmt)\\b");
    private static final Pattern TEMPLATE = Pattern.compile("(?i)\\b(?:sjabloon|template)\\s+(\\S+)");
    private static final Pattern INTERVAL = Pattern.compile(
            "(?i)\\b(?:(?:elke|iedere|om\\s+de|every)\\s+(\\d+)?\\s*|(\\d+)\\s*)(weken|week|weeks)\\b");
    private static final Pattern COUNT = Pattern.compile(
            "(?i)\\b(\\d+)\\s*(?:x|keer|maal|bijeenkomsten|sessies|sessions|times|meetings)(?=\\s|$)");
    private static final Pattern WEEKDAY = Pattern.compile(
            "(?i)\\b(?:op\\s+|on\\s+)?(maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag"
                    + "|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\\b");
    /** Little words that join the parts and mean nothing on their own. */
    private static final Pattern FILLER = Pattern.compile(
            "(?i)\\b(om|at|op|on|vanaf|from|starting|de|the|eerste|first|lang|long|duur|length|van|of|per|en|and|met|with)\\b|[,;]");

    private PlanInput() {
    }

    /** Reads a whole {@code /kring plan} text. */
    static Draft read(String text, LocalDate today, TemplateLibrary templates) {
        Draft d = new Draft();
        String rest = " " + text.strip() + " ";
        Matcher m = ZONE.matcher(rest);
        if (m.find()) {
            d.zone = ZoneInput.parse(m.group(1)).orElse(null);
            d.badZone = d.zone == null ? m.group(1) : null;
            rest = cut(rest, m);
        }
        m = TEMPLATE.matcher(rest);
        if (m.find()) {
            d.template = m.group(1).toLowerCase(Locale.ROOT);
            rest = cut(rest, m);
        } else {
            for (String id : templates.ids()) {
                Matcher bare = Pattern.compile("(?i)\\b" + Pattern.quote(id) + "\\b").matcher(rest);
                if (bare.find()) {
                    d.template = id;
                    rest = cut(rest, bare);
                    break;
                }
            }
        }
        Optional<TimeInput.FoundTime> time = TimeInput.find(rest);
        if (time.isPresent()) {
            d.time = time.get().time();
            d.badTime = time.get().time() == null ? time.get().text() : null;
            rest = time.get().rest();
        }
        m = INTERVAL.matcher(rest);
        if (m.find()) {
            String n = m.group(1) != null ? m.group(1) : m.group(2);
            d.interval = n == null ? 1 : Integer.parseInt(n);
            rest = cut(rest, m);
        }
        m = COUNT.matcher(rest);
        if (m.find()) {
            d.count = Integer.parseInt(m.group(1));
            rest = cut(rest, m);
        }
        Optional<TimeInput.FoundLength> length = TimeInput.findLength(rest);
        if (length.isPresent()) {
            d.length = length.get().length();
            rest = length.get().rest();
        }
        m = WEEKDAY.matcher(rest);
        if (m.find()) {
            d.weekday = DateInput.weekday(m.group(1)).orElseThrow();
            rest = cut(rest, m);
        }
        Optional<DateInput.Found> date = DateInput.find(rest, today);
        if (date.isPresent()) {
            d.date = date.get().result();
            rest = date.get().rest();
        }
        d.dateText = FILLER.matcher(rest).replaceAll(" ").replaceAll("\\s+", " ").strip();
        return d;
    }

    private static String cut(String text, Matcher m) {
        return " " + (text.substring(0, m.start()) + " " + text.substring(m.end())).replaceAll("\\s+", " ").strip() + " ";
    }

    /**
     * The fields of the plan form, each read on its own by the reader of {@code /kring plan}
     * ({@link #field}), so that "dinsdag 12 januari 2027" is the same date in both.
     */
    static Draft fromForm(String date, String time, String count, String interval, String length, String zone,
                          String template, LocalDate today, TemplateLibrary templates) {
        Draft d = new Draft();
        d.dateText = "";
        if (!date.isBlank()) {
            Draft read = read(date, today, templates);
            d.date = read.date;
            d.weekday = read.weekday;
            d.dateText = onlyDate(read) ? read.dateText : date.strip();
        }
        if (!time.isBlank()) {
            Draft read = read(time, today, templates);
            d.time = read.time;
            d.badTime = read.time == null || !read.dateText.isEmpty() ? time.strip() : null;
        }
        if (!count.isBlank()) {
            d.count = number(count, COUNT).orElse(-1);
        }
        if (!interval.isBlank()) {
            d.interval = number(interval, INTERVAL).orElse(-1);
        }
        if (!length.isBlank()) {
            d.length = TimeInput.parseLength(length).orElse(Duration.ZERO);
        }
        if (!zone.isBlank()) {
            d.zone = ZoneInput.parse(zone).orElse(null);
            d.badZone = d.zone == null ? zone.strip() : null;
        }
        d.template = template.isBlank() ? null : template.strip().toLowerCase(Locale.ROOT);
        return d;
    }

    /** A date field read by the command's reader found a date or weekday and nothing else. */
    private static boolean onlyDate(Draft read) {
        return read.time == null && read.badTime == null && read.count == null && read.interval == null && read.length == null
                && read.zone == null && read.badZone == null && read.template == null;
    }

    /**
     * One answer of the plan form, checked on its own as soon as it is given: what is wrong with
     * it, or empty. It is read as {@link #fromForm} reads it and checked by {@link #complete}'s
     * own rules for that part, so a field that passes here is never refused for itself later
     * (a plan can still be refused for a combination, such as more sessions than the template has).
     *
     * @param zone the circle's time zone (the form's own zone field may still change it)
     */
    static Optional<Problem> field(String id, String answer, Instant now, ZoneId zone, TemplateLibrary templates) {
        LocalDate today = LocalDate.ofInstant(now, zone);
        String blank = "";
        Draft d = switch (id) {
            case "date" -> fromForm(answer, blank, blank, blank, blank, blank, blank, today, templates);
            case "time" -> fromForm(blank, answer, blank, blank, blank, blank, blank, today, templates);
            case "count" -> fromForm(blank, blank, answer, blank, blank, blank, blank, today, templates);
            case "interval" -> fromForm(blank, blank, blank, answer, blank, blank, blank, today, templates);
            case "length" -> fromForm(blank, blank, blank, blank, answer, blank, blank, today, templates);
            case "zone" -> fromForm(blank, blank, blank, blank, blank, answer, blank, today, templates);
            case "template" -> fromForm(blank, blank, blank, blank, blank, blank, answer, today, templates);
            default -> null;
        };
        if (d == null) {
            return Optional.empty();
        }
        // the parts not asked here get values that pass, so that only this part can be wrong
        boolean dateAsked = id.equals("date");
        if (!dateAsked) {
            d.date = new DateInput.Valid(today.plusDays(1));
        }
        if (!id.equals("time")) {
            d.time = LocalTime.of(23, 59);
        }
        if (!id.equals("template")) {
            d.template = templates.fallback().id();
        }
        if (!id.equals("count")) {
            d.count = 1;
        }
        Result checked = complete(d, now, zone, templates);
        if (checked.problem() == null) {
            return Optional.empty();
        }
        String key = checked.problem().key();
        if ((!dateAsked && key.equals("plan.timeInPast")) || key.equals("plan.tooManyForTemplate")) {
            return Optional.empty(); // wrong only together with another answer: the whole form says so
        }
        return Optional.of(checked.problem());
    }

    /** The form field to change for a problem of the whole plan. */
    static String fieldOf(Problem problem) {
        return switch (problem.key()) {
            case "plan.badZone" -> "zone";
            case "plan.badTime", "plan.noTime", "plan.timeInPast" -> "time";
            case "plan.badCount", "plan.tooManyForTemplate" -> "count";
            case "plan.badInterval" -> "interval";
            case "plan.badLength" -> "length";
            case "plan.unknownTemplate" -> "template";
            default -> "date";
        };
    }

    /** "6", or a text the pattern reads a number from ("6 weken", "6x"). */
    private static Optional<Integer> number(String text, Pattern pattern) {
        String t = text.strip();
        if (t.matches("\\d{1,3}")) {
            return Optional.of(Integer.parseInt(t));
        }
        Matcher m = pattern.matcher(t);
        if (!m.matches()) {
            return Optional.empty();
        }
        String n = m.group(1) != null ? m.group(1) : m.groupCount() > 1 ? m.group(2) : null;
        return Optional.of(n == null ? 1 : Integer.parseInt(n));
    }

    /**
     * Checks a draft and fills in the defaults.
     *
     * @param zone the circle's time zone, used when the draft names none
     */
    static Result complete(Draft d, Instant now, ZoneId zone, TemplateLibrary templates) {
        if (d.badZone != null) {
            return Result.wrong("plan.badZone", d.badZone);
        }
        if (d.dateText != null && !d.dateText.isEmpty()) {
            return Result.wrong("plan.notUnderstood", d.dateText);
        }
        if (d.badTime != null) {
            return Result.wrong("plan.badTime", d.badTime);
        }
        ZoneId z = d.zone != null ? d.zone : zone;
        LocalDate today = LocalDate.ofInstant(now, z);
        Optional<LocalDate> date = date(d, today);
        if (d.date instanceof DateInput.NoSuchDay noSuchDay) {
            return Result.wrong("date.noSuchDay", noSuchDay.text());
        }
        if (date.isEmpty()) {
            return Result.wrong("plan.noDate");
        }
        if (d.weekday != null && d.date != null && date.get().getDayOfWeek() != d.weekday) {
            return Result.wrong("plan.wrongWeekday", date.get(), d.weekday);
        }
        if (d.time == null) {
            return Result.wrong("plan.noTime");
        }
        int count = d.count == null ? 6 : d.count;
        int interval = d.interval == null ? 6 : d.interval;
        Duration length = d.length == null ? Duration.ofHours(2) : d.length;
        if (count < 1 || count > MAX_SESSIONS) {
            return Result.wrong("plan.badCount", MAX_SESSIONS);
        }
        if (interval < 1 || interval > MAX_INTERVAL_WEEKS) {
            return Result.wrong("plan.badInterval", MAX_INTERVAL_WEEKS);
        }
        if (length.compareTo(SHORTEST) < 0 || length.compareTo(LONGEST) > 0) {
            return Result.wrong("plan.badLength");
        }
        String templateId = d.template == null ? templates.fallback().id() : d.template;
        Optional<SessionTemplate> template = templates.find(templateId);
        if (template.isEmpty()) {
            return Result.wrong("plan.unknownTemplate", templateId, String.join(", ", templates.ids()));
        }
        if (count > template.get().maxSessions()) {
            return Result.wrong("plan.tooManyForTemplate", templateId, template.get().maxSessions());
        }
        if (date.get().isBefore(today)) {
            return Result.wrong("date.inPast", date.get());
        }
        if (!ZonedDateTime.of(date.get(), d.time, z).toInstant().isAfter(now)) {
            return Result.wrong("plan.timeInPast", d.time);
        }
        return Result.of(new PlanRequest(date.get(), d.time, count, interval, length, z, templateId));
    }

    private static Optional<LocalDate> date(Draft d, LocalDate today) {
        if (d.date instanceof DateInput.Valid valid) {
            return Optional.of(valid.date());
        }
        return d.date == null && d.weekday != null ? Optional.of(DateInput.next(d.weekday, today)) : Optional.empty();
    }

    /** The plan read from text, checked, with defaults; "morgen" is tomorrow in the plan's own time zone. */
    static Result parse(String text, Instant now, ZoneId zone, TemplateLibrary templates) {
        Draft d = read(text, LocalDate.ofInstant(now, zone), templates);
        if (d.zone != null && !d.zone.equals(zone)) {
            d = read(text, LocalDate.ofInstant(now, d.zone), templates);
        }
        return complete(d, now, zone, templates);
    }
}
