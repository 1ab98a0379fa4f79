package nl.leerkring.core.command;

import java.util.Optional;

/**
 * What a button or form carries back, as a record that writes itself into the value string and
 * reads itself from it. Values are ids only, never text a user typed; whoever presses is checked
 * against the stored state, never trusted from the value.
 */
public interface ChoiceValue {

    /** The value string a button carries. */
    String encode();

    /** A value that names the circle it belongs to (buttons in direct messages have no channel). */
    interface OfCircle extends ChoiceValue {
        long circleId();
    }

    /** Reads a value string; empty when it is not one of this kind (an old or edited button). */
    @FunctionalInterface
    interface Parser<V> {
        Optional<V> parse(String value);
    }

    /** The parts of {@code a:b:c}, when there are exactly {@code count}. */
    static Optional<String[]> parts(String value, int count) {
        String[] parts = value == null ? new String[0] : value.split(":", -1);
        return parts.length == count ? Optional.of(parts) : Optional.empty();
    }

    /** A number in a value, or empty. */
    static Optional<Long> number(String part) {
        try {
            return Optional.of(Long.parseLong(part.strip()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
