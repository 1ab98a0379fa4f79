package nl.leerkring.web;

import jakarta.servlet.http.HttpServlet;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.EagerContentHandler;
import org.eclipse.jetty.server.handler.SizeLimitHandler;
import org.eclipse.jetty.server.handler.ThreadLimitHandler;

/**
 * Embedded Jetty 12 (ee10) serving Leerkring's endpoints, with limits on what one client can
 * make it do:
 *
 * <ul>
 *   <li>request bodies of at most {@link #MAX_BODY_BYTES}: a larger Content-Length is answered
 *       413 before anything is read, and a body without one is cut off (413) once it passes the
 *       limit ({@link SizeLimitHandler});
 *   <li>a body is read without a thread until it is complete ({@link EagerContentHandler}), so
 *       clients that send slowly hold a connection, not a thread; the connection is closed after
 *       {@link #IDLE_TIMEOUT_MILLIS} without a byte;
 *   <li>request headers of at most {@link #MAX_HEADER_BYTES} (431 otherwise);
 *   <li>at most {@link #MAX_CONNECTIONS} connections ({@link NetworkConnectionLimit}: beyond it
 *       no more are accepted until some close) and at most {@link #THREADS_PER_CLIENT}
 *       (configurable) requests of one client address handled at once; the others wait their
 *       turn without a thread ({@link ThreadLimitHandler});
 *   <li>at most {@link #CONNECTIONS_PER_CLIENT} (configurable) connections open from one client
 *       address: one more is closed as it opens ({@link ConnectionsPerClient});
 *   <li>error pages with the status only: no exception, message or stack ({@link PlainErrorHandler}).
 * </ul>
 */
public final class WebServer implements AutoCloseable {

    /** Slack's and the Bot Connector's requests are a few kilobytes; this is far above them. */
    public static final int MAX_BODY_BYTES = 1 << 20;
    static final int MAX_HEADER_BYTES = 8 * 1024;
    static final long IDLE_TIMEOUT_MILLIS = 20_000;
    static final int MAX_CONNECTIONS = 2_000;
    /** The default of {@code http.threads.per.client}. */
    static final int THREADS_PER_CLIENT = 16;
    /** The default of {@code http.connections.per.client}. */
    public static final int CONNECTIONS_PER_CLIENT = 50;

    private final Server server;

    private WebServer(Server server) {
        this.server = server;
    }

    /**
     * Starts Jetty on the port (0: any free port) with one servlet per path.
     */
    public static WebServer start(int port, Map<String, HttpServlet> servlets) {
        return start(port, CONNECTIONS_PER_CLIENT, THREADS_PER_CLIENT, servlets);
    }

    /**
     * Starts Jetty on the port (0: any free port) with one servlet per path, at most
     * {@code connectionsPerClient} open connections from one client address and at most
     * {@code threadsPerClient} of its requests handled at once (0: no such limit).
     */
    public static WebServer start(int port, int connectionsPerClient, int threadsPerClient, Map<String, HttpServlet> servlets) {
        Server server = new Server();
        HttpConfiguration http = new HttpConfiguration();
        http.setRequestHeaderSize(MAX_HEADER_BYTES);
        http.setResponseHeaderSize(MAX_HEADER_BYTES);
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setPort(port);
        connector.setIdleTimeout(IDLE_TIMEOUT_MILLIS);
        if (connectionsPerClient > 0) {
            connector.addBean(new ConnectionsPerClient(connectionsPerClient));
        }
        server.addConnector(connector);
        server.addBean(new NetworkConnectionLimit(MAX_CONNECTIONS, server));

        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        context.setErrorHandler(new PlainErrorHandler());
        // a path no servlet is mounted on is 404 for every method (not the default servlet's 405)
        context.getServletHandler().setEnsureDefaultServlet(false);
        servlets.forEach((path, servlet) -> context.addServlet(new ServletHolder(servlet), path));

        Handler handling = context;
        if (threadsPerClient > 0) {
            ThreadLimitHandler perClient = new ThreadLimitHandler(context, null, false);
            perClient.setThreadLimit(threadsPerClient);
            handling = perClient;
        }
        // reject: a body that is not complete within the limit is answered 413 here already
        EagerContentHandler wholeBodies = new EagerContentHandler(handling,
                new EagerContentHandler.RetainedContentLoaderFactory(MAX_BODY_BYTES + 64 * 1024, -1, true));
        SizeLimitHandler sizeLimit = new SizeLimitHandler(MAX_BODY_BYTES, -1);
        sizeLimit.setHandler(wholeBodies);
        server.setHandler(sizeLimit);
        server.setErrorHandler(new PlainErrorHandler());
        server.setStopTimeout(5000);
        try {
            server.start();
        } catch (Exception e) {
            throw new IllegalStateException("Cannot start the web server on port " + port + ": " + e.getMessage(), e);
        }
        return new WebServer(server);
    }

    public int port() {
        return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
