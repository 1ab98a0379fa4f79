package nl.leerkring.core;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * How busy the doors are, so that work which can wait gives way to them. A platform gives a
 * door a few seconds to answer (Slack three) and sends again, or shows the user an error, when
 * it is late; handling an event that is kept has no such deadline. So while a burst is being
 * acked, the inbox's handlers wait for a quiet moment, each at most {@code limit} per event: the
 * burst is acked at the doors' speed and worked off right after, and a flood that never stops
 * still sees every event handled, only slower.
 *
 * <p>Quiet means no door is writing and no two doors began within {@link #BURST} of each other
 * lately. The count alone is not enough: the requests of one moment share a commit and leave
 * together, so under a flood the count touches zero after every commit, a fraction of a
 * millisecond before the next requests enter. One request on its own (a button press) is not a
 * burst: its event is handled as soon as it is written.
 */
final class DoorTraffic {

    /** Two doors beginning within this of each other are a burst; it ends this long after. */
    static final Duration BURST = Duration.ofMillis(10);

    private final LongSupplier nanos;
    private final AtomicInteger writing = new AtomicInteger();
    /** When the latest door began, on {@code nanos}. */
    private final AtomicLong lastEntered = new AtomicLong(Long.MIN_VALUE / 2);
    /** When a burst was last seen, as two doors beginning within {@link #BURST}. */
    private volatile long lastBurst = Long.MIN_VALUE / 2;
    private final Object quiet = new Object();

    DoorTraffic() {
        this(System::nanoTime);
    }

    /** @param nanos a monotonic clock in nanoseconds (tests: one they move themselves) */
    DoorTraffic(LongSupplier nanos) {
        this.nanos = nanos;
    }

    /** A door starts writing an event. */
    void enter() {
        writing.incrementAndGet();
        long now = nanos.getAsLong();
        if (now - lastEntered.getAndSet(now) < BURST.toNanos()) {
            lastBurst = now;
        }
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
     * Returns once the doors are quiet, or after {@code limit}, whichever comes first.
     *
     * @return true when the doors were quiet, false when the limit ran out first
     */
    boolean awaitQuiet(Duration limit) throws InterruptedException {
        long until = nanos.getAsLong() + limit.toNanos();
        synchronized (quiet) {
            while (true) {
                long now = nanos.getAsLong();
                long burstEnds = lastBurst + BURST.toNanos();
                if (writing.get() == 0 && now - burstEnds >= 0) {
                    return true;
                }
                long left = until - now;
                if (left <= 0) {
                    return false;
                }
                // a writing door wakes us when it leaves; a burst's end is waited for
                long waitNanos = writing.get() > 0 ? left : Math.min(left, burstEnds - now);
                quiet.wait(Math.max(1, waitNanos / 1_000_000));
            }
        }
    }
}
