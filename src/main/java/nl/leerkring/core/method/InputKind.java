package nl.leerkring.core.method;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** What a step asks of its actors. */
public enum InputKind {
    /** Nothing: the step is read, talked about elsewhere, and moved on. */
    NONE,
    /** Free text. */
    TEXT,
    /** A list of ideas, one contribution each. */
    IDEAS,
    /** A vote on the contributions of an earlier step ({@link Step#optionsFrom()}). */
    VOTE,
    /** Action items: what, an owner and a due date. */
    ACTIONS,
    /** Keep / improve / change items for one work process. */
    KIC;

    @JsonValue
    public String yamlName() {
        return YamlNames.of(this);
    }

    @JsonCreator
    public static InputKind of(String value) {
        return YamlNames.parse(InputKind.class, "input", value);
    }
}
