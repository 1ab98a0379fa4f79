package nl.leerkring.teams;

import java.util.List;
import java.util.Properties;
import nl.leerkring.config.Config;

/**
 * Bot Framework's {@code Configuration}, read from our {@link Config}: the SDK asks for its
 * standard keys ({@code MicrosoftAppId}, {@code MicrosoftAppPassword}, {@code ChannelService},
 * {@code BotOpenIdMetadata}), which {@link Config} reads from the environment or the properties file.
 */
final class SdkConfiguration implements com.microsoft.bot.integration.Configuration {

    private static final List<String> KEYS = List.of(Config.TEAMS_APP_ID, Config.TEAMS_APP_PASSWORD,
            Config.TEAMS_TENANT_ID, "ChannelService", "BotOpenIdMetadata");

    private final Config config;

    SdkConfiguration(Config config) {
        this.config = config;
    }

    @Override
    public String getProperty(String key) {
        return config.find(key).orElse(null);
    }

    @Override
    public Properties getProperties() {
        Properties properties = new Properties();
        for (String key : KEYS) {
            config.find(key).ifPresent(value -> properties.setProperty(key, value));
        }
        return properties;
    }

    @Override
    public String[] getProperties(String key) {
        return config.find(key).map(value -> value.split("\\s*,\\s*")).orElse(null);
    }
}
