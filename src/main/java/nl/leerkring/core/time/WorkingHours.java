package nl.leerkring.core.time;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * When a member may be disturbed: from {@code start} to {@code end} on {@code days}, in the
 * member's own time zone. Reminders are moved forward into these hours, never sent outside them.
 */
public record WorkingHours(LocalTime start, LocalTime end, Set<DayOfWeek> days) {

    /** 09:00–17:00, Monday to Friday. */
    public static final WorkingHours OFFICE = new WorkingHours(LocalTime.of(9, 0), LocalTime.of(17, 0),
            EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY));

    public WorkingHours {
        if (!start.isBefore(end) || days.isEmpty()) {
            throw new IllegalArgumentException("Working hours need a start before the end and at least one day");
        }
        days = Set.copyOf(days);
    }

    /**
     * From settings: hours as {@code 09:00-17:00}, days as {@code MON-FRI} or {@code MON,TUE,THU}.
     */
    public static WorkingHours parse(String hours, String dayList) {
        String[] h = hours.strip().split("\\s*-\\s*");
        if (h.length != 2) {
            throw new IllegalArgumentException("Working hours look like 09:00-17:00, not '" + hours + "'");
        }
        EnumSet<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        for (String part : dayList.strip().toUpperCase(Locale.ROOT).split("\\s*,\\s*")) {
            String[] range = part.split("\\s*-\\s*");
            DayOfWeek from = day(range[0]);
            DayOfWeek to = range.length > 1 ? day(range[1]) : from;
            days.addAll(EnumSet.range(from, to));
        }
        return new WorkingHours(LocalTime.parse(h[0]), LocalTime.parse(h[1]), days);
    }

    private static DayOfWeek day(String abbreviation) {
        for (DayOfWeek d : DayOfWeek.values()) {
            if (d.name().startsWith(abbreviation) && abbreviation.length() >= 2) {
                return d;
            }
        }
        throw new IllegalArgumentException("Not a weekday: '" + abbreviation + "' (use MON, TUE, …)");
    }

    public boolean isWorkingDay(LocalDate date) {
        return days.contains(date.getDayOfWeek());
    }

    /** The moment itself when it falls inside working hours, otherwise the next start of them. */
    public ZonedDateTime nextOpen(ZonedDateTime at) {
        LocalDate date = at.toLocalDate();
        LocalTime time = at.toLocalTime();
        if (isWorkingDay(date) && !time.isBefore(start) && time.isBefore(end)) {
            return at;
        }
        if (isWorkingDay(date) && time.isBefore(start)) {
            return ZonedDateTime.of(date, start, at.getZone());
        }
        return startOfNextWorkingDay(date, at.getZone());
    }

    private ZonedDateTime startOfNextWorkingDay(LocalDate after, ZoneId zone) {
        LocalDate d = after.plusDays(1);
        while (!isWorkingDay(d)) {
            d = d.plusDays(1);
        }
        return ZonedDateTime.of(d, start, zone);
    }

    /** The start of working hours on the last working day before this date. */
    public ZonedDateTime startOfWorkingDayBefore(LocalDate date, ZoneId zone) {
        LocalDate d = date.minusDays(1);
        while (!isWorkingDay(d)) {
            d = d.minusDays(1);
        }
        return ZonedDateTime.of(d, start, zone);
    }

    /**
     * When to remind about something due at {@code due}, {@code daysBefore} days before it, in
     * the member's zone: the same local time that many days earlier (for a due date: the start
     * of working hours), moved forward into working hours. When that lands on or after the due
     * moment (a reminder the day before a Monday morning), the start of the working day before
     * is taken instead. Empty when even that is not after {@code now}.
     */
    public Optional<Instant> reminderMoment(Due due, int daysBefore, ZoneId zone, Instant now) {
        ZonedDateTime target = due.date() != null
                ? ZonedDateTime.of(due.date().minusDays(daysBefore), start, zone)
                : due.moment().atZone(zone).minusDays(daysBefore);
        Instant deadline = due.deadline(zone);
        ZonedDateTime moment = nextOpen(target);
        if (!moment.toInstant().isBefore(deadline)) {
            moment = startOfWorkingDayBefore(deadline.atZone(zone).toLocalDate(), zone);
        }
        return moment.toInstant().isAfter(now) ? Optional.of(moment.toInstant()) : Optional.empty();
    }

    /**
     * A message announced as {@code daysBefore} days ahead (the co-host's preparation): the same
     * local time that many days before the moment, or, outside working hours, the latest start of
     * working hours before that, never later than promised. Empty when that moment has passed.
     */
    public Optional<Instant> promisedMoment(Instant due, int daysBefore, ZoneId zone, Instant now) {
        ZonedDateTime target = due.atZone(zone).minusDays(daysBefore);
        ZonedDateTime moment;
        if (nextOpen(target).equals(target)) {
            moment = target;
        } else if (isWorkingDay(target.toLocalDate()) && !target.toLocalTime().isBefore(start)) {
            moment = ZonedDateTime.of(target.toLocalDate(), start, zone);
        } else {
            moment = startOfWorkingDayBefore(target.toLocalDate(), zone);
        }
        return moment.toInstant().isAfter(now) ? Optional.of(moment.toInstant()) : Optional.empty();
    }

    /**
     * What something is due by: a moment (a session's start) or a whole date (done by the end
     * of that day, in the reader's zone).
     */
    public record Due(Instant moment, LocalDate date) {

        public static Due at(Instant moment) {
            return new Due(moment, null);
        }

        public static Due on(LocalDate date) {
            return new Due(null, date);
        }

        /** The first moment it is late. */
        public Instant deadline(ZoneId zone) {
            return date != null ? date.plusDays(1).atStartOfDay(zone).toInstant() : moment;
        }
    }
}
