package nl.leerkring.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import nl.leerkring.core.feature.Settings;

/**
 * Leerkring's settings: environment variables over {@code config/leerkring.properties} over
 * defaults.
 *
 * <p>Each setting has one key, such as {@code slack.bot.token}. In the properties file it is
 * written as it is; in the environment in upper snake case ({@code SLACK_BOT_TOKEN}). Platform
 * names that are conventionally mixed case ({@code MicrosoftAppId}) are read as they are.
 */
public final class Config {

    public static final String PORT = "port";
    public static final String DATABASE_URL = "database.url";
    public static final String DATABASE_USER = "database.user";
    public static final String DATABASE_PASSWORD = "database.password";
    public static final String SLACK_BOT_TOKEN = "slack.bot.token";
    public static final String SLACK_SIGNING_SECRET = "slack.signing.secret";
    public static final String SLACK_API_URL = "slack.api.url";
    public static final String TEAMS_APP_ID = "MicrosoftAppId";
    public static final String TEAMS_APP_PASSWORD = "MicrosoftAppPassword";
    public static final String TEAMS_TENANT_ID = "MicrosoftAppTenantId";
    public static final String DEFAULT_LANGUAGE = "default.language";
    public static final String TIME_ZONE = "time.zone";
    public static final String SCHEDULER_NAME = "scheduler.name";
    public static final String DELIVERY_POLL_MILLIS = "delivery.poll.millis";
    public static final String DELIVERY_MAX_ATTEMPTS = "delivery.max.attempts";
    public static final String TEAMS_EMULATOR = "teams.emulator";
    public static final String EVENT_KEY_SECRET = "event.key.secret";
    public static final String DATABASE_POOL_SIZE = "database.pool.size";
    public static final String DATABASE_CONNECTION_TIMEOUT_MILLIS = "database.connection.timeout.millis";
    public static final String DELIVERY_THREADS = "delivery.threads";
    public static final String INBOX_THREADS = "inbox.threads";
    public static final String SLACK_CONNECT_TIMEOUT_MILLIS = "slack.connect.timeout.millis";
    public static final String SLACK_READ_TIMEOUT_MILLIS = "slack.read.timeout.millis";
    public static final String DELIVERY_PACING = "delivery.pacing";
    public static final String HTTP_CONNECTIONS_PER_CLIENT = "http.connections.per.client";
    public static final String HTTP_THREADS_PER_CLIENT = "http.threads.per.client";

    /** Every setting of the installation with its default; features give their own defaults where they read them. */
    private static final Map<String, String> DEFAULTS = new HashMap<>();

    /**
     * Names settings had before every feature read its own prefix; still read (new name first),
     * so existing configuration files and environments keep working.
     */
    private static final Map<String, String> FORMER_NAMES = Map.of(
            "cases.retention.days", "case_retention_days",
            "cases.methods.dir", "methods.dir",
            "sessions.templates.dir", "templates.dir",
            "sessions.reminder.days", "reminder.days",
            "sessions.cohost.prep.days", "cohost.prep.days",
            "sessions.working.hours", "working.hours",
            "sessions.working.days", "working.days",
            "feedback.retention.days", "feedback_retention_days");

    static {
        DEFAULTS.put(PORT, "3000");
        DEFAULTS.put(DATABASE_URL, "jdbc:h2:file:./data/leerkring");
        DEFAULTS.put(DATABASE_USER, "");
        DEFAULTS.put(DATABASE_PASSWORD, "");
        DEFAULTS.put(SLACK_API_URL, "https://slack.com/api/");
        DEFAULTS.put(DEFAULT_LANGUAGE, "nl");
        DEFAULTS.put(TIME_ZONE, "Europe/Amsterdam");
        DEFAULTS.put(SCHEDULER_NAME, "leerkring");
        DEFAULTS.put(DELIVERY_POLL_MILLIS, "1000");
        DEFAULTS.put(DELIVERY_MAX_ATTEMPTS, "12");
        DEFAULTS.put(TEAMS_EMULATOR, "false");
        DEFAULTS.put(DATABASE_POOL_SIZE, "16");
        DEFAULTS.put(DATABASE_CONNECTION_TIMEOUT_MILLIS, "1000");
        DEFAULTS.put(DELIVERY_THREADS, "16");
        DEFAULTS.put(INBOX_THREADS, "4");
        DEFAULTS.put(SLACK_CONNECT_TIMEOUT_MILLIS, "3000");
        DEFAULTS.put(SLACK_READ_TIMEOUT_MILLIS, "10000");
        DEFAULTS.put(DELIVERY_PACING, "platform");
        DEFAULTS.put(HTTP_CONNECTIONS_PER_CLIENT, "50");
        DEFAULTS.put(HTTP_THREADS_PER_CLIENT, "16");
    }

