package nl.leerkring.testing;

import java.nio.file.Path;
import java.time.Clock;
import nl.leerkring.Leerkring;

/**
 * The whole app as a server for case discussions over Slack ({@link TestConfigs#slackCases}),
 * with the fake Slack Web API it talks to and one channel of people using it. It can be
 * stopped and started again on the same database and the same fake Slack: a restart.
 */
public final class SlackServer implements AutoCloseable {

    private final Path folder;
    private final String channelId;
    private final FakeSlackApi slack = FakeSlackApi.start();
    private Leerkring app;
    private SlackChannel channel;
    private FlowTables tables;

    private SlackServer(Path folder, String channelId) {
        this.folder = folder;
        this.channelId = channelId;
    }

    /** Starts the app with its database and methods in {@code folder}. */
    public static SlackServer start(Path folder, String channelId) {
        SlackServer server = new SlackServer(folder, channelId);
        server.startApp();
        return server;
    }

    private void startApp() {
        app = Leerkring.create(TestConfigs.slackCases(folder, slack.apiUrl()), Clock.systemUTC()).startServer();
        channel = new SlackChannel(app.port(), slack, channelId);
        tables = new FlowTables(app.database());
    }

    /** Stops the whole app ({@code close()}) and starts a new one on the same database; channel() and db() change. */
    public void restart() {
        stopApp();
        startAgain();
    }

    /** Starts a new app on the same database and fake Slack after {@link #stopApp()}. */
    public void startAgain() {
        startApp();
    }

    /** The database of a stopped app, to look at what it left behind. */
    public TestDatabases.TestDatabase database() {
        return TestDatabases.h2(folder.resolve("db"));
    }

    /** Stops the app; the fake Slack stays until {@link #close()}. */
    public void stopApp() {
        if (app != null) {
            app.close();
            app = null;
        }
    }

    public Leerkring app() {
        return app;
    }

    public FakeSlackApi api() {
        return slack;
    }

    public SlackChannel channel() {
        return channel;
    }

    public FlowTables db() {
        return tables;
    }

    /** Waits until everything the bot wrote to the outbox has been sent. */
    public void awaitDelivered() {
        Await.until(() -> app.outbox().pendingCount() == 0, SlackChannel.WAIT,
                () -> app.outbox().pendingCount() + " outbox rows still pending");
    }

    @Override
    public void close() {
        stopApp();
        slack.close();
    }
}
