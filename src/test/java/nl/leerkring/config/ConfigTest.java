package nl.leerkring.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigTest {

    @Test
    void environmentOverFileOverDefaults(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("leerkring.properties");
        Files.writeString(file, "port=4000\nslack.api.url=http://file\ncase_retention_days=14\n");
        Properties props = Config.readProperties(file);
        Config config = new Config(Map.of("SLACK_API_URL", "http://env", "MicrosoftAppId", "app-1"), props);

        assertEquals("http://env", config.get(Config.SLACK_API_URL), "environment wins");
        assertEquals(4000, config.getInt(Config.PORT), "the file wins over the default");
        assertEquals(14, config.section("cases").getInt("retention.days", 30), "a setting's former name is still read");
        assertEquals(8, config.section("feedback").getInt("window.weeks", 8), "a feature's default where it reads it");
        assertEquals(5, config.with(Map.of("cases.retention.days", "5")).section("cases").getInt("retention.days", 30),
                "the new name wins over the former one");
        assertEquals("Europe/Amsterdam", config.timeZone().getId(), "default");
        assertEquals("app-1", config.get(Config.TEAMS_APP_ID), "platform names are read as they are");
        assertFalse(config.teamsConfigured(), "the password is missing");
        assertFalse(config.slackConfigured());
    }

    @Test
    void blankValuesCountAsUnset() {
        Config config = new Config(Map.of("SLACK_BOT_TOKEN", "  ", "SLACK_SIGNING_SECRET", "s"), new Properties());
        assertFalse(config.slackConfigured());
        assertTrue(config.with(Map.of(Config.SLACK_BOT_TOKEN, "xoxb-1")).slackConfigured());
    }

    @Test
    void aBadNumberNamesTheSetting() {
        Config config = new Config(Map.of("PORT", "drieduizend"), new Properties());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> config.getInt(Config.PORT));
        assertTrue(e.getMessage().contains("PORT"), e.getMessage());
    }

    @Test
    void aMissingFileIsFine(@TempDir Path tmp) {
        assertTrue(Config.readProperties(tmp.resolve("absent.properties")).isEmpty());
    }
}
