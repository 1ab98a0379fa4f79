package nl.leerkring.core.reminder;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import nl.leerkring.core.circle.Circle;
import nl.leerkring.core.i18n.Texts;
import nl.leerkring.core.time.WorkingHours;
import org.jdbi.v3.core.Handle;

/** When members may be reminded, and how a moment is written out to them. */
public interface MemberTime {

    /** A member's own time zone, otherwise the circle's. */
    ZoneId zoneOf(Handle handle, Circle circle, String userId);

    /** How many days before a due moment reminders go out (7 and 1). */
    List<Integer> reminderDays();

    /** When members may be reminded, in their own time zone. */
    WorkingHours hours();

    /** "dinsdag 12 januari 2027, 19:30", in the language of the texts. */
    String dateTimeText(Texts texts, Instant at, ZoneId zone);
}
