package nl.leerkring.core.feedback;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import nl.leerkring.chat.Choice;
import nl.leerkring.chat.InboundEvent;
import nl.leerkring.core.Mentions;
import nl.leerkring.core.command.Turn;
import nl.leerkring.core.circle.Circle;
import nl.leerkring.core.command.Command;
import nl.leerkring.core.command.ChoiceValue;
import nl.leerkring.core.command.CommandRegistry;
import nl.leerkring.core.command.Need;
import nl.leerkring.core.flow.FlowEngine;
import nl.leerkring.core.flow.FlowRun;
import nl.leerkring.core.flow.FlowStore;
import nl.leerkring.core.flow.StepValue;
import nl.leerkring.core.i18n.Word;
import org.jdbi.v3.core.Handle;

/**
 * Tops and tips: {@code /kring top}, {@code tip}, {@code feedback}, {@code mijn feedback},
 * {@code cultuur} and {@code nudges}; the buttons (top or tip, named or anonymous, and the two
 * buttons of an evaluation step), the feedback form, and the daily culture check.
 *
 * <p>Buttons and forms name their circle (through a draft, a flow or the form's context),
 * because Teams delivers a private button or form in the 1:1 chat, not in the circle's channel.
 */
public final class FeedbackCommands {

    /** The scheduled action of the daily culture check; its value is the circle id. */
    public static final String CULTURE_CHECK = "feedback.culture";

    private final FeedbackPolicy policy;
    private final EvaluationRounds rounds;
    private final Nudges nudges;
    private final Giving giving;

    /**
     * The buttons "Top geven" and "Tip geven" on a case's evaluation step; their value is the
     * step's ({@code flowId:stepIndex}) and {@code TOP} or {@code TIP}.
     */
    static final String EVALUATION_ACTION = "flow.feedback";

    private FeedbackCommands(FlowEngine flows, FeedbackPolicy policy) {
        this.policy = policy;
        this.rounds = new EvaluationRounds(flows.methods());
        this.nudges = new Nudges(policy, rounds);
        this.giving = new Giving(policy, rounds, nudges);
    }

    public static void register(CommandRegistry registry, FlowEngine flows, FeedbackPolicy policy) {
        FeedbackCommands c = new FeedbackCommands(flows, policy);
        flows.addStepChoices((turn, flow, step) -> !step.evaluation() ? List.of() : List.of(
                new Choice(turn.text("feedback.choice.giveTop"), EVALUATION_ACTION, new StepValue(flow).with(FeedbackKind.TOP.name()).encode()),
                new Choice(turn.text("feedback.choice.giveTip"), EVALUATION_ACTION, new StepValue(flow).with(FeedbackKind.TIP.name()).encode())));
        MyFeedback mine = new MyFeedback(policy);
        // "tip" is the same word in Dutch and English, as "start" and "help" are
        registry.section("help.section.feedback");
        registry.command("top", "praise", Need.MEMBER, (turn, args) -> c.giveCommand(turn, args, FeedbackKind.TOP))
                .command("tip", "tip", Need.MEMBER, (turn, args) -> c.giveCommand(turn, args, FeedbackKind.TIP))
                .command("feedback", "feedback", Need.MEMBER, (turn, args) -> c.giveCommand(turn, args, null))
                .add(new Command("mijn feedback", "my feedback", mine::run))
                .command("cultuur", "culture", Need.MEMBER, (turn, args) -> turn.send(CultureReport.of(turn, turn.theCircle(), policy)))
                .command("nudges", "nudges", Need.CIRCLE, c::nudgesSwitch)
                .onChoice(Giving.KIND, c::kindChosen)
                .onChoice(Giving.NAMED, (turn, value) -> c.namedChosen(turn, value, true))
                .onChoice(Giving.ANONYMOUS, (turn, value) -> c.namedChosen(turn, value, false))
                .onChoice(Giving.OPEN_FORM, FormContext::parse, Need.MEMBER, (turn, where) ->
                        c.giving.form(turn, turn.theCircle(), where.kind(), where.encode()).ifPresent(turn::openForm))
                .onChoice(EVALUATION_ACTION, StepValue::parseWithExtra, Need.NOTHING, c::evaluationButton)
                .onChoice(Giving.FORM, FormContext::parse, Need.MEMBER, c::formSent)
                // a person picker offers the whole workspace: someone outside the circle is named while the form is open
                .checkField(Giving.FORM, "receiver", (turn, receiver) -> receiver.equals(turn.userId())
                        ? java.util.Optional.of(turn.text("feedback.error.self"))
                        : turn.circle().filter(circle -> turn.circles().roleOf(circle, receiver).isEmpty())
                                .map(circle -> turn.text("feedback.error.notMember", Mentions.of(receiver))))
                .onScheduled(CULTURE_CHECK, c::dailyCheck);
    }

