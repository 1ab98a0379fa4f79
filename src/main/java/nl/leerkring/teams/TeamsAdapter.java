package nl.leerkring.teams;

import jakarta.servlet.http.HttpServlet;
import java.time.Clock;
import nl.leerkring.chat.Platform;
import java.util.Map;
import nl.leerkring.chat.Sender;
import nl.leerkring.config.Config;
import nl.leerkring.web.Door;
import nl.leerkring.core.Bot;
import nl.leerkring.core.Inbox;
import nl.leerkring.core.i18n.Texts;
import nl.leerkring.delivery.Outbox;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Teams door: {@code POST /api/messages} in, proactive Adaptive Cards out. Everything of the
 * retired Bot Framework SDK stays in this package.
 *
 * <p>With {@code MicrosoftAppId} and {@code MicrosoftAppPassword} set, the SDK checks every
 * request's token (401 otherwise). With neither set there is no {@code /api/messages} at all,
 * unless the emulator mode is switched on explicitly ({@code teams.emulator=true}): then the
 * endpoint checks no token, for the Bot Framework Emulator and tests, and answers only
 * activities whose {@code serviceUrl} resolves to this machine. One of the two credentials
 * without the other is refused at start: a half configuration must not quietly turn
 * authentication off.
 */
public final class TeamsAdapter implements Door {

    private static final Logger log = LoggerFactory.getLogger(TeamsAdapter.class);

    private final MessagesServlet servlet;
    private final TeamsSender sender;
    private final TeamsHttpAdapter adapter;

    /** @param servlet null when the endpoint is off */
    private TeamsAdapter(MessagesServlet servlet, TeamsSender sender, TeamsHttpAdapter adapter) {
        this.servlet = servlet;
        this.sender = sender;
        this.adapter = adapter;
    }

    public static TeamsAdapter create(Config config, Bot bot, Inbox inbox, Jdbi jdbi, Clock clock) {
        boolean hasId = config.find(Config.TEAMS_APP_ID).isPresent();
        boolean hasPassword = config.find(Config.TEAMS_APP_PASSWORD).isPresent();
        if (hasId != hasPassword) {
            throw new IllegalStateException("Set both " + Config.TEAMS_APP_ID + " and " + Config.TEAMS_APP_PASSWORD
                    + ", or neither (local/emulator mode without authentication)");
        }
        boolean emulator = emulator(config);
        if (hasId && emulator) {
            log.warn("{} is ignored: with {} set every Teams request is authenticated", Config.TEAMS_EMULATOR,
                    Config.TEAMS_APP_ID);
        } else if (emulator) {
            log.warn("!!! Teams EMULATOR MODE ({}=true): /api/messages runs WITHOUT authentication; anyone who reaches "
                    + "this port can post activities. Only activities whose serviceUrl resolves to this machine are "
                    + "answered. Never switch this on in production !!!", Config.TEAMS_EMULATOR);
        } else if (!hasId) {
            log.info("Teams is not configured ({}, {}): /api/messages is off", Config.TEAMS_APP_ID, Config.TEAMS_APP_PASSWORD);
        }
        TeamsHttpAdapter adapter = new TeamsHttpAdapter(new SdkConfiguration(config),
                config.find(Config.TEAMS_TENANT_ID).orElse(null));
        ConversationStore conversations = new ConversationStore(jdbi);
        Texts.addBundle("teams");
        // Teams' own words (welcome, pick list button) in the default language: a conversation
        // has no circle, and so no language, before someone starts one.
        Texts texts = Texts.of(config.get(Config.DEFAULT_LANGUAGE));
        AdaptiveCards cards = new AdaptiveCards(texts);
        TeamsSender sender = new TeamsSender(adapter, config.get(Config.TEAMS_APP_ID), conversations, cards, clock);
        TeamsBot teamsBot = new TeamsBot(bot, inbox, conversations, new CardOrigins(new Outbox(jdbi)), sender, cards, texts, clock,
                new FileConsent(bot, texts, hasId));
        MessagesServlet servlet = hasId || emulator ? new MessagesServlet(adapter, teamsBot, hasId) : null;
        return new TeamsAdapter(servlet, sender, adapter);
    }

    @Override
    public Platform platform() {
        return Platform.TEAMS;
    }

    /** The setting {@code teams.emulator}: {@code true} or {@code false} (the default). */
    static boolean emulator(Config config) {
        String value = config.get(Config.TEAMS_EMULATOR).toLowerCase(java.util.Locale.ROOT);
        return switch (value) {
            case "true" -> true;
            case "false", "" -> false;
            default -> throw new IllegalStateException("Setting " + Config.TEAMS_EMULATOR
                    + " (TEAMS_EMULATOR) must be true or false, not '" + value + "'");
        };
    }

    /**
     * {@code POST /api/messages}, when Teams is configured or the emulator mode is on; empty
     * otherwise (then nothing is mounted there).
     */
    @Override
    public Map<String, HttpServlet> endpoints() {
        return servlet == null ? Map.of() : Map.of("/api/messages", servlet);
    }

    @Override
    public Sender sender() {
        return sender;
    }

    /** After the delivery worker: it sends through the adapter's connector clients. */
    @Override
    public void close() {
        adapter.close();
    }
}
