package nl.leerkring.bench;

import jakarta.servlet.http.HttpServlet;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * Jetty 12 ee10 as a bare app would run it: one connector on a free loopback port, a servlet
 * context with the given servlets, Jetty's defaults otherwise (no per-client limits). Blocks
 * until the JVM is killed.
 */
final class BareJetty {

    private BareJetty() {
    }

    static void serve(Map<String, HttpServlet> servlets) throws Exception {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        servlets.forEach((path, servlet) -> context.addServlet(new ServletHolder(servlet), path));
        server.setHandler(context);
        server.start();
        System.out.println("listens on port " + connector.getLocalPort());
        System.out.flush();
        server.join();
    }
}
