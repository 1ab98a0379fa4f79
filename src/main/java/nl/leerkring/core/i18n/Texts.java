package nl.leerkring.core.i18n;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/**
 * The bot's wording in one language, from the bundles in {@code i18n/}: one per feature
 * ({@code messages} for circles and help, {@code cases}, …), each with {@code _nl} and
 * {@code _en}. Placeholders are {@code {0}}, {@code {1}}, …; plain replacement, so Dutch
 * apostrophes ("foto's") need no escaping.
 */
public final class Texts {

    public static final String DUTCH = "nl";
    public static final String ENGLISH = "en";

    /** The feature bundles; a key is looked up in each in turn. */
    static final List<String> BUNDLES = List.of("messages", "cases", "sessions", "feedback");

    private final String language;
    private final List<ResourceBundle> bundles;

    private Texts(String language) {
        this.language = language;
        ResourceBundle.Control control = ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES);
        List<ResourceBundle> found = new ArrayList<>();
        for (String name : BUNDLES) {
            try {
                found.add(ResourceBundle.getBundle("i18n." + name, Locale.forLanguageTag(language), control));
            } catch (MissingResourceException e) {
                // a feature without texts yet
            }
        }
        this.bundles = List.copyOf(found);
    }

    private static final Texts NL = new Texts(DUTCH);
    private static final Texts EN = new Texts(ENGLISH);

    /** Dutch unless English is asked for. */
    public static Texts of(String language) {
        return ENGLISH.equals(language) ? EN : NL;
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
