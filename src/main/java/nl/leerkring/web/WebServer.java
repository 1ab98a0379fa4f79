package nl.leerkring.web;

import jakarta.servlet.http.HttpServlet;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/** Embedded Jetty 12 (ee10) serving Leerkring's endpoints. */
public final class WebServer implements AutoCloseable {

    private final Server server;

    private WebServer(Server server) {
        this.server = server;
    }

    /**
     * Starts Jetty on the port (0: any free port) with one servlet per path.
     */
    public static WebServer start(int port, Map<String, HttpServlet> servlets) {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setPort(port);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        servlets.forEach((path, servlet) -> context.addServlet(new ServletHolder(servlet), path));
        server.setHandler(context);
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
