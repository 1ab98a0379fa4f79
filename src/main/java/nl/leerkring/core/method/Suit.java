package nl.leerkring.core.method;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The kind of question a method suits, after the three kinds of questions in intervision: a
 * practical problem where content and know-how count, a question about how the case bringer
 * acts, or one about the case bringer as a person.
 */
public enum Suit {
    /** A practical problem: applying content and know-how in a difficult situation. */
    PRACTICAL,
    /** How the case bringer acts and deals with the content. */
    ACTING,
    /** The case bringer as a person: their views, habits and qualities. */
    PERSON;

    @JsonValue
    public String yamlName() {
        return YamlNames.of(this);
    }

    @JsonCreator
    public static Suit of(String value) {
        return YamlNames.parse(Suit.class, "suits", value);
    }
}
