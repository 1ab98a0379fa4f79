package nl.leerkring.core.i18n;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Dutch and English say the same things: every key exists in both, with the same placeholders. */
class TextsTest {

    private static Properties load(String name) throws IOException {
        Properties p = new Properties();
        try (InputStream in = TextsTest.class.getResourceAsStream("/i18n/" + name + ".properties")) {
            if (in != null) {
                p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            }
        }
        return p;
    }

    /** Every bundle in the resources: {@code messages} and each feature's. */
    private static List<String> bundles() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("src/main/resources/i18n"))) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith("_nl.properties"))
                    .map(n -> n.substring(0, n.length() - "_nl.properties".length())).sorted().toList();
        }
    }

    @Test
    void everyKeyExistsInBothLanguagesWithTheSamePlaceholders() throws IOException {
        assertTrue(bundles().containsAll(List.of("messages", "cases", "sessions", "feedback")), bundles().toString());
        for (String bundle : bundles()) {
            Properties nl = load(bundle + "_nl");
            Properties en = load(bundle + "_en");
            assertEquals(new TreeSet<>(nl.stringPropertyNames()), new TreeSet<>(en.stringPropertyNames()),
                    bundle + ": the same keys in nl and en");
            for (String key : nl.stringPropertyNames()) {
                assertEquals(placeholders(nl.getProperty(key)), placeholders(en.getProperty(key)), bundle + ": " + key);
            }
        }
    }

    private static Set<String> placeholders(String text) {
        Set<String> found = new TreeSet<>();
        var m = java.util.regex.Pattern.compile("\\{\\d}").matcher(text);
        while (m.find()) {
            found.add(m.group());
        }
        return found;
    }

    @Test
    void keysAreFoundAcrossFeatureBundlesAndPlaceholdersFilled() {
        Texts.addBundle("cases");
        assertEquals("Stap 3 van 9 — Dialoog", Texts.of("nl").get("flow.step.title", 3, 9, "Dialoog"));
        assertEquals("Step 3 of 9 — Dialogue", Texts.of("en").get("flow.step.title", 3, 9, "Dialogue"));
        assertTrue(Texts.of("nl").get("error.notACircle").contains("leerkring"));
    }
}
