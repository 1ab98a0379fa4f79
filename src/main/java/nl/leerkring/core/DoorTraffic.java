package nl.leerkring.core;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many events the doors are writing right now, so that work which can wait gives way to
 * them. A platform gives a door a few seconds to answer (Slack three) and sends again, or shows
 * the user an error, when it is late; handling an event that is kept has no such deadline. So
 * while a burst is being acked, the inbox's handlers wait for a quiet moment, each at most
 * {@code limit} per event: the burst is acked at the doors' speed and worked off right after,
 * and a flood that never stops still sees every event handled, only slower.
 */
final class DoorTraffic {

    private final AtomicInteger writing = new AtomicInteger();
    private final Object quiet = new Object();

    /** A door starts writing an event. */
    void enter() {
        writing.incrementAndGet();
    }

    /** The door has written it (or failed to). */
    void leave() {
        if (writing.decrementAndGet() == 0) {
            synchronized (quiet) {
                quiet.notifyAll();
            }
        }
    }

    /**
     * Returns once no door is writing, or after {@code limit}, whichever comes first.
     *
     * @return true when the doors were quiet, false when the limit ran out first
     */
    boolean awaitQuiet(Duration limit) throws InterruptedException {
        if (writing.get() == 0) {
            return true;
        }
        long until = System.nanoTime() + limit.toNanos();
        synchronized (quiet) {
            while (writing.get() > 0) {
                long left = until - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                quiet.wait(Math.max(1, left / 1_000_000));
            }
        }
        return true;
    }
}
