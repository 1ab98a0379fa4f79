package nl.leerkring.core.feature;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import nl.leerkring.core.circle.Circle;
import nl.leerkring.core.circle.Person;
import nl.leerkring.core.command.CommandRegistry;
import org.jdbi.v3.core.Handle;

/**
 * One feature of Leerkring, the unit the bot is assembled from (as a chat-bot plugin): its
 * commands, buttons and scheduled actions, its wording, its settings, its daily work and what it
 * forgets when its retention runs out. The composition root and the test harness iterate one
 * list of features ({@code core.Features}); nothing outside a feature's folder names its classes.
 */
public interface Feature {

    /**
     * Its name: the prefix of its settings ({@code <name>.<key>}) and, unless {@link #bundle()}
     * says otherwise, the name of its text bundle ({@code i18n/<name>_nl.properties}, {@code _en}).
     */
    String name();

    /** Its text bundle; features without words of their own share {@code messages}. */
    default String bundle() {
        return name();
    }

    /** Adds its commands, choices, scheduled actions and message readers. */
    void register(CommandRegistry registry);

    /** Work on a daily timetable, run by the scheduler in the configured time zone. */
    default List<DailyWork> dailyWork() {
        return List.of();
    }

    /**
     * Deletes what its retention periods say must go, inside the nightly clean-up's transaction.
     *
     * @return how many rows of what were forgotten, for the log (such as {@code "case contributions" -> 3})
     */
    default Map<String, Integer> forgetExpired(Handle handle, Instant now) {
        return Map.of();
    }

    /**
     * Everything it holds about one person in one workspace on one platform, for
     * {@code /kring mijn gegevens}: per table, the rows as column → value (in a stable order).
     * Values the person may not see (who gave them an anonymous top: never stored) are not there.
     */
    default Map<String, List<Map<String, Object>>> export(Handle handle, Person person) {
        return Map.of();
    }

    /**
     * Forgets one person in one workspace ({@code /kring vergeet mij}): their rows and everything
     * they typed go; what stays are counts that cannot identify them. Runs in the caller's
     * transaction; timers about them are cancelled.
     *
     * @return how many rows of what were erased or emptied, for the log and the confirmation
     */
    default Map<String, Integer> erase(Handle handle, Person person) {
        return Map.of();
    }

    /** Forgets everything it holds of one circle ({@code /kring kring opheffen}), before the circle row goes. */
    default Map<String, Integer> deleteCircle(Handle handle, Circle circle) {
        return Map.of();
    }
}
