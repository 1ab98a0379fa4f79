package nl.leerkring.bench;

import com.microsoft.bot.builder.ActivityHandler;
import com.microsoft.bot.builder.InvokeResponse;
import com.microsoft.bot.builder.MessageFactory;
import com.microsoft.bot.builder.TurnContext;
import com.microsoft.bot.integration.BotFrameworkHttpAdapter;
import com.microsoft.bot.integration.Configuration;
import com.microsoft.bot.schema.Activity;
import com.microsoft.bot.schema.Serialization;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The Teams anchor: Bot Framework's echo bot (the SDK sample's {@code onMessageActivity} sending
 * {@code "Echo: " + text} back within the turn) from the same Bot Framework version as Leerkring,
 * on plain Jetty 12 ee10, as its own JVM. The servlet has the shape of Leerkring's
 * {@code /api/messages}: read the body, parse it with the SDK's mapper, run
 * {@code processIncomingActivity} and answer 202 (or the invoke response). No app id and
 * password, so the adapter checks no token, as Leerkring's {@code teams.emulator=true}.
 * The reply goes to the activity's {@code serviceUrl} before the ack: every ack is one reply
 * delivered. Prints {@code listens on port N}.
 *
 * <p>With {@code DURABLE_ROWS_URL} (a database URL) each activity is first made a durable row
 * ({@link DurableRows}, keyed by its id), as the floor of an inbox; optionally {@code DURABLE_ROWS_USER}.
 */
public final class EchoBotServer {

    private EchoBotServer() {
    }

    public static void main(String[] args) throws Exception {
        BotFrameworkHttpAdapter adapter = new BotFrameworkHttpAdapter(new NoCredentials());
        BareJetty.serve(Map.of("/api/messages", new MessagesServlet(adapter, new EchoBot(DurableRows.fromEnvironment()))));
    }

    /** The SDK sample's echo bot; with rows, each activity is a durable row before its reply. */
    static final class EchoBot extends ActivityHandler {
        private final DurableRows rows;

        EchoBot(DurableRows rows) {
            this.rows = rows;
        }

        @Override
        protected CompletableFuture<Void> onMessageActivity(TurnContext turnContext) {
            Activity activity = turnContext.getActivity();
            if (rows != null) {
                rows.write(activity.getId(), activity.getText());
            }
            return turnContext.sendActivity(MessageFactory.text("Echo: " + activity.getText()))
                    .thenApply(sendResult -> null);
        }
    }

    /** A configuration without {@code MicrosoftAppId}/{@code MicrosoftAppPassword}: authentication off. */
    static final class NoCredentials implements Configuration {
        @Override
        public String getProperty(String key) {
            return null;
        }

        @Override
        public Properties getProperties() {
            return new Properties();
        }

        @Override
        public String[] getProperties(String key) {
            return null;
        }
    }

    static final class MessagesServlet extends HttpServlet {
        private final transient BotFrameworkHttpAdapter adapter;
        private final transient ActivityHandler bot;

        MessagesServlet(BotFrameworkHttpAdapter adapter, ActivityHandler bot) {
            this.adapter = adapter;
            this.bot = bot;
        }

        @Override
        protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            byte[] body;
            try (InputStream in = req.getInputStream()) {
                body = in.readAllBytes();
            }
            Activity activity;
            try {
                activity = Serialization.safeGetAs(Serialization.jsonToTree(new String(body, StandardCharsets.UTF_8)), Activity.class);
            } catch (IOException | IllegalArgumentException e) {
                resp.sendError(HttpServletResponse.SC_BAD_REQUEST);
                return;
            }
            try {
                InvokeResponse invoke = adapter.processIncomingActivity(req.getHeader("Authorization"), activity, bot)
                        .get(30, TimeUnit.SECONDS);
                if (invoke == null) {
                    resp.setStatus(HttpServletResponse.SC_ACCEPTED);
                } else {
                    resp.setStatus(invoke.getStatus());
                }
            } catch (ExecutionException | TimeoutException | RuntimeException e) {
                resp.sendError(HttpServletResponse.SC_INTERNAL_SERVER_ERROR);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                resp.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
            }
        }
    }
}
