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
     * A turn to send one message to {@code to}: now, or after a wait. Where the platform has a
     * narrow limit (a conversation's) and a wide one (a workspace's), a message the wide limit
     * holds back may be given a turn of its own later on: the permits are taken now, for then
     * ({@link Turn#kept()}), and the message is sent then without asking again. So a backlog that
     * a workspace's limit holds back waits in line, each message once, instead of all of them
     * asking again every time a permit comes free. Never blocks.
     */
    default Turn turn(Address to) {
        Duration wait = take(to);
        return wait.isZero() ? Turn.NOW : new Turn(wait, false);
    }

    /**
     * When a message may be sent: after {@code after} (zero: now); {@code kept}: the permits for
     * then are already taken, so the message is sent then without asking again.
     */
    record Turn(Duration after, boolean kept) {
        public static final Turn NOW = new Turn(Duration.ZERO, false);

        public boolean now() {
            return after.isZero();
        }
    }

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
