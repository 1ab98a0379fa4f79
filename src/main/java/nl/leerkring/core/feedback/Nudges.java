package nl.leerkring.core.feedback;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import nl.leerkring.chat.Address;
import nl.leerkring.chat.Field;
import nl.leerkring.chat.OutgoingMessage;
import nl.leerkring.core.command.Turn;
import nl.leerkring.core.circle.Circle;
import nl.leerkring.core.circle.Member;
import nl.leerkring.core.feedback.CultureReading.Culture;
import nl.leerkring.core.flow.FlowRun;

/**
 * Short, kind nudges in the circle's language:
 * <ul>
 * <li>in an evaluation round whose tips run ahead of one per three tops, once per round, in the
 *     case's thread: name what went well first;</li>
 * <li>to the facilitator and co-host, privately, when the window looks like a care, fear or
 *     avoidance culture: at most once per nudge interval (a week) per circle. Avoidance is only
 *     raised by the daily check, never right after someone gave feedback.</li>
 * </ul>
 * A circle whose facilitator switched nudges off gets neither.
 */
final class Nudges {

    private static final int MAX_QUESTION_SHOWN = 80;

    private final FeedbackPolicy policy;
    private final EvaluationRounds rounds;

    Nudges(FeedbackPolicy policy, EvaluationRounds rounds) {
        this.policy = policy;
        this.rounds = rounds;
    }

    void afterFeedback(Turn turn, Circle circle, FeedbackContext context) {
        if (!new FeedbackStore(turn.handle()).settings(circle).nudgesOn()) {
            return;
        }
        if (context.isFlow()) {
            rounds.current(turn, circle, context.id()).ifPresent(flow -> roundNudge(turn, circle, flow));
        }
        cultureNudge(turn, circle, false);
    }

    private void roundNudge(Turn turn, Circle circle, FlowRun flow) {
        FeedbackStore store = new FeedbackStore(turn.handle());
        Tally round = store.tallyIn(circle, FeedbackContext.flow(flow.id()));
        if (CultureReading.tipsRunAhead(round, policy.thresholds())
                && store.claimRoundNudge(circle, EvaluationRounds.roundKey(flow), turn.now())) {
            turn.send(OutgoingMessage.text(Turn.channelOf(circle), turn.text("feedback.nudge.round"))
                    .inThreadOf(flow.threadKey()));
        }
    }

    /**
     * Tells the facilitator and co-host when the circle's culture over the window is worrying.
     *
     * @param daily true for the daily check, which may also raise avoidance
     */
    void cultureNudge(Turn turn, Circle circle, boolean daily) {
        Duration age = Duration.between(circle.createdAt(), turn.now());
        if (!CultureReading.settled(age, policy.thresholds())) {
            return;
        }
        FeedbackStore store = new FeedbackStore(turn.handle());
        Tally window = store.tallySince(circle, CultureReading.windowStart(turn.now(), policy.zone(), policy.windowWeeks()));
        Culture culture = CultureReading.read(window, age, policy.thresholds());
        if (!culture.worrying() || (culture == Culture.AVOIDANCE && !daily)) {
            return;
        }
        Instant lastAllowed = turn.now().minus(policy.nudgeInterval());
        if (!store.claimNudge(circle, turn.now(), lastAllowed)) {
            return;
        }
        String text = turn.text("feedback.nudge.culture.intro", Wording.window(turn, window, policy.windowWeeks()))
                + "\n" + CultureReport.meaning(turn, culture) + "\n" + CultureReport.tryThis(turn, culture)
                + "\n\n" + turn.text("feedback.nudge.culture.footer");
        List<Field> fields = new ArrayList<>();
        if (circle.learningQuestion() != null) {
            fields.add(new Field(turn.text("feedback.nudge.culture.question"), shorten(circle.learningQuestion())));
        }
        for (Member m : turn.circles().members(circle)) {
            if (m.role().canSteer()) {
                turn.send(OutgoingMessage.text(Address.direct(circle.platform(), circle.workspaceId(), m.userId()), text)
                        .withTitle(turn.text("feedback.nudge.culture.title")).withFields(fields));
            }
        }
    }

    /** A facilitator of two circles sees which one is meant by its learning question. */
    private static String shorten(String question) {
        String line = question.replaceAll("\\s+", " ").strip();
        return line.length() <= MAX_QUESTION_SHOWN ? line : line.substring(0, MAX_QUESTION_SHOWN - 1) + "…";
    }
}
