package nl.leerkring.core.method;

import static nl.leerkring.core.method.Step.require;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * How many members a method works with, the case bringer included: {@code group: {min: 3, max: 8}}.
 */
public record GroupSize(int min, int max) {

    /** Any circle: what a method without {@code group} is taken to suit. */
    public static final GroupSize ANY = new GroupSize(2, 99);

    @JsonCreator
    public GroupSize(@JsonProperty(value = "min", required = true) int min,
                     @JsonProperty(value = "max", required = true) int max) {
        require(min >= 2 && min <= 99, "min", "a group has at least 2 members (the bringer and one more); write a min from 2 to 99");
        require(max >= min && max <= 99, "max", "max (" + max + ") must be at least min (" + min + ") and at most 99");
        this.min = min;
        this.max = max;
    }

    public boolean fits(int members) {
        return members >= min && members <= max;
    }
}
