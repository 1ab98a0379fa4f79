package nl.leerkring.core.command;

/**
 * What a command or choice needs before its handler runs. The registry checks it and answers
 * the user with one message per refusal, so handlers start from a turn where it holds.
 */
public enum Need {
    /** Nothing: anyone, anywhere. */
    NOTHING,
    /** A circle in this channel (or the one a choice names). */
    CIRCLE,
    /** A circle, and the acting user is one of its members. */
    MEMBER,
    /** A member who steers: the facilitator or the co-host. */
    STEERING,
    /** The facilitator. */
    FACILITATOR;

    /** True when it holds; otherwise the user has been told why. */
    boolean check(Turn turn) {
        if (this == NOTHING) {
            return true;
        }
        if (turn.requireCircle().isEmpty()) {
            return false;
        }
        return switch (this) {
            case NOTHING, CIRCLE -> true;
            case MEMBER -> turn.requireMember(turn.theCircle()).isPresent();
            case STEERING -> turn.requireSteering(turn.theCircle());
            case FACILITATOR -> turn.requireFacilitator(turn.theCircle());
        };
    }
}
