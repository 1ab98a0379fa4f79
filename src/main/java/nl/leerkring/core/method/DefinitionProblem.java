package nl.leerkring.core.method;

/**
 * A rule of a method file that is broken, with the key it is about ({@code complete},
 * {@code steps[2].options_from}), so that the message can point at that key's own line.
 */
public final class DefinitionProblem extends IllegalArgumentException {

    private final String key;

    public DefinitionProblem(String key, String message) {
        super(message);
        this.key = key;
    }

    /** The key, relative to the object whose rule this is; null when the rule is about the whole object. */
    public String key() {
        return key;
    }
}
