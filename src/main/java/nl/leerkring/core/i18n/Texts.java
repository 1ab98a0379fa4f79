package nl.leerkring.core.i18n;

import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/**
 * The bot's wording in one language, from {@code i18n/messages_nl} and {@code i18n/messages_en}.
 * Placeholders are {@code {0}}, {@code {1}}, …; plain replacement, so Dutch apostrophes
 * ("foto's") need no escaping.
 */
public final class Texts {

    public static final String DUTCH = "nl";
    public static final String ENGLISH = "en";

    private final String language;
    private final ResourceBundle bundle;

    private Texts(String language) {
        this.language = language;
        this.bundle = ResourceBundle.getBundle("i18n.messages", Locale.forLanguageTag(language),
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
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
        String text;
        try {
            text = bundle.getString(key);
        } catch (MissingResourceException e) {
            throw new IllegalStateException("No text '" + key + "' in language " + language, e);
        }
        for (int i = 0; i < args.length; i++) {
            text = text.replace("{" + i + "}", String.valueOf(args[i]));
        }
        return text;
    }

    public boolean has(String key) {
        return bundle.containsKey(key);
    }
}
