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
}
