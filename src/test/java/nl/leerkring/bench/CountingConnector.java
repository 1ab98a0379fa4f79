package nl.leerkring.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A fast fake Bot Connector on loopback for load: it answers a new conversation (a 1:1 chat)
 * and every posted or replied activity at once with an id, as the real connector does, and
 * only counts the activities. The benchmark's measure of "replies delivered" is this count.
 */
final class CountingConnector implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(16);
    private final AtomicLong activities = new AtomicLong();
    private final AtomicLong conversations = new AtomicLong();
    private final AtomicLong other = new AtomicLong();

    CountingConnector() {
        try {
            // without TCP_NODELAY every answer waits about 40 ms for the client's delayed ACK, which
            // would cap the echo bot, whose acks wait for its reply, far below its speed
            System.setProperty("sun.net.httpserver.nodelay", "true");
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::answer);
        server.setExecutor(threads);
        server.start();
    }

    private void answer(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            in.readAllBytes();
        }
        String path = exchange.getRequestURI().getPath();
        String body;
        if ("POST".equals(exchange.getRequestMethod()) && path.equals("/v3/conversations")) {
            body = "{\"id\":\"a:1bench-chat-" + conversations.incrementAndGet() + "\"}";
        } else if ("POST".equals(exchange.getRequestMethod()) && path.startsWith("/v3/conversations/") && path.contains("/activities")) {
            body = "{\"id\":\"1700000000" + activities.incrementAndGet() + "\"}";
        } else {
            other.incrementAndGet();
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
            return;
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    String serviceUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    }

    /** Activities posted so far (messages into a conversation or replies to an activity). */
    long activities() {
        return activities.get();
    }

    long unknownRequests() {
        return other.get();
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