    private final Map<String, String> env;
    private final Properties file;

    public Config(Map<String, String> env, Properties file) {
        this.env = Map.copyOf(env);
        this.file = file;
    }

    /** The process environment over the properties file at {@code LEERKRING_CONFIG} or {@code config/leerkring.properties}. */
    public static Config load() {
        Map<String, String> env = System.getenv();
        Path path = Path.of(env.getOrDefault("LEERKRING_CONFIG", "config/leerkring.properties"));
        return new Config(env, readProperties(path));
    }

    public static Properties readProperties(Path path) {
        Properties props = new Properties();
        if (Files.isRegularFile(path)) {
            try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
                props.load(reader);
            } catch (IOException e) {
                throw new IllegalStateException("Cannot read configuration file " + path + ": " + e.getMessage(), e);
            }
        }
        return props;
    }

    /** A copy of this configuration with some settings replaced (for tests and the console). */
    public Config with(Map<String, String> overrides) {
        Properties merged = new Properties();
        merged.putAll(file);
        Map<String, String> newEnv = new HashMap<>(env);
        overrides.forEach((k, v) -> {
            newEnv.remove(envName(k));
            newEnv.remove(k);
            merged.setProperty(k, v);
        });
        return new Config(newEnv, merged);
    }

    public Optional<String> find(String key) {
        return findAs(key).or(() -> Optional.ofNullable(FORMER_NAMES.get(key)).flatMap(this::findAs))
                .or(() -> Optional.ofNullable(DEFAULTS.get(key)))
                .map(String::strip).filter(v -> !v.isEmpty());
    }

    private Optional<String> findAs(String key) {
        String value = env.get(key);
        if (value == null) {
            value = env.get(envName(key));
        }
        if (value == null) {
            value = file.getProperty(key);
        }
        return Optional.ofNullable(value).filter(v -> !v.isBlank());
    }

    /** The settings of one feature: {@code section("feedback").getInt("window.weeks", 8)} reads {@code feedback.window.weeks}. */
    public Settings section(String prefix) {
        return new Settings() {
            @Override
            public Optional<String> find(String key) {
                return Config.this.find(prefix + "." + key);
            }

            @Override
            public int getInt(String key, int defaultValue) {
                return find(key).isEmpty() ? defaultValue : Config.this.getInt(prefix + "." + key);
            }

            @Override
            public double getDouble(String key, double defaultValue) {
                return find(key).isEmpty() ? defaultValue : Config.this.getDouble(prefix + "." + key);
            }
        };
    }

    public String get(String key) {
        return find(key).orElse("");
    }

    public int getInt(String key) {
        return parse(key, Integer::parseInt, "a whole number");
    }

    /** A decimal number such as {@code 1.25} (with a point). */
    public double getDouble(String key) {
        return parse(key, Double::parseDouble, "a number such as 1.25");
    }

    private <T> T parse(String key, java.util.function.Function<String, T> parser, String expected) {
        String value = get(key);
        try {
            return parser.apply(value);
        } catch (NumberFormatException e) {
            throw new IllegalStateException("Setting " + key + " (" + envName(key) + ") must be " + expected + ", not '" + value + "'");
        }
    }

    public ZoneId timeZone() {
        return ZoneId.of(get(TIME_ZONE));
    }

    public boolean slackConfigured() {
        return find(SLACK_BOT_TOKEN).isPresent() && find(SLACK_SIGNING_SECRET).isPresent();
    }

    public boolean teamsConfigured() {
        return find(TEAMS_APP_ID).isPresent() && find(TEAMS_APP_PASSWORD).isPresent();
    }

    static String envName(String key) {
        return key.replace('.', '_').toUpperCase(Locale.ROOT);
    }
}
