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

    /**
     * How long the next message to the same conversation waits after the platform answered one.
     * A platform that counts its limit by when posts arrive gets its gap from the answer, which
     * comes after the arrival, whatever delayed the post on its way.
     */
    default Duration gapAfterAnswer(Address to) {
        return Duration.ZERO;
    }

    /** No pacing at all (the console; tests of ordering and retries). */
    Pacer NONE = to -> Duration.ZERO;
}
