package nl.leerkring.core.feature;

import java.time.Instant;
import nl.leerkring.chat.Address;
import org.jdbi.v3.core.Handle;

/**
 * Moments in the future at which the core wants to be called back (a step's timer, a
 * reminder). When one comes due the core receives a SCHEDULED event with the given action and
 * value, through the same path as a user's event.
 *
 * <p>A timer is set or cancelled in the transaction of the change that asks for it: it exists
 * if and only if that change commits, and it cannot fire before the change is visible. A moment
 * that passed while the server was down comes once, late.
 */
public interface Timers {

    /** Schedules (or reschedules) the moment under a unique key, as part of {@code tx}. */
    void schedule(Handle tx, String key, Instant when, Address where, String action, String value);

    /** Forgets a scheduled moment, as part of {@code tx}; unknown keys are ignored. */
    void cancel(Handle tx, String key);
}
