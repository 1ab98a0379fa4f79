package nl.leerkring.teams;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import nl.leerkring.Leerkring;
import nl.leerkring.config.Config;
import nl.leerkring.testing.TestConfigs;

/**
 * The whole app as a server with a fake Bot Connector on loopback (the {@code serviceUrl} of
 * the activities a {@link TeamsChannel} posts to {@code /api/messages}). Close it in
 * {@code @AfterEach}: the app first, then the connector, even when the app fails to close.
 */
final class TeamsServer implements AutoCloseable {

    private final FakeConnector connector;
    private final Leerkring app;

    private TeamsServer(FakeConnector connector, Leerkring app) {
        this.connector = connector;
        this.app = app;
    }

    /**
     * Starts the connector, then the app with {@code config} on {@code clock}, in emulator mode
     * unless {@code config} names Teams credentials (the connector is on loopback).
     */
    static TeamsServer start(Config config, Clock clock) {
        FakeConnector connector;
        try {
            connector = new FakeConnector();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            return new TeamsServer(connector, Leerkring.create(TestConfigs.withTeamsEmulator(config), clock).startServer());
        } catch (RuntimeException | Error e) {
            close(connector);
            throw e;
        }
    }

    FakeConnector connector() {
        return connector;
    }

    Leerkring app() {
        return app;
    }

    /** The people in Teams channel {@code id}. */
    TeamsChannel channel(String id) {
        return new TeamsChannel(app, connector, id);
    }

    /** The people in Teams group chat {@code id}. */
    TeamsChannel groupChat(String id) {
        return new TeamsChannel(app, connector, id, ActivityMapper.GROUP_CHAT);
    }

    @Override
    public void close() {
        try {
            app.close();
        } finally {
            close(connector);
        }
    }

    private static void close(FakeConnector connector) {
        try {
            connector.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
