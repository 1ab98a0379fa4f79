package nl.leerkring.testing;

import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Bounded polling for things that happen on another thread (the delivery worker, Jetty, Quartz):
 * the one wait every test helper uses, so that a slow machine is given the same time everywhere.
 */
public final class Await {

    /** How long a test waits for what another thread does, unless it says otherwise. */
    public static final Duration WAIT = Duration.ofSeconds(15);

    private static final long POLL_MILLIS = 25;

    private Await() {
    }

    /** Polls until {@code found} gives a value, and returns it; fails with {@code why} after the timeout. */
    public static <T> T until(Supplier<Optional<T>> found, Duration timeout, Supplier<String> why) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<T> value = found.get();
            if (value.isPresent()) {
                return value.get();
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Waited " + timeout.toMillis() + " ms: " + why.get());
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("Interrupted while waiting: " + why.get(), e);
            }
        }
    }

    /** The same, waiting at most {@link #WAIT}. */
    public static <T> T until(Supplier<Optional<T>> found, Supplier<String> why) {
        return until(found, WAIT, why);
    }

    public static void until(BooleanSupplier condition, Duration timeout, Supplier<String> why) {
        until(() -> condition.getAsBoolean() ? Optional.of(Boolean.TRUE) : Optional.empty(), timeout, why);
    }

    /** Polls until {@code condition} holds, at most {@link #WAIT}; fails with {@code why}. */
    public static void until(BooleanSupplier condition, Supplier<String> why) {
        until(condition, WAIT, why);
    }

    /**
     * Waits until the app has handled every event its doors kept: a door answers once the event
     * is in the inbox, and a test that looks at what the event changed looks after this. A
     * database that cannot be asked has nothing handled either; then this returns at once.
     */
    public static void handled(nl.leerkring.Leerkring app) {
        nl.leerkring.core.Inbox inbox = app.inbox();
        if (inbox == null) {
            return;
        }
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            long waiting;
            try {
                waiting = inbox.waiting();
            } catch (RuntimeException e) {
                return;
            }
            if (waiting == 0) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Waited " + WAIT.toMillis() + " ms: " + waiting + " event(s) still in the inbox");
            }
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("Interrupted while waiting for the inbox", e);
            }
        }
    }
}
