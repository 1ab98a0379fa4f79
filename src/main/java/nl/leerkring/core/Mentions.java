package nl.leerkring.core;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * User mentions in neutral text: {@code <@userId>}, as Slack writes them (optionally with
 * {@code |name}); the Teams and console adapters translate theirs into this form.
 */
public final class Mentions {

    private static final Pattern MENTION = Pattern.compile("<@([^>|\\s]+)(?:\\|[^>]*)?>");

    private Mentions() {
    }

    public static String of(String userId) {
        return "<@" + userId + ">";
    }

    /** The first mentioned user and the text after that mention. */
    public record Found(String userId, String rest) {
    }

    public static Optional<Found> first(String text) {
        Matcher m = MENTION.matcher(text);
        if (!m.find()) {
            return Optional.empty();
        }
        return Optional.of(new Found(m.group(1), text.substring(m.end()).strip()));
    }

    /** Replaces each mention by what {@code render} makes of its user id. */
    public static String replace(String text, java.util.function.Function<String, String> render) {
        return MENTION.matcher(text).replaceAll(m -> Matcher.quoteReplacement(render.apply(m.group(1))));
    }
}
