package nl.leerkring.core.feedback;

import nl.leerkring.core.command.Turn;

/** Small pieces of feedback wording shared by the messages: "12 tops en 4 tips", "3:1". */
final class Wording {

    private Wording() {
    }

    /** "1 top", "12 tops". */
    static String count(Turn turn, FeedbackKind kind, int n) {
        return turn.text("feedback.count." + kind.key() + (n == 1 ? ".one" : ".many"), n);
    }

    /** "12 tops en 4 tips". */
    static String counts(Turn turn, Tally tally) {
        return turn.text("feedback.count.both", count(turn, FeedbackKind.TOP, tally.tops()),
                count(turn, FeedbackKind.TIP, tally.tips()));
    }

    /** "12 tops en 4 tips in de laatste 8 weken (3:1)". */
    static String window(Turn turn, Tally tally, int weeks) {
        return turn.text("feedback.count.window", counts(turn, tally), weeks, tally.ratio(turn.texts().language()));
    }
}
