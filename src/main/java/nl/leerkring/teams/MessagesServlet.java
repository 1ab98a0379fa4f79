package nl.leerkring.teams;

import com.auth0.jwt.exceptions.JWTVerificationException;
import com.microsoft.bot.builder.InvokeResponse;
import com.microsoft.bot.connector.authentication.AuthenticationException;
import com.microsoft.bot.integration.BotFrameworkHttpAdapter;
import com.microsoft.bot.schema.Activity;
import com.microsoft.bot.schema.Serialization;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/messages}: the Bot Connector's door. Parses the activity with the SDK's own
 * mapper, lets the adapter authenticate it and run {@link TeamsBot}, and answers 202 (or the
 * invoke response). The bot only writes to the database, so this returns quickly.
 */
final class MessagesServlet extends HttpServlet {

    private static final Logger log = LoggerFactory.getLogger(MessagesServlet.class);
    private static final int MAX_BODY_BYTES = 1 << 20;
    private static final long TURN_TIMEOUT_SECONDS = 30;

    private final transient BotFrameworkHttpAdapter adapter;
    private final transient TeamsBot bot;
    private final boolean authenticated;

    /**
     * @param authenticated false in local/emulator mode: then only a connector on this machine
     *     is answered, so that an open endpoint cannot make the bot post to any server it is told
     */
    MessagesServlet(BotFrameworkHttpAdapter adapter, TeamsBot bot, boolean authenticated) {
        this.adapter = adapter;
        this.bot = bot;
        this.authenticated = authenticated;
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        byte[] body;
        try (InputStream in = req.getInputStream()) {
            body = in.readNBytes(MAX_BODY_BYTES + 1);
        }
        if (body.length > MAX_BODY_BYTES) {
            resp.sendError(HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE);
            return;
        }
        Activity activity;
        try {
            activity = Serialization.safeGetAs(Serialization.jsonToTree(new String(body, StandardCharsets.UTF_8)), Activity.class);
        } catch (IOException | IllegalArgumentException e) {
            resp.sendError(HttpServletResponse.SC_BAD_REQUEST, "Not a JSON activity");
            return;
        }
        if (activity == null || activity.getType() == null) {
            resp.sendError(HttpServletResponse.SC_BAD_REQUEST, "Not an activity");
            return;
        }
        String problem = problem(activity);
        if (problem != null) {
            log.warn("Teams activity refused (400): {}", problem);
            resp.sendError(HttpServletResponse.SC_BAD_REQUEST, "Not an activity");
            return;
        }
        if (!authenticated && !isLoopback(activity.getServiceUrl())) {
            log.warn("Teams activity refused in emulator mode: serviceUrl {} is not on this machine", activity.getServiceUrl());
            resp.sendError(HttpServletResponse.SC_FORBIDDEN,
                    "Without MicrosoftAppId/MicrosoftAppPassword only a local connector (emulator) is answered");
            return;
        }
        // BotAdapter.runPipeline makes an activity's locale the JVM-wide default
        // (Locale.setDefault): one "tr-TR" message would change toLowerCase() everywhere.
        activity.setLocale(null);

        InvokeResponse invoke;
        try {
            invoke = adapter.processIncomingActivity(req.getHeader("Authorization"), activity, bot)
                    .get(TURN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException | RuntimeException e) {
            failed(e, resp);
            return;
        } catch (TimeoutException e) {
            log.error("Teams activity {} took longer than {} s", activity.getId(), TURN_TIMEOUT_SECONDS);
            resp.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            resp.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
            return;
        }
        if (invoke == null) {
            resp.setStatus(HttpServletResponse.SC_ACCEPTED);
            return;
        }
        resp.setStatus(invoke.getStatus());
        if (invoke.getBody() != null) {
            resp.setContentType("application/json");
            resp.setCharacterEncoding("UTF-8");
            resp.getWriter().write(Serialization.toString(invoke.getBody()));
        }
    }

    /**
     * What is missing or too long in an activity for the bot to take it, or null. The limits
     * are the columns the ids end up in ({@code teams_conversation}, {@code circle},
     * {@code circle_member}, {@code inbound_event.event_key}).
     */
    static String problem(Activity activity) {
        if (activity.getType().length() > 64) {
            return "type is longer than 64";
        }
        if (activity.getId() == null || activity.getId().isEmpty() || activity.getId().length() > 128) {
            return "id is missing or longer than 128";
        }
        if (activity.getServiceUrl() == null || activity.getServiceUrl().length() > 512) {
            return "serviceUrl is missing or longer than 512";
        }
        if (activity.getConversation() == null || activity.getConversation().getId() == null
                || activity.getConversation().getId().isEmpty() || activity.getConversation().getId().length() > 255) {
            return "conversation.id is missing or longer than 255";
        }
        if (activity.getFrom() == null || activity.getFrom().getId() == null || activity.getFrom().getId().isEmpty()
                || activity.getFrom().getId().length() > 128) {
            return "from.id is missing or longer than 128";
        }
        if (activity.getRecipient() != null && activity.getRecipient().getId() != null
                && activity.getRecipient().getId().length() > 128) {
            return "recipient.id is longer than 128";
        }
        if (ActivityMapper.tenantOf(activity).length() > 64) {
            return "tenant is longer than 64";
        }
        return null;
    }

    /**
     * True when the URL is http(s) and its host resolves to loopback addresses only. The host is
     * resolved, not read: {@code 127.attacker.example} is a name like any other, and a name
     * that resolves to no address or to one elsewhere is not this machine.
     */
    static boolean isLoopback(String serviceUrl) {
        if (serviceUrl == null) {
            return false;
        }
        try {
            URI uri = new URI(serviceUrl);
            String scheme = uri.getScheme();
            String host = uri.getHost();
            if (host == null || scheme == null
                    || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
                return false;
            }
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            InetAddress[] addresses = InetAddress.getAllByName(host);
            return addresses.length > 0 && Arrays.stream(addresses).allMatch(InetAddress::isLoopbackAddress);
        } catch (URISyntaxException | UnknownHostException | RuntimeException e) {
            return false;
        }
    }

    private static void failed(Exception e, HttpServletResponse resp) throws IOException {
        if (isAuthenticationFailure(e)) {
            log.info("Teams request refused: not authenticated ({})", e.toString());
            resp.sendError(HttpServletResponse.SC_UNAUTHORIZED);
            return;
        }
        String errorId = UUID.randomUUID().toString().substring(0, 8);
        log.error("[{}] Teams activity failed", errorId, e);
        resp.sendError(HttpServletResponse.SC_INTERNAL_SERVER_ERROR, "error " + errorId);
    }

    /**
     * True for any authentication failure. Most come as {@link AuthenticationException} inside
     * the future, but a token that is not a JWT at all makes {@code JwtTokenValidation} throw
     * auth0's {@code JWTDecodeException} synchronously, out of {@code processIncomingActivity}.
     */
    static boolean isAuthenticationFailure(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof AuthenticationException || c instanceof JWTVerificationException) {
                return true;
            }
        }
        return false;
    }
}
