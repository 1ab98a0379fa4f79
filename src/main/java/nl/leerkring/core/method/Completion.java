package nl.leerkring.core.method;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** When a step is complete and the flow goes on by itself. A steering member can always move on. */
public enum Completion {
    /** When every actor has answered (or passed). */
    ALL_ANSWERED,
    /** When the step's timer runs out. */
    TIMER,
    /** Only when the case bringer, facilitator or co-host moves on. */
    MOVED_ON;

    @JsonValue
    public String yamlName() {
        return YamlNames.of(this);
    }

    @JsonCreator
    public static Completion of(String value) {
        return YamlNames.parse(Completion.class, "complete", value);
    }
}
