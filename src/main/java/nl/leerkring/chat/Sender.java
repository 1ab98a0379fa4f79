package nl.leerkring.chat;

/**
 * Sends one outgoing message through a platform. Implementations must not throw for platform
 * errors: they answer with a {@link SendResult} so the delivery worker can retry or give up.
 *
 * @param threadRef the platform's id of the message to thread under, or null
 */
public interface Sender {
    SendResult send(OutgoingMessage message, String threadRef);
}
