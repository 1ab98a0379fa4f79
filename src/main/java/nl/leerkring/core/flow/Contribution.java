package nl.leerkring.core.flow;

/** What one member brought into one step: an answer, an idea, a vote, a pass, a keep/improve/change item. */
public record Contribution(long id, int stepIndex, String userId, Kind kind, String text) {

    public enum Kind {
        ANSWER, IDEA, VOTE, PASS, KEEP, IMPROVE, CHANGE, ACTION
    }
}
