package nl.leerkring.teams;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;

/**
 * A fake Bot Connector on loopback: answers what the bot posts like the real one (including the
 * {@code ARRAffinity} cookie it sets) and records every request. Tests can queue special answers
 * (a 429, say) that are given before the normal ones.
 */
final class FakeConnector implements AutoCloseable {

    /** One request the bot made, with its path percent-decoded. */
    record Call(String method, String path, String body, String cookie, long atNanos) {
    }

    static final String PRIVATE_CHAT_ID = "a:1private-chat-with-anna";

    private final MockWebServer server = new MockWebServer();
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final Deque<MockResponse> queued = new ConcurrentLinkedDeque<>();
    private final AtomicInteger ids = new AtomicInteger();

    FakeConnector() throws IOException {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                calls.add(new Call(request.getMethod(), URI.create("http://x" + request.getPath()).getPath(),
                        request.getBody().readUtf8(), request.getHeader("Cookie"), System.nanoTime()));
                MockResponse special = queued.poll();
                if (special != null) {
                    return special;
                }
                String path = request.getPath();
                if ("POST".equals(request.getMethod()) && "/v3/conversations".equals(path)) {
                    return json("{\"id\":\"" + PRIVATE_CHAT_ID + "\"}");
                }
                if ("POST".equals(request.getMethod()) && path.startsWith("/v3/conversations/") && path.contains("/activities")) {
                    return json("{\"id\":\"1700000000" + String.format("%03d", ids.incrementAndGet()) + "\"}")
                            // what the real connector does; the okhttp-3 cookie jar used to break on it
                            .addHeader("Set-Cookie", "ARRAffinity=affinity-" + ids.get() + "; Path=/; HttpOnly");
                }
                return new MockResponse().setResponseCode(404);
            }
        });
        server.start(java.net.InetAddress.getLoopbackAddress(), 0);
    }

    private static MockResponse json(String body) {
        return new MockResponse().setResponseCode(200).setHeader("Content-Type", "application/json").setBody(body);
    }

    /** The service URL to put in activities. */
    String serviceUrl() {
        return server.url("/").toString();
    }

    void enqueue(MockResponse response) {
        queued.add(response);
    }

    List<Call> calls() {
        return new ArrayList<>(calls);
    }

    /** The messages the bot posted (conversation activity POSTs), in order. */
    List<Call> posts() {
        return calls.stream()
                .filter(c -> c.method().equals("POST") && c.path().matches("/v3/conversations/[^/]+/activities(/.*)?"))
                .toList();
    }

    @Override
    public void close() throws IOException {
        server.shutdown();
    }
}