    // ----------------------------------------------------------------------------------------
    // Commands

    /** {@code /kring top|tip|feedback @naam <tekst>}; without arguments the form (or, for feedback, which one). */
    private void giveCommand(Turn turn, String args, FeedbackKind kind) {
        Circle circle = turn.theCircle();
        if (args.isBlank()) {
            if (kind == null) {
                turn.tell(turn.text("feedback.ask.form"), List.of(
                        new Choice(turn.text("feedback.choice.giveTop"), Giving.OPEN_FORM, FeedbackKind.TOP + ":" + circle.id()),
                        new Choice(turn.text("feedback.choice.giveTip"), Giving.OPEN_FORM, FeedbackKind.TIP + ":" + circle.id())));
            } else {
                giving.form(turn, circle, kind, new FormContext(kind, circle.id(), null, 0).encode()).ifPresent(turn::openForm);
            }
            return;
        }
        Optional<Mentions.Found> mention = Mentions.first(args);
        if (mention.isEmpty() || !args.strip().startsWith("<@")) {
            turn.tell(Giving.usage(turn, kind));
            return;
        }
        String receiver = mention.get().userId();
        String text = mention.get().rest();
        if (giving.acceptable(turn, circle, receiver, text, kind)) {
            giving.draft(turn, circle, receiver, kind, text, giving.contextHere(turn, circle));
        }
    }

    /** {@code /kring nudges uit|aan}: the facilitator switches nudges off or on; without a word, the current state. */
    private void nudgesSwitch(Turn turn, String args) {
        Circle circle = turn.theCircle();
        String word = args.strip().toLowerCase(Locale.ROOT);
        FeedbackStore store = new FeedbackStore(turn.handle());
        if (word.isEmpty()) {
            if (turn.requireMember(circle).isPresent()) {
                turn.tell(turn.text(store.settings(circle).nudgesOn() ? "feedback.nudges.areOn" : "feedback.nudges.areOff"));
            }
            return;
        }
        Boolean on = Word.onOff(word).orElse(null);
        if (on == null) {
            turn.tell(turn.text("feedback.nudges.usage"));
            return;
        }
        if (turn.requireFacilitator(circle)) {
            store.setNudges(circle, on);
            turn.say(turn.text(on ? "feedback.nudges.on" : "feedback.nudges.off", Mentions.of(turn.userId())));
        }
    }

    // ----------------------------------------------------------------------------------------
    // Buttons and forms

    /** "Top" or "Tip" for a draft made with {@code /kring feedback}: value {@code draftId:KIND}. */
    private void kindChosen(Turn turn, String value) {
        Optional<String[]> parts = ChoiceValue.parts(value, 2);
        Optional<FeedbackKind> kind = parts.flatMap(p -> FeedbackKind.parse(p[1]));
        withDraft(turn, parts.map(p -> p[0]).orElse(""), (circle, draft) -> {
            if (kind.isEmpty()) {
                turn.tell(turn.text("error.staleChoice"));
                return;
            }
            new FeedbackStore(turn.handle()).setDraftKind(draft, kind.get());
            giving.askNamed(turn, draft.id(), kind.get());
        });
    }

    /** "Met mijn naam" or "Anoniem": the draft is given and deleted, so no row keeps an anonymous giver. */
    private void namedChosen(Turn turn, String value, boolean named) {
        withDraft(turn, value, (circle, draft) -> {
            if (draft.kind() == null) {
                giving.askKind(turn, draft.id());
                return;
            }
            new FeedbackStore(turn.handle()).deleteDraft(draft);
            if (turn.circles().roleOf(circle, draft.receiverId()).isEmpty()) {
                turn.tell(turn.text("feedback.error.notMember", Mentions.of(draft.receiverId())));
                return;
            }
            giving.give(turn, circle, draft.receiverId(), draft.kind(), draft.text(), named ? turn.userId() : null,
                    draft.context());
        });
    }

    private interface DraftAction {
        void run(Circle circle, FeedbackStore.Draft draft);
    }

    /** The giver's own unexpired draft and its circle; anything else is told that the button expired. */
    private void withDraft(Turn turn, String id, DraftAction action) {
        Optional<FeedbackStore.Draft> draft = ChoiceValue.number(id).flatMap(n ->
                new FeedbackStore(turn.handle()).draft(turn.here().workspaceId(), n, turn.now()))
                .filter(d -> d.giverId().equals(turn.userId()));
        memberCircle(turn, draft.map(FeedbackStore.Draft::circleId), "feedback.error.expired")
                .ifPresent(circle -> action.run(circle, draft.get()));
    }

