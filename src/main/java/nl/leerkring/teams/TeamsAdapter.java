package nl.leerkring.teams;

import jakarta.servlet.http.HttpServlet;
import java.time.Clock;
import nl.leerkring.chat.Platform;
import nl.leerkring.chat.Sender;
import nl.leerkring.config.Config;
import nl.leerkring.web.Door;
import nl.leerkring.core.Bot;
import nl.leerkring.delivery.Outbox;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Teams door: {@code POST /api/messages} in, proactive Adaptive Cards out. Everything of the
 * retired Bot Framework SDK stays in this package.
 *
 * <p>With {@code MicrosoftAppId} and {@code MicrosoftAppPassword} set, the SDK checks every
 * request's token (401 otherwise); with neither set it checks nothing, for the Bot Framework
 * Emulator and tests. One without the other is refused at start: a half configuration must not
 * quietly turn authentication off.
 */
public final class TeamsAdapter implements Door {

    private static final Logger log = LoggerFactory.getLogger(TeamsAdapter.class);

    private final MessagesServlet servlet;
    private final TeamsSender sender;

    private TeamsAdapter(MessagesServlet servlet, TeamsSender sender) {
        this.servlet = servlet;
        this.sender = sender;
    }

    public static TeamsAdapter create(Config config, Bot bot, Jdbi jdbi, Clock clock) {
        boolean hasId = config.find(Config.TEAMS_APP_ID).isPresent();
        boolean hasPassword = config.find(Config.TEAMS_APP_PASSWORD).isPresent();
        if (hasId != hasPassword) {
            throw new IllegalStateException("Set both " + Config.TEAMS_APP_ID + " and " + Config.TEAMS_APP_PASSWORD
                    + ", or neither (local/emulator mode without authentication)");
        }
        if (!hasId) {
            log.warn("Teams endpoint runs WITHOUT authentication (MicrosoftAppId/MicrosoftAppPassword not set): "
                    + "local/emulator mode only; activities whose serviceUrl is not on this machine are refused");
        }
        TeamsHttpAdapter adapter = new TeamsHttpAdapter(new SdkConfiguration(config),
                config.find(Config.TEAMS_TENANT_ID).orElse(null));
        ConversationStore conversations = new ConversationStore(jdbi);
        TeamsBot teamsBot = new TeamsBot(bot, conversations, new CardOrigins(new Outbox(jdbi)), clock);
        return new TeamsAdapter(new MessagesServlet(adapter, teamsBot, hasId),
                new TeamsSender(adapter, config.get(Config.TEAMS_APP_ID), conversations, clock));
    }

    @Override
    public Platform platform() {
        return Platform.TEAMS;
    }

    @Override
    public String path() {
        return "/api/messages";
    }

    @Override
    public HttpServlet servlet() {
        return servlet;
    }

    @Override
    public Sender sender() {
        return sender;
    }
}
