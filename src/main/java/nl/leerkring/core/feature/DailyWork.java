package nl.leerkring.core.feature;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.util.List;
import java.util.Set;
import nl.leerkring.chat.InboundEvent;
import org.jdbi.v3.core.Handle;

/**
 * A feature's work at a fixed time of day. The work reads what is due and returns one
 * scheduled event per circle; each is then handled by the bot like any event, in its own
 * transaction, and its event key makes a second run on the same day act once.
 *
 * @param name unique among all features' work (the scheduler's job name)
 * @param at the local time in the configured zone
 * @param days the days of the week it runs on
 */
public record DailyWork(String name, LocalTime at, Set<DayOfWeek> days, Work work) {

    public static final Set<DayOfWeek> WORKING_DAYS = Set.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY,
            DayOfWeek.THURSDAY, DayOfWeek.FRIDAY);

    @FunctionalInterface
    public interface Work {
        List<InboundEvent> due(Handle handle, Instant now);
    }
}
