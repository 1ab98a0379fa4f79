package nl.leerkring.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import nl.leerkring.Leerkring;

/**
 * The whole app with Slack on, on a fresh H2 database in {@code folder}, its Web API a
 * {@link FakeSlackApi} on loopback; requests go over real HTTP into {@code /slack/events}.
 */
public final class SlackApp implements AutoCloseable {

    public static final Duration WAIT = Duration.ofSeconds(10);

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final FakeSlackApi slack;
    private final Leerkring app;
    private final URI endpoint;
    private final SlackRequests requests;

    private SlackApp(Path folder, Clock clock) {
        slack = FakeSlackApi.start();
        app = Leerkring.create(TestConfigs.withSlack(TestConfigs.server(TestDatabases.h2(folder)), slack.apiUrl()), clock)
                .startServer();
        endpoint = URI.create("http://127.0.0.1:" + app.port() + "/slack/events");
        requests = new SlackRequests(endpoint, TestConfigs.SIGNING_SECRET);
    }

    /** @param clock the app's clock (Slack's request signatures always use the real time) */
    public static SlackApp start(Path folder, Clock clock) {
        return new SlackApp(folder, clock);
    }

    public FakeSlackApi slack() {
        return slack;
    }

    public Leerkring app() {
        return app;
    }

    public URI endpoint() {
        return endpoint;
    }

    public SlackRequests requests() {
        return requests;
    }

    public HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(WAIT).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError("request failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** A form body (slash command, button press, modal submission) signed now. */
    public HttpResponse<String> post(String formBody) {
        return send(requests.signed(SlackRequests.FORM, formBody));
    }

    public void awaitOutboxDrained() {
        Await.until(() -> app.outbox().pendingCount() == 0, WAIT,
                () -> app.outbox().pendingCount() + " outbox rows still pending; calls: " + slack.calls());
    }

    @Override
    public void close() {
        app.close();
        slack.close();
    }
}
