package nl.leerkring.core.method;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Who acts in a step. */
public enum Actor {
    /** The case bringer. */
    BRINGER,
    /** Every member but the case bringer, one after the other, in a fixed order. */
    EACH_IN_TURN,
    /** Every member but the case bringer, all at once. */
    EVERYONE,
    /** Every member including the case bringer, all at once (a team's own work process, an evaluation). */
    ALL,
    /** Members picked at random (see {@link Step#pick()}); a picked member may pass. */
    PICKED,
    /** One member picked to sum up. */
    SUMMARISER,
    /** The co-host (or, when there is none, the facilitator). */
    COHOST;

    @JsonValue
    public String yamlName() {
        return YamlNames.of(this);
    }

    @JsonCreator
    public static Actor of(String value) {
        return YamlNames.parse(Actor.class, "actor", value);
    }
}
