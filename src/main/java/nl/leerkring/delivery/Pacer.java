package nl.leerkring.delivery;

import java.time.Duration;
import nl.leerkring.chat.Address;

/** Keeps sends to a platform within its rate limits, per conversation and per workspace. */
public interface Pacer {

    /**
     * Takes a permit to send one message to {@code to} now: {@link Duration#ZERO} when taken,
     * otherwise how long to wait before asking again (nothing is taken then). Never blocks.
     */
    Duration take(Address to);

    /** No pacing at all (the console; tests of ordering and retries). */
    Pacer NONE = to -> Duration.ZERO;
}
