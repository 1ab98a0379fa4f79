package nl.leerkring.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import nl.leerkring.Leerkring;
import nl.leerkring.config.Config;

/**
 * The whole app as a server with Slack on (Jetty, Bolt, an H2 file database in {@code folder/db},
 * Quartz, the delivery worker), its Web API a {@link FakeSlackApi} on loopback, and signed
 * requests over real HTTP into {@code /slack/events}. The people in a channel are a
 * {@link #channel(String)}.
 *
 * <p>It can be stopped and started again on the same database, the same fake Slack and the same
 * clock: a restart. Channels and {@link #db()} follow the app that runs; close the server in
 * {@code @AfterEach}.
 */
public final class SlackServer implements AutoCloseable {

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final FakeSlackApi slack = FakeSlackApi.start();
    private final Clock clock;
    private final Path methods;
    private final TestDatabases.TestDatabase database;
    private final FlowTables tables = new FlowTables(() -> app().database());
    private Leerkring app;
    private SlackRequests requests;

    private SlackServer(Path folder, Clock clock, Path methods, TestDatabases.TestDatabase database) {
        this.clock = clock;
        this.methods = methods;
        this.database = database;
    }

    /**
     * The app with the shipped methods, on {@code clock} (Slack's request signatures always use
     * the real time).
     */
    public static SlackServer start(Path folder, Clock clock) {
        return new SlackServer(folder, clock, TestMethods.SHIPPED, TestDatabases.h2(folder.resolve("db"))).started();
    }

    /** The same on another database ({@link TestDatabases#of}); the caller drops it. */
    public static SlackServer start(Path folder, Clock clock, TestDatabases.TestDatabase database) {
        return new SlackServer(folder, clock, TestMethods.SHIPPED, database).started();
    }

    /**
     * The app for case discussions, on the real clock: the methods are a copy in
     * {@code folder/methods} with actieleren's step 3 timer at 5 s ({@link TestMethods#actielerenWithShortTimer}),
     * so that the real Quartz timer fires while a test waits.
     */
    public static SlackServer startForCases(Path folder) {
        return new SlackServer(folder, Clock.systemUTC(), TestMethods.actielerenWithShortTimer(folder.resolve("methods")),
                TestDatabases.h2(folder.resolve("db"))).started();
    }

    /** The app on the real clock with the methods in {@code methods} ({@link TestMethods#withFile}). */
    public static SlackServer startWithMethods(Path folder, Path methods) {
        return new SlackServer(folder, Clock.systemUTC(), methods, TestDatabases.h2(folder.resolve("db"))).started();
    }

    private SlackServer started() {
        try {
            startAgain();
            return this;
        } catch (RuntimeException | Error e) {
            slack.close();
            throw e;
        }
    }

    /** Starts a new app on the same database, fake Slack and clock after {@link #stopApp()}. */
    public void startAgain() {
        if (app != null) {
            throw new IllegalStateException("the app still runs");
        }
        Config config = TestConfigs.withMethods(TestConfigs.withSlack(TestConfigs.server(database()), slack.apiUrl()), methods);
        app = Leerkring.create(config, clock).startServer();
        requests = new SlackRequests(endpoint(), TestConfigs.SIGNING_SECRET);
    }

    /** Stops the app ({@code close()}); the fake Slack stays until {@link #close()}. */
    public void stopApp() {
        if (app != null) {
            app.close();
            app = null;
        }
    }

    /** Stops the whole app and starts a new one on the same database and the same fake Slack. */
    public void restart() {
        stopApp();
        startAgain();
    }

    /** The app's database, also to open while the app is stopped and look at what it left behind. */
    public TestDatabases.TestDatabase database() {
        return database;
    }

    /** The running app. */
    public Leerkring app() {
        if (app == null) {
            throw new IllegalStateException("the app is stopped");
        }
        return app;
    }

    public FakeSlackApi api() {
        return slack;
    }

    /** The people in Slack channel {@code id} (a D… id: someone's direct messages with the app). */
    public SlackChannel channel(String id) {
        return new SlackChannel(this, id);
    }

    /** The case discussions in the running app's tables. */
    public FlowTables db() {
        return tables;
    }

    /** The running app's {@code /slack/events}. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + app().port() + "/slack/events");
    }

    /** Requests to the running app's endpoint, signed with its signing secret. */
    public SlackRequests requests() {
        app();
        return requests;
    }

    /**
     * Sends a request and returns the answer (failing the test when there is none), once the
     * event it carried has been handled.
     */
    public HttpResponse<String> send(HttpRequest.Builder request) {
        HttpResponse<String> response = Http.send(http, request.timeout(Await.WAIT).build());
        Await.handled(app());
        return response;
    }

    /**
     * A body signed now and Slack's answer, as soon as it comes: without waiting for the event to
     * be handled (a test of the answer's time; look at what it changed after {@link Await#handled}).
     */
    public HttpResponse<String> ack(String contentType, String body) {
        return Http.send(http, requests().signed(contentType, body).timeout(Await.WAIT).build());
    }

    /** A body ({@link SlackRequests#FORM} or {@link SlackRequests#JSON}) signed now, and the answer. */
    public HttpResponse<String> post(String contentType, String body) {
        return send(requests().signed(contentType, body));
    }

    /** Waits until everything the bot wrote to the outbox has been sent. */
    public void awaitDelivered() {
        Await.until(() -> app().outbox().pendingCount() == 0,
                () -> app().outbox().pendingCount() + " outbox rows still pending; calls: " + slack.calls());
    }

    @Override
    public void close() {
        try {
            stopApp();
        } finally {
            slack.close();
        }
    }
}
