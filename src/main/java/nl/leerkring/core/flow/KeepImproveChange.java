package nl.leerkring.core.flow;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Keep / improve / change items, typed as {@code verbeteren: de overdracht op maandag}. */
final class KeepImproveChange {

    private static final Pattern ITEM = Pattern.compile(
            "(?is)^\\s*(behouden|houden|keep|verbeteren|improve|moet anders|moet echt anders|anders|change)\\s*[:\\-–]\\s*(.+)$");
    private static final Map<String, Contribution.Kind> WORDS = Map.of(
            "behouden", Contribution.Kind.KEEP, "houden", Contribution.Kind.KEEP, "keep", Contribution.Kind.KEEP,
            "verbeteren", Contribution.Kind.IMPROVE, "improve", Contribution.Kind.IMPROVE,
            "moet anders", Contribution.Kind.CHANGE, "moet echt anders", Contribution.Kind.CHANGE,
            "anders", Contribution.Kind.CHANGE, "change", Contribution.Kind.CHANGE);

    /** The three columns, in the order the board shows them. */
    static final List<Contribution.Kind> KINDS = List.of(Contribution.Kind.KEEP, Contribution.Kind.IMPROVE,
            Contribution.Kind.CHANGE);

    /** A column by its name in a button's value ({@code KEEP}), or empty. */
    static Optional<Contribution.Kind> kind(String name) {
        return KINDS.stream().filter(k -> k.name().equals(name)).findFirst();
    }

    record Item(Contribution.Kind kind, String text) {
    }

    private KeepImproveChange() {
    }

    static Optional<Item> parse(String text) {
        Matcher m = ITEM.matcher(text);
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new Item(WORDS.get(m.group(1).toLowerCase(java.util.Locale.ROOT)), m.group(2).strip()));
    }

    /** The sentence {@link #parse} reads back as this item (used for answers from the form). */
    static String write(Contribution.Kind kind, String text) {
        String word = switch (kind) {
            case KEEP -> "keep";
            case IMPROVE -> "improve";
            case CHANGE -> "change";
            default -> throw new IllegalArgumentException("not a keep/improve/change kind: " + kind);
        };
        return word + ": " + text;
    }
}
