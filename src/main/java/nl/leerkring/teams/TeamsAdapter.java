package nl.leerkring.teams;

import jakarta.servlet.http.HttpServlet;
import java.time.Clock;
import nl.leerkring.chat.Sender;
import nl.leerkring.config.Config;
import nl.leerkring.core.Bot;
import org.jdbi.v3.core.Jdbi;

/** WORK IN PROGRESS (being written now): the Teams door. */
public final class TeamsAdapter {
    public static TeamsAdapter create(Config config, Bot bot, Jdbi jdbi, Clock clock) {
        throw new UnsupportedOperationException("in progress");
    }

    public HttpServlet servlet() {
        throw new UnsupportedOperationException("in progress");
    }

    public Sender sender() {
        throw new UnsupportedOperationException("in progress");
    }
}
