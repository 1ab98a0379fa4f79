package nl.leerkring.core.feature;

import java.time.Instant;
import nl.leerkring.chat.Address;

/**
 * Moments in the future at which the core wants to be called back (a step's timer, a
 * reminder). When one comes due the core receives a SCHEDULED event with the given action and
 * value, through the same path as a user's event. Implemented with Quartz's persistent store:
 * a moment that passed while the server was down comes once, late.
 */
public interface Timers {

    /** Schedules (or reschedules) the moment under a unique key. */
    void schedule(String key, Instant when, Address where, String action, String value);

    /** Forgets a scheduled moment; unknown keys are ignored. */
    void cancel(String key);
}
