package nl.leerkring.web;

import jakarta.servlet.http.HttpServlet;
import java.util.Optional;
import nl.leerkring.chat.Platform;
import nl.leerkring.chat.Sender;

/**
 * One platform's way in and out: the endpoint its events arrive at (translated into
 * {@code InboundEvent}s for the bot) and the sender the delivery worker uses for its replies.
 * The server mounts every door it is given the same way and closes them after the worker.
 */
public interface Door extends AutoCloseable {

    Platform platform();

    /** The HTTP path its platform posts to, such as {@code /slack/events}. */
    String path();

    /** Its endpoint; empty when the platform is switched off and only its sender remains. */
    Optional<HttpServlet> servlet();

    Sender sender();

    @Override
    default void close() {
    }
}
