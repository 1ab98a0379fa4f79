package nl.leerkring.web;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.io.Connection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At most {@code max} open connections from one client address: a connection beyond it is
 * closed the moment it opens, before a byte of it is read. Jetty 12.1 limits connections in
 * total ({@code NetworkConnectionLimit}), requests per address ({@code ThreadLimitHandler}) and
 * the request rate per address ({@code DoSHandler}), but not connections per address; this
 * listener, a bean of the connector, is added by Jetty to every connection it opens.
 *
 * <p>The address is the TCP peer's: behind a reverse proxy every client is the proxy, so raise
 * the limit there (or switch it off with 0).
 */
final class ConnectionsPerClient implements Connection.Listener {

    private static final Logger log = LoggerFactory.getLogger(ConnectionsPerClient.class);

    private final int max;
    private final ConcurrentHashMap<InetAddress, Integer> open = new ConcurrentHashMap<>();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong lastLogged = new AtomicLong();

    ConnectionsPerClient(int max) {
        this.max = max;
    }

    @Override
    public void onOpened(Connection connection) {
        InetAddress client = addressOf(connection);
        if (client == null) {
            return;
        }
        int count = open.merge(client, 1, Integer::sum);
        if (count > max) {
            long n = refused.incrementAndGet();
            long now = System.nanoTime();
            long last = lastLogged.get();
            if (now - last > 60_000_000_000L && lastLogged.compareAndSet(last, now)) {
                log.warn("Refused a connection from {}: it has {} open, the limit is {} ({} refused so far)",
                        client.getHostAddress(), count - 1, max, n);
            }
            connection.getEndPoint().close();
        }
    }

    @Override
    public void onClosed(Connection connection) {
        InetAddress client = addressOf(connection);
        if (client != null) {
            open.computeIfPresent(client, (address, count) -> count <= 1 ? null : count - 1);
        }
    }

    /** How many connections of one address are open now (refused ones count until they are closed). */
    int openFrom(InetAddress client) {
        return open.getOrDefault(client, 0);
    }

    /** How many connections were refused since the start. */
    long refused() {
        return refused.get();
    }

    private static InetAddress addressOf(Connection connection) {
        SocketAddress remote = connection.getEndPoint() == null ? null : connection.getEndPoint().getRemoteSocketAddress();
        return remote instanceof InetSocketAddress inet ? inet.getAddress() : null;
    }
}
