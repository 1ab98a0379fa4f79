package nl.leerkring.core.feedback;

import java.time.Duration;
import java.util.List;
import nl.leerkring.delivery.Outbox;
import java.util.Optional;
import nl.leerkring.chat.Address;
import nl.leerkring.chat.Choice;
import nl.leerkring.chat.Form;
import nl.leerkring.chat.Form.FormField;
import nl.leerkring.chat.OutgoingMessage;
import nl.leerkring.core.Mentions;
import nl.leerkring.core.command.Turn;
import nl.leerkring.core.circle.Circle;
import nl.leerkring.core.circle.Member;
import nl.leerkring.core.flow.FlowRun;
import nl.leerkring.core.flow.FlowStore;

/**
 * Giving one top or tip: the checks (a member, not oneself, some text, not too long), the
 * questions to the giver, and what happens once it is given: stored, sent privately to the
 * receiver, and only the totals in the channel.
 *
 * <p>No message to the giver ever repeats the text: the giver's own messages and the receiver's
 * message must not sit side by side in the outbox with the same text.
 */
final class Giving {

    static final int MAX_TEXT = 1000;
    /** How long a draft waits for the giver's choices. */
    static final Duration DRAFT_LIFETIME = Duration.ofMinutes(15);

    static final String KIND = "feedback.kind";
    static final String NAMED = "feedback.named";
    static final String ANONYMOUS = "feedback.anonymous";
    static final String OPEN_FORM = "feedback.form";
    static final String FORM = "feedback.form.submit";
    static final String NAMED_VALUE = "named";
    static final String ANONYMOUS_VALUE = "anonymous";

    private final FeedbackPolicy policy;
    private final EvaluationRounds rounds;
    private final Nudges nudges;

    Giving(FeedbackPolicy policy, EvaluationRounds rounds, Nudges nudges) {
        this.policy = policy;
        this.rounds = rounds;
        this.nudges = nudges;
    }

    /**
     * True when this feedback may be given; otherwise the giver is told why, privately.
     *
     * @param kind null while the giver has not said whether it is a top or a tip
     */
    boolean acceptable(Turn turn, Circle circle, String receiver, String text, FeedbackKind kind) {
        if (receiver.equals(turn.userId())) {
            turn.tell(turn.text("feedback.error.self"));
            return false;
        }
        if (turn.circles().roleOf(circle, receiver).isEmpty()) {
            turn.tell(turn.text("feedback.error.notMember", Mentions.of(receiver)));
            return false;
        }
        if (text.isBlank()) {
            turn.tell(usage(turn, kind));
            return false;
        }
        if (text.length() > MAX_TEXT) {
            turn.tell(turn.text("error.tooLong", text.length(), MAX_TEXT));
            return false;
        }
        return true;
    }

    static String usage(Turn turn, FeedbackKind kind) {
        return turn.text(kind == null ? "feedback.usage.feedback" : "feedback.usage." + kind.key());
    }

    /** Feedback given with a command counts for a case discussion when typed in its thread during its evaluation. */
    FeedbackContext contextHere(Turn turn, Circle circle) {
        return rounds.inThisThread(turn, circle).map(f -> FeedbackContext.flow(f.id())).orElse(FeedbackContext.CIRCLE);
    }

    /** Holds the feedback as a draft, and asks what is still open: top or tip, then named or anonymous. */
    void draft(Turn turn, Circle circle, String receiver, FeedbackKind kind, String text, FeedbackContext context) {
        FeedbackStore store = new FeedbackStore(turn.handle());
        store.deleteExpiredDrafts(circle.workspaceId(), turn.now());
        long id = store.createDraft(circle, turn.userId(), receiver, kind, text, context, turn.now().plus(DRAFT_LIFETIME));
        if (kind == null) {
            askKind(turn, id);
        } else {
            askNamed(turn, id, kind);
        }
    }

    void askKind(Turn turn, long draftId) {
        turn.tell(turn.text("feedback.ask.kind"), List.of(
                new Choice(turn.text("feedback.choice.top"), KIND, draftId + ":" + FeedbackKind.TOP),
                new Choice(turn.text("feedback.choice.tip"), KIND, draftId + ":" + FeedbackKind.TIP)));
    }

    void askNamed(Turn turn, long draftId, FeedbackKind kind) {
        turn.tell(turn.text("feedback.ask.named." + kind.key()), List.of(
                new Choice(turn.text("feedback.choice.named"), NAMED, String.valueOf(draftId)),
                new Choice(turn.text("feedback.choice.anonymous"), ANONYMOUS, String.valueOf(draftId))));
    }

