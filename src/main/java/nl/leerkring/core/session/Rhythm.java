package nl.leerkring.core.session;

import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import nl.leerkring.core.time.WorkingHours;

/**
 * The settings of a circle's rhythm that are the same for every circle.
 *
 * @param defaultZone a circle's time zone until its plan names another
 * @param reminderDays how many days before a due moment reminders go out (7 and 1)
 * @param prepDays how many days before a session its co-host hears what to prepare
 * @param hours when members may be reminded, in their own time zone
 */
public record Rhythm(ZoneId defaultZone, List<Integer> reminderDays, int prepDays, WorkingHours hours) {

    public Rhythm {
        reminderDays = reminderDays.stream().distinct().sorted((a, b) -> b - a).toList();
        if (reminderDays.stream().anyMatch(d -> d < 0 || d > 60) || prepDays < 0 || prepDays > 60) {
            throw new IllegalArgumentException("Reminder and preparation days are between 0 and 60");
        }
    }

    /** Europe/Amsterdam, 7 and 1 days, 3 days, 09:00–17:00 Monday to Friday. */
    public static Rhythm defaults() {
        return new Rhythm(ZoneId.of("Europe/Amsterdam"), List.of(7, 1), 3, WorkingHours.OFFICE);
    }

    /** From settings: {@code reminderDays} as {@code 7,1}. */
    public static Rhythm of(ZoneId defaultZone, String reminderDays, int prepDays, WorkingHours hours) {
        List<Integer> days = Arrays.stream(reminderDays.split("\\s*,\\s*")).filter(s -> !s.isBlank())
                .map(String::strip).map(Integer::valueOf).toList();
        return new Rhythm(defaultZone, days, prepDays, hours);
    }
}
