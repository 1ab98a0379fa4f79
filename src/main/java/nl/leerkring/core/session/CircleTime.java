package nl.leerkring.core.session;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import nl.leerkring.core.command.Turn;
import nl.leerkring.core.circle.Circle;
import nl.leerkring.core.i18n.Texts;
import nl.leerkring.core.reminder.MemberTime;
import nl.leerkring.core.time.WorkingHours;
import org.jdbi.v3.core.Handle;

/** The circle's and its members' time zones, and dates and times written out in the circle's language. */
final class CircleTime implements MemberTime {

    private final Rhythm rhythm;

    CircleTime(Rhythm rhythm) {
        this.rhythm = rhythm;
    }

    Rhythm rhythm() {
        return rhythm;
    }

    /** The circle's zone: set by its plan, otherwise the configured default. */
    ZoneId zone(Turn turn, Circle circle) {
        return zone(turn.handle(), circle);
    }

    ZoneId zone(Handle handle, Circle circle) {
        return new SessionStore(handle).zone(circle).orElse(rhythm.defaultZone());
    }

    /** A member's own zone, otherwise the circle's. */
    ZoneId zoneOf(Turn turn, Circle circle, String userId) {
        return zoneOf(turn.handle(), circle, userId);
    }

    @Override
    public ZoneId zoneOf(Handle handle, Circle circle, String userId) {
        return new MemberZones(handle).of(circle, userId).orElseGet(() -> zone(handle, circle));
    }

    @Override
    public List<Integer> reminderDays() {
        return rhythm.reminderDays();
    }

    @Override
    public WorkingHours hours() {
        return rhythm.hours();
    }

    @Override
    public String dateTimeText(Texts texts, Instant at, ZoneId zone) {
        return dateTime(texts, at, zone);
    }

    LocalDate today(Turn turn, ZoneId zone) {
        return LocalDate.ofInstant(turn.now(), zone);
    }

    /** "dinsdag 12 januari 2027, 19:30". */
    static String dateTime(Texts texts, Instant at, ZoneId zone) {
        return format(texts, "format.dateTime").format(at.atZone(zone));
    }

    /** "dinsdag 12 januari 2027". */
    static String date(Texts texts, LocalDate date) {
        return format(texts, "format.date").format(date);
    }

    /** "19:30". */
    static String time(Instant at, ZoneId zone) {
        return DateTimeFormatter.ofPattern("HH:mm").format(at.atZone(zone));
    }

    private static DateTimeFormatter format(Texts texts, String key) {
        return DateTimeFormatter.ofPattern(texts.get(key), Locale.forLanguageTag(texts.language()));
    }
}
