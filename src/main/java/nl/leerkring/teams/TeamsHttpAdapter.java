package nl.leerkring.teams;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.bot.connector.ConnectorClient;
import com.microsoft.bot.connector.authentication.AppCredentials;
import com.microsoft.bot.connector.rest.RestConnectorClient;
import com.microsoft.bot.integration.BotFrameworkHttpAdapter;
import com.microsoft.bot.integration.Configuration;
import com.microsoft.bot.restclient.serializer.JacksonAdapter;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;

/**
 * The SDK's HTTP adapter, plus two things it leaves out.
 *
 * <ul>
 *   <li>{@code BotFrameworkHttpAdapter(Configuration)} never reads {@code MicrosoftAppTenantId}
 *       (its {@code buildAppCredentials} passes a null tenant), so a single-tenant bot would ask
 *       the multi-tenant authority for its outgoing tokens.</li>
 *   <li>Its connector clients are OkHttp clients with OkHttp's defaults: at most 5 requests under
 *       way to one host and 5 idle connections kept. Every Teams conversation of a region has
 *       the same {@code serviceUrl} host, so the delivery worker's threads would wait behind 5
 *       requests in flight, and each connection beyond 5 would be closed after its request (a new
 *       TLS handshake for the next). Here every connector client shares one {@link Dispatcher}
 *       and one {@link ConnectionPool} sized for {@link #CONCURRENT_REQUESTS}; a client is made
 *       once per service URL, app id and scope, and keeps its credentials and with them the
 *       token they cache.</li>
 *   <li>Its connector clients write and read JSON through the SDK's flattening serializer
 *       ({@link ConnectorJson}); here through the same settings without it.</li>
 * </ul>
 */
final class TeamsHttpAdapter extends BotFrameworkHttpAdapter implements AutoCloseable {

    /**
     * Requests under way to one Bot Connector host at once, and connections kept open to it:
     * more than the delivery worker's threads (16 by default) plus the replies sent during turns.
     */
    static final int CONCURRENT_REQUESTS = 64;

    private final String tenantId;
    private final ExecutorService connectorThreads;
    private final Dispatcher dispatcher;
    private final ConnectionPool connections = new ConnectionPool(CONCURRENT_REQUESTS, 5, TimeUnit.MINUTES);
    private final Map<String, ConnectorClient> clients = new ConcurrentHashMap<>();

    TeamsHttpAdapter(Configuration configuration, String tenantId) {
        super(configuration);
        this.tenantId = tenantId;
        AtomicInteger n = new AtomicInteger();
        // OkHttp's own dispatcher threads would keep the JVM alive for a minute after close
        connectorThreads = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
            Thread t = new Thread(r, "leerkring-teams-connector-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        dispatcher = new Dispatcher(connectorThreads);
        dispatcher.setMaxRequests(CONCURRENT_REQUESTS * 2);
        dispatcher.setMaxRequestsPerHost(CONCURRENT_REQUESTS);
    }

    @Override
    protected CompletableFuture<AppCredentials> buildAppCredentials(String appId, String scope) {
        return super.buildAppCredentials(appId, scope).thenApply(credentials -> {
            if (tenantId != null && !tenantId.isBlank()) {
                credentials.setChannelAuthTenant(tenantId);
            }
            return credentials;
        });
    }

    /**
     * The connector client for this service URL and these credentials, made on first use as the
     * SDK makes it, but on the shared dispatcher and connection pool. Without credentials (an
     * unauthenticated turn) the SDK's own client.
     */
    @Override
    protected CompletableFuture<ConnectorClient> getOrCreateConnectorClient(String serviceUrl, AppCredentials credentials) {
        if (credentials == null) {
            return super.getOrCreateConnectorClient(serviceUrl, null);
        }
        String key = keyForConnectorClient(serviceUrl, credentials.getAppId(), credentials.oAuthScope());
        try {
            ConnectorClient client = clients.get(key);
            if (client == null) {
                String baseUrl = new URI(serviceUrl).toURL().toString();
                client = clients.computeIfAbsent(key, k -> new RestConnectorClient(
                        RestConnectorClient.getDefaultRestClientBuilder(baseUrl, credentials)
                                .withDispatcher(dispatcher)
                                .withConnectionPool(connections)
                                .withSerializerAdapter(new ConnectorJson())
                                .build()));
            }
            return CompletableFuture.completedFuture(client);
        } catch (URISyntaxException | MalformedURLException | IllegalArgumentException | NullPointerException e) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("Invalid Service URL: " + serviceUrl, e));
        }
    }

    /**
     * The SDK's JSON settings without its flattening serializer and deserializer. Those are made
     * for Azure models whose property names contain dots, and the Bot Framework schema has none;
     * yet for every object they write (every activity, and every object in its card) they turn it
     * into a tree, copy the tree and compile two regular expressions per field name. The JSON is
     * the same: {@code TeamsCardsTest} compares it with the SDK's over whole runs.
     */
    static final class ConnectorJson extends JacksonAdapter {

        @Override
        public ObjectMapper serializer() {
            return simpleMapper();
        }
    }

    /** Ends the connector threads and closes the idle connections. */
    @Override
    public void close() {
        connectorThreads.shutdown();
        connections.evictAll();
    }
}
