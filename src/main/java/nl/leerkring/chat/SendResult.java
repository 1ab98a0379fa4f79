package nl.leerkring.chat;

import java.time.Duration;

/** The outcome of handing one message to a platform. */
public sealed interface SendResult {

    /** Delivered; {@code ref} is the platform's id of the message (Slack ts, Teams activity id). */
    record Sent(String ref) implements SendResult {
    }

    /** Not delivered now, worth trying again; {@code after} is the platform's wish (429 Retry-After) or null. */
    record RetryLater(Duration after, String reason) implements SendResult {
    }

    /** Will never be delivered as it is (unknown channel, revoked token): do not retry. */
    record Failed(String reason) implements SendResult {
    }
}
