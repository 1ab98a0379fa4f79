package nl.leerkring.web;

import jakarta.servlet.http.HttpServlet;
import java.util.Map;
import nl.leerkring.chat.Platform;
import nl.leerkring.chat.Sender;

/**
 * One platform's way in and out: where its events arrive (HTTP endpoints, or the terminal's
 * lines), translated into {@code InboundEvent}s for the bot, and the sender the delivery worker
 * uses for its replies. Leerkring opens every door the same way and closes them after the worker.
 */
public interface Door extends AutoCloseable {

    Platform platform();

    /** Its HTTP endpoints by path ({@code /slack/events}); none for the terminal, or for a platform switched off. */
    default Map<String, HttpServlet> endpoints() {
        return Map.of();
    }

    Sender sender();

    @Override
    default void close() {
    }
}
