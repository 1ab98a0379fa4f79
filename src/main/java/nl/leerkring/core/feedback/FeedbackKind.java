package nl.leerkring.core.feedback;

import java.util.Optional;

/** A top names what went well; a tip names what could be better. */
public enum FeedbackKind {
    TOP, TIP;

    /** The kind a button or form value names, or empty for anything else. */
    static Optional<FeedbackKind> parse(String value) {
        for (FeedbackKind k : values()) {
            if (k.name().equals(value)) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }

    /** The suffix of this kind's text keys: {@code feedback.<something>.top} or {@code .tip}. */
    String key() {
        return this == TOP ? "top" : "tip";
    }
}