    /** The buttons of an evaluation step: value {@code flowId:stepIndex:KIND}. */
    private void evaluationButton(Turn turn, StepValue at) {
        Optional<FeedbackKind> kind = FeedbackKind.parse(at.extra());
        Optional<FlowRun> flow = kind.isPresent()
                ? FlowStore.of(turn).find(turn.here().workspaceId(), at.flowId()) : Optional.empty();
        Optional<Circle> circle = memberCircle(turn, flow.map(FlowRun::circleId), "error.staleChoice");
        if (circle.isEmpty()) {
            return;
        }
        if (!rounds.inEvaluation(flow.get()) || flow.get().stepIndex() != at.step()) {
            turn.tell(turn.text("feedback.error.roundOver"));
            return;
        }
        FormContext context = new FormContext(kind.get(), circle.get().id(), flow.get().id(), flow.get().stepIndex());
        giving.form(turn, circle.get(), kind.get(), context.encode()).ifPresent(turn::openForm);
    }

    /** The feedback form, sent: checked like a command, then given at once (the form asked named or anonymous). */
    private void formSent(Turn turn, FormContext where) {
        Circle circle = turn.theCircle();
        Map<String, String> form = turn.event().form();
        String receiver = form.getOrDefault("receiver", "").strip();
        String text = form.getOrDefault("text", "").strip();
        String who = form.getOrDefault("who", "");
        FeedbackKind kind = where.kind();
        if (receiver.isEmpty()) {
            turn.tell(Giving.usage(turn, kind));
            return;
        }
        if (!giving.acceptable(turn, circle, receiver, text, kind)) {
            return;
        }
        if (!who.equals(Giving.NAMED_VALUE) && !who.equals(Giving.ANONYMOUS_VALUE)) {
            turn.tell(turn.text("feedback.error.namedOrNot"));
            return;
        }
        FeedbackContext context = where.flowId() == null ? FeedbackContext.CIRCLE
                : FlowStore.of(turn).find(circle.workspaceId(), where.flowId())
                        .filter(f -> f.circleId() == circle.id())
                        .map(f -> FeedbackContext.flow(f.id())).orElse(FeedbackContext.CIRCLE);
        giving.give(turn, circle, receiver, kind, text, who.equals(Giving.NAMED_VALUE) ? turn.userId() : null, context);
    }

    /**
     * The daily culture check: one scheduled event per circle with nudges on, each handled in
     * its own transaction like any event. The event key holds the day, so a second run on the
     * same day (another server in the cluster, a misfire) acts once.
     */
    public static List<InboundEvent> dailyChecks(Handle handle, Instant now, ZoneId zone) {
        LocalDate day = now.atZone(zone).toLocalDate();
        return FeedbackStore.circlesWithNudges(handle).stream()
                .map(c -> InboundEvent.scheduled("feedback-culture:" + c.id() + "@" + day, c.channel(), CULTURE_CHECK,
                        String.valueOf(c.id())))
                .toList();
    }

    private void dailyCheck(Turn turn, String value) {
        turn.circle().filter(c -> String.valueOf(c.id()).equals(value))
                .ifPresent(c -> nudges.cultureNudge(turn, c, true));
    }

    /**
     * The circle a button or form names (in this workspace and on this platform) when the user
     * is one of its members; otherwise the user is told why ({@code goneKey}: the button or draft
     * is gone). The turn then answers in that circle's language.
     */
    private static Optional<Circle> memberCircle(Turn turn, Optional<Long> circleId, String goneKey) {
        Optional<Circle> circle = circleId.flatMap(turn::circleNamed);
        if (circle.isEmpty()) {
            turn.tell(turn.text(goneKey));
            return circle;
        }
        return turn.requireMember(circle.get()).isPresent() ? circle : Optional.empty();
    }

    /**
     * What the feedback form carries: {@code KIND:circleId}, or {@code KIND:circleId:flowId:step}
     * for an evaluation step. Never the text.
     */
    record FormContext(FeedbackKind kind, long circleId, Long flowId, int step) implements ChoiceValue.OfCircle {

        @Override
        public String encode() {
            return kind + ":" + circleId + (flowId == null ? "" : ":" + flowId + ":" + step);
        }

        static Optional<FormContext> parse(String value) {
            String[] p = ChoiceValue.parts(value, 2).or(() -> ChoiceValue.parts(value, 4)).orElse(null);
            if (p == null) {
                return Optional.empty();
            }
            Optional<FeedbackKind> kind = FeedbackKind.parse(p[0]);
            Optional<Long> circle = ChoiceValue.number(p[1]);
            Optional<Long> flow = p.length == 4 ? ChoiceValue.number(p[2]) : Optional.empty();
            Optional<Long> step = p.length == 4 ? ChoiceValue.number(p[3]) : Optional.empty();
            if (kind.isEmpty() || circle.isEmpty() || (p.length == 4 && (flow.isEmpty() || step.isEmpty()))) {
                return Optional.empty();
            }
            return Optional.of(new FormContext(kind.get(), circle.get(), flow.orElse(null), step.map(Long::intValue).orElse(0)));
        }
    }
}