    /** The form of the evaluation buttons and of {@code /kring top} without arguments; empty when nobody can receive. */
    Optional<Form> form(Turn turn, Circle circle, FeedbackKind kind, String context) {
        List<Choice> others = turn.circles().members(circle).stream().map(Member::userId)
                .filter(u -> !u.equals(turn.userId()))
                .map(u -> new Choice(Mentions.of(u), "", u)).toList();
        if (others.isEmpty()) {
            turn.tell(turn.text("feedback.error.nobody"));
            return Optional.empty();
        }
        List<Choice> named = List.of(new Choice(turn.text("feedback.choice.named"), "", NAMED_VALUE),
                new Choice(turn.text("feedback.choice.anonymous"), "", ANONYMOUS_VALUE));
        return Optional.of(new Form(FORM, context, turn.text("feedback.form.title." + kind.key()),
                turn.text("feedback.form.submit"), List.of(
                FormField.pick("receiver", turn.text("feedback.form.receiver"), others).as(FormField.Kind.PERSON),
                FormField.longText("text", turn.text("feedback.form.text." + kind.key()), MAX_TEXT),
                FormField.pick("who", turn.text("feedback.form.who"), named))));
    }

    /**
     * Gives the feedback: stored (without the giver when anonymous), the text privately to the
     * receiver, the totals to the channel (or the case's thread), a word to the giver, then the nudges.
     *
     * @param giver the giver when named; null for anonymous feedback
     */
    void give(Turn turn, Circle circle, String receiver, FeedbackKind kind, String text, String giver,
              FeedbackContext context) {
        FeedbackStore store = new FeedbackStore(turn.handle());
        store.give(circle, receiver, kind, text, giver, context, turn.now());

        String title = giver == null ? turn.text("feedback.received.anonymous." + kind.key())
                : turn.text("feedback.received.named." + kind.key(), Mentions.of(giver));
        String where = context.isFlow() ? caseLine(turn, circle, context.id()) : "";
        turn.send(OutgoingMessage.text(Address.direct(circle.platform(), circle.workspaceId(), receiver),
                text + "\n\n" + where + turn.text("feedback.received.footer")).withTitle(title));

        // the channel sees only totals: never who gave or received, never the text
        Tally window = store.tallySince(circle, CultureReading.windowStart(turn.now(), policy.zone(), policy.windowWeeks()));
        String given = turn.text("feedback.given." + kind.key());
        String inCircle = turn.text("feedback.given.circle", Wording.window(turn, window, policy.windowWeeks()));
        if (context.isFlow()) {
            String inRound = turn.text("feedback.given.round", Wording.counts(turn, store.tallyIn(circle, context)));
            turn.send(OutgoingMessage.text(Turn.channelOf(circle), given + " " + inRound + " " + inCircle)
                    .inThreadOf(FlowRun.threadKey(context.id())));
        } else {
            turn.send(OutgoingMessage.text(Turn.channelOf(circle), given + " " + inCircle));
        }
        if (giver == null) {
            forgetTheAsking(turn, circle);
            turn.tellAndForget(turn.text("feedback.sent.anonymous." + kind.key()));
        } else {
            turn.tell(turn.text("feedback.sent.named." + kind.key(), Mentions.of(receiver)));
        }
        nudges.afterFeedback(turn, circle, context);
    }

    /**
     * Anonymous means that no row ties the giver to the moment: the messages that asked them top
     * or tip, named or anonymous (or showed them the form) go, now that their buttons are used.
     */
    private static void forgetTheAsking(Turn turn, Circle circle) {
        Outbox.forgetPrivate(turn.handle(), circle.platform(), circle.workspaceId(), turn.userId(), m ->
                (m.form() != null && FORM.equals(m.form().action()))
                        || m.choices().stream().anyMatch(c -> List.of(KIND, NAMED, ANONYMOUS).contains(c.action())));
    }

    /** "Bij de casusbespreking “…”." for the receiver, when the feedback belongs to one. */
    private static String caseLine(Turn turn, Circle circle, long flowId) {
        return FlowStore.of(turn).find(circle.workspaceId(), flowId)
                .map(f -> turn.text("feedback.received.case", f.title()) + "\n")
                .orElse("");
    }
}
