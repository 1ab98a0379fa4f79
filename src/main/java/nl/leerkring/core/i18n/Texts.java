package nl.leerkring.core.i18n;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.List;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/**
 * The bot's wording in one language, from the bundles in {@code i18n/}: {@code messages} for
 * the bot itself, circles and help, and one per feature, each with {@code _nl} and {@code _en}. Placeholders are {@code {0}}, {@code {1}}, …; plain replacement, so Dutch
 * apostrophes ("foto's") need no escaping.
 */
public final class Texts {

    public static final String DUTCH = "nl";
    public static final String ENGLISH = "en";

    /**
     * The bundles in use: {@code messages} (the bot's own words) and every feature's, added as the
     * bot is assembled; a key is looked up in each in turn.
     */
    private static final Set<String> BUNDLES = new CopyOnWriteArraySet<>(List.of("messages"));
    private static volatile Map<String, Texts> byLanguage = Map.of();

    private final String language;
    private final List<ResourceBundle> bundles;

    private Texts(String language, List<String> bundleNames) {
        this.language = language;
        ResourceBundle.Control control = ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES);
        List<ResourceBundle> found = new ArrayList<>();
        for (String name : bundleNames) {
            try {
                found.add(ResourceBundle.getBundle("i18n." + name, Locale.forLanguageTag(language), control));
            } catch (MissingResourceException e) {
                // a feature without texts yet
            }
        }
        this.bundles = List.copyOf(found);
    }

    /** Makes a feature's bundle part of every language's texts (idempotent). */
    public static synchronized void addBundle(String name) {
        if (BUNDLES.add(name)) {
            byLanguage = Map.of();
        }
    }

    /** Dutch unless English is asked for. */
    public static Texts of(String language) {
        String wanted = ENGLISH.equals(language) ? ENGLISH : DUTCH;
        Texts texts = byLanguage.get(wanted);
        if (texts == null) {
            synchronized (Texts.class) {
                texts = byLanguage.get(wanted);
                if (texts == null) {
                    texts = new Texts(wanted, List.copyOf(BUNDLES));
                    Map<String, Texts> next = new HashMap<>(byLanguage);
                    next.put(wanted, texts);
                    byLanguage = Map.copyOf(next);
                }
            }
        }
        return texts;
    }

    public static boolean isSupported(String language) {
        return DUTCH.equals(language) || ENGLISH.equals(language);
    }

    public String language() {
        return language;
    }

    public String get(String key, Object... args) {
        String text = bundles.stream().filter(b -> b.containsKey(key)).findFirst()
                .map(b -> b.getString(key))
                .orElseThrow(() -> new IllegalStateException("No text '" + key + "' in language " + language));
        for (int i = 0; i < args.length; i++) {
            text = text.replace("{" + i + "}", String.valueOf(args[i]));
        }
        return text;
    }

    public boolean has(String key) {
        return bundles.stream().anyMatch(b -> b.containsKey(key));
    }
}
