package nl.leerkring.chat;

import java.time.Duration;

/** The outcome of handing one message to a platform. */
public sealed interface SendResult {

    /** Delivered; {@code ref} is the platform's id of the message (Slack ts, Teams activity id). */
    record Sent(String ref) implements SendResult {
    }

    /** Not delivered now because of an error worth trying again (5xx, network); {@code after} is the platform's wish or null. */
    record RetryLater(Duration after, String reason) implements SendResult {
    }

    /**
     * The platform asks to slow down (HTTP 429): not delivered, not a failure. The conversation
     * pauses for {@code after} (its Retry-After; null when it gave none) and this never counts as
     * an attempt.
     */
    record RateLimited(Duration after, String reason) implements SendResult {
    }

    /**
     * The request went out but no answer came back in time: the platform may or may not have
     * posted it. Sending again could post it twice, so it is not retried.
     */
    record MaybeSent(String reason) implements SendResult {
    }

    /** Will never be delivered as it is (unknown channel, revoked token): do not retry. */
    record Failed(String reason) implements SendResult {
    }
}
