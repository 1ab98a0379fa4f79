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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The bot's wording in one language, from the bundles in {@code i18n/}: {@code messages} for
 * the bot itself, circles and help, and one per feature, each with {@code _nl} and {@code _en}. Placeholders are {@code {0}}, {@code {1}}, …; plain replacement, so Dutch
 * apostrophes ("foto's") need no escaping. A count that decides the words is a
 * {@link java.text.MessageFormat} choice, {@code {1,choice,1#1 stem|1<{1} stemmen}}: only that
 * part is read as a MessageFormat (an apostrophe inside it is written twice).
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

    private static final Pattern CHOICE = Pattern.compile("\\{\\d+,choice,");

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
        StringBuilder out = new StringBuilder();
        Matcher choice = CHOICE.matcher(text);
        int from = 0;
        while (choice.find(from)) {
            int end = closingBrace(text, choice.start());
            out.append(replace(text.substring(from, choice.start()), args));
            out.append(new java.text.MessageFormat(text.substring(choice.start(), end + 1), Locale.forLanguageTag(language))
                    .format(args));
            from = end + 1;
        }
        return out.append(replace(text.substring(from), args)).toString();
    }

    private static String replace(String text, Object[] args) {
        for (int i = 0; i < args.length; i++) {
            text = text.replace("{" + i + "}", String.valueOf(args[i]));
        }
        return text;
    }

    private static int closingBrace(String text, int open) {
        int depth = 0;
        for (int i = open; i < text.length(); i++) {
            if (text.charAt(i) == '{') {
                depth++;
            } else if (text.charAt(i) == '}' && --depth == 0) {
                return i;
            }
        }
        throw new IllegalStateException("Unclosed choice in text: " + text);
    }

    /** "a, b en c" (or "a, b and c"): names in a sentence. */
    public String list(List<String> items) {
        if (items.size() <= 1) {
            return String.join("", items);
        }
        return String.join(", ", items.subList(0, items.size() - 1)) + " " + get("list.and") + " " + items.get(items.size() - 1);
    }

    public boolean has(String key) {
        return bundles.stream().anyMatch(b -> b.containsKey(key));
    }
}
