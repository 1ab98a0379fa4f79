package nl.leerkring.testing;

import java.nio.file.Path;
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

    /** A server on any free port with the given database, Slack and Teams off. */
    public static Config server(TestDatabases.TestDatabase db) {
        Map<String, String> settings = new HashMap<>();
        settings.put(Config.PORT, "0");
        settings.put(Config.DATABASE_URL, db.url());
        settings.put(Config.DATABASE_USER, db.user());
        settings.put(Config.DATABASE_PASSWORD, db.password());
        settings.put(Config.DELIVERY_POLL_MILLIS, "200");
        // the fake platforms do not enforce rate limits, and a flow's dozens of posts at Slack's one
        // a second per channel would outlast the tests' waits; pacing is tested in SlackDeliveryTest
        settings.put(Config.DELIVERY_PACING, "off");
        return new Config(Map.of(), new Properties()).with(settings);
    }

    /** The setting of the folder the case feature reads its methods from. */
    public static final String METHODS_DIR = "cases.methods.dir";

    /** The same with the methods read from {@code methodsDir} (see {@link TestMethods}). */
    public static Config withMethods(Config config, Path methodsDir) {
        return config.with(Map.of(METHODS_DIR, methodsDir.toString()));
    }

    /**
     * The same with Teams in emulator mode: {@code /api/messages} without authentication, for a
     * connector on loopback (a {@code FakeConnector}).
     */
    public static Config withTeamsEmulator(Config config) {
        return config.with(Map.of(Config.TEAMS_EMULATOR, "true"));
    }

    /** The same with Slack on, its Web API at {@code slackApiUrl} (a MockWebServer). */
    public static Config withSlack(Config config, String slackApiUrl) {
        return config.with(Map.of(
                Config.SLACK_BOT_TOKEN, BOT_TOKEN,
                Config.SLACK_SIGNING_SECRET, SIGNING_SECRET,
                Config.SLACK_API_URL, slackApiUrl));
    }
}
