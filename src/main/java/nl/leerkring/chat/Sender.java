package nl.leerkring.chat;

import java.util.Optional;

/**
 * Sends one outgoing message through a platform. Implementations must not throw for platform
 * errors: they answer with a {@link SendResult} so the delivery worker can retry or give up.
 *
 * @param threadRef the platform's id of the message to thread under, or null
 */
public interface Sender {
    SendResult send(OutgoingMessage message, String threadRef);

    /**
     * The same, for the outbox row {@code deliveryId}: a platform that can carry that id with the
     * message does, so that {@link #earlierSend} can find it again.
     */
    default SendResult send(OutgoingMessage message, String threadRef, long deliveryId) {
        return send(message, threadRef);
    }

    /**
     * A send of this row was cut off (the process that held it died before noting the outcome):
     * did it reach the platform? {@link SendResult.Sent} with the reference of the message found,
     * {@link SendResult.RetryLater} when the platform could not be asked now, and empty when it
     * is not there (or the platform cannot tell), so it is sent.
     */
    default Optional<SendResult> earlierSend(OutgoingMessage message, String threadRef, long deliveryId) {
        return Optional.empty();
    }

    /**
     * Whether messages in this conversation can have replies under them. Where they cannot (a
     * Teams group chat), a message "in a thread" is posted as a new message in the conversation,
     * and the core words it so ("answer here in the chat").
     */
    default boolean hasThreads(Address conversation) {
        return true;
    }

    /**
     * Changes a message sent earlier (the platform gave it {@code ref}) to show {@code message}
     * instead ({@link OutgoingMessage#replaces()}): its buttons are spent. A platform that cannot
     * change a sent message answers {@link SendResult.Sent} and leaves it as it is.
     */
    default SendResult replace(OutgoingMessage message, String ref) {
        return new SendResult.Sent(ref);
    }
}
