package nl.leerkring.testing;

import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import nl.leerkring.config.Config;

/** Configurations for tests: never the process environment, always a given database, port 0. */
public final class TestConfigs {

    public static final String SIGNING_SECRET = "test-signing-secret-0123456789abcdef";
    public static final String BOT_TOKEN = "xoxb-test-token";

    private TestConfigs() {
    }

    /** A server on any free port with the given database, Slack off and Teams in emulator mode. */
    public static Config server(TestDatabases.TestDatabase db) {
        Map<String, String> settings = new HashMap<>();
        settings.put(Config.PORT, "0");
        settings.put(Config.DATABASE_URL, db.url());
        settings.put(Config.DATABASE_USER, db.user());
        settings.put(Config.DATABASE_PASSWORD, db.password());
        settings.put(Config.DELIVERY_POLL_MILLIS, "200");
        return new Config(Map.of(), new Properties()).with(settings);
    }

    /**
     * A server for case discussions over Slack: Slack on at {@code slackApiUrl}, the H2 file in
     * {@code folder/db}, and the methods in {@code folder/methods} with actieleren's step 3 timer
     * at 5 s. The same folder again is the same database: a restart.
     */
    public static Config slackCases(java.nio.file.Path folder, String slackApiUrl) {
        return withMethods(withSlack(server(TestDatabases.h2(folder.resolve("db"))), slackApiUrl),
                TestMethods.actielerenWithShortTimer(folder.resolve("methods")));
    }

    /** The same with the methods read from {@code methodsDir} (see {@link TestMethods}). */
    public static Config withMethods(Config config, java.nio.file.Path methodsDir) {
        return config.with(Map.of(Config.METHODS_DIR, methodsDir.toString()));
    }

    /** The same with Slack on, its Web API at {@code slackApiUrl} (a MockWebServer). */
    public static Config withSlack(Config config, String slackApiUrl) {
        return config.with(Map.of(
                Config.SLACK_BOT_TOKEN, BOT_TOKEN,
                Config.SLACK_SIGNING_SECRET, SIGNING_SECRET,
                Config.SLACK_API_URL, slackApiUrl));
    }
}
