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
import nl.leerkring.core.command.CommandRegistry;
import nl.leerkring.core.flow.FlowEngine;
import nl.leerkring.core.flow.FlowRun;
import nl.leerkring.core.flow.FlowStore;
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

    private FeedbackCommands(FlowEngine flows, FeedbackPolicy policy) {
        this.policy = policy;
        this.rounds = new EvaluationRounds(flows.methods());
        this.nudges = new Nudges(policy, rounds);
        this.giving = new Giving(policy, rounds, nudges);
    }

    public static void register(CommandRegistry registry, FlowEngine flows, FeedbackPolicy policy) {
        FeedbackCommands c = new FeedbackCommands(flows, policy);
        MyFeedback mine = new MyFeedback(policy);
        // "tip" is the same word in Dutch and English, as "start" and "help" are
        registry.section("help.section.feedback");
        registry.add(new Command("top", "praise", (turn, args) -> c.giveCommand(turn, args, FeedbackKind.TOP)))
                .add(new Command("tip", "tip", (turn, args) -> c.giveCommand(turn, args, FeedbackKind.TIP)))
                .add(new Command("feedback", "feedback", (turn, args) -> c.giveCommand(turn, args, null)))
                .add(new Command("mijn", "my", mine::run))
                .add(new Command("cultuur", "culture", (turn, args) -> c.culture(turn)))
                .add(new Command("nudges", "nudges", c::nudgesSwitch))
                .onChoice(Giving.KIND, c::kindChosen)
                .onChoice(Giving.NAMED, (turn, value) -> c.namedChosen(turn, value, true))
                .onChoice(Giving.ANONYMOUS, (turn, value) -> c.namedChosen(turn, value, false))
                .onChoice(Giving.OPEN_FORM, c::openForm)
                .onChoice(FlowEngine.FEEDBACK_ACTION, c::evaluationButton)
                .onChoice(Giving.FORM, c::formSent)
                .onScheduled(CULTURE_CHECK, c::dailyCheck);
    }

    // ----------------------------------------------------------------------------------------
    // Commands

    /** {@code /kring top|tip|feedback @naam <tekst>}; without arguments the form (or, for feedback, which one). */
    private void giveCommand(Turn turn, String args, FeedbackKind kind) {
        Optional<Circle> found = turn.requireCircle();
        if (found.isEmpty() || turn.requireMember(found.get()).isEmpty()) {
            return;
        }
        Circle circle = found.get();
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

    private void culture(Turn turn) {
        Optional<Circle> found = turn.requireCircle();
        if (found.isPresent() && turn.requireMember(found.get()).isPresent()) {
            turn.send(CultureReport.of(turn, found.get(), policy));
        }
    }

    /** {@code /kring nudges uit|aan}: the facilitator switches nudges off or on; without a word, the current state. */
    private void nudgesSwitch(Turn turn, String args) {
        Optional<Circle> found = turn.requireCircle();
        if (found.isEmpty()) {
            return;
        }
        Circle circle = found.get();
        String word = args.strip().toLowerCase(Locale.ROOT);
        FeedbackStore store = new FeedbackStore(turn.handle());
        if (word.isEmpty()) {
            if (turn.requireMember(circle).isPresent()) {
                turn.tell(turn.text(store.settings(circle).nudgesOn() ? "feedback.nudges.areOn" : "feedback.nudges.areOff"));
            }
            return;
        }
        Boolean on = switch (word) {
            case "aan", "on" -> true;
            case "uit", "off" -> false;
            default -> null;
        };
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
        String[] parts = value.split(":");
        Optional<FeedbackKind> kind = parts.length == 2 ? FeedbackKind.parse(parts[1]) : Optional.empty();
        withDraft(turn, parts[0], (circle, draft) -> {
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
        Optional<FeedbackStore.Draft> draft = parseLong(id).flatMap(n ->
                new FeedbackStore(turn.handle()).draft(turn.here().workspaceId(), n, turn.now()))
                .filter(d -> d.giverId().equals(turn.userId()));
        memberCircle(turn, draft.map(FeedbackStore.Draft::circleId), "feedback.error.expired")
                .ifPresent(circle -> action.run(circle, draft.get()));
    }

    /** "Top geven" / "Tip geven" under {@code /kring feedback}: value {@code KIND:circleId}. */
    private void openForm(Turn turn, String value) {
        Optional<FormContext> where = FormContext.parse(value);
        memberCircle(turn, where.map(FormContext::circleId), "error.staleChoice").ifPresent(circle ->
                giving.form(turn, circle, where.get().kind(), where.get().encode()).ifPresent(turn::openForm));
    }

    /** The buttons of an evaluation step: value {@code flowId:stepIndex:KIND}. */
    private void evaluationButton(Turn turn, String value) {
        String[] parts = value.split(":");
        Optional<Long> step = parts.length == 3 ? parseLong(parts[1]) : Optional.empty();
        Optional<FeedbackKind> kind = parts.length == 3 ? FeedbackKind.parse(parts[2]) : Optional.empty();
        Optional<FlowRun> flow = step.isPresent() && kind.isPresent()
                ? parseLong(parts[0]).flatMap(id -> new FlowStore(turn.handle()).find(turn.here().workspaceId(), id))
                : Optional.empty();
        Optional<Circle> circle = memberCircle(turn, flow.map(FlowRun::circleId), "error.staleChoice");
        if (circle.isEmpty()) {
            return;
        }
        if (!rounds.inEvaluation(flow.get()) || flow.get().stepIndex() != step.get()) {
            turn.tell(turn.text("feedback.error.roundOver"));
            return;
        }
        FormContext context = new FormContext(kind.get(), circle.get().id(), flow.get().id(), flow.get().stepIndex());
        giving.form(turn, circle.get(), kind.get(), context.encode()).ifPresent(turn::openForm);
    }

    /** The feedback form, sent: checked like a command, then given at once (the form asked named or anonymous). */
    private void formSent(Turn turn, String value) {
        Optional<FormContext> where = FormContext.parse(value);
        Optional<Circle> found = memberCircle(turn, where.map(FormContext::circleId), "error.staleChoice");
        if (found.isEmpty()) {
            return;
        }
        Circle circle = found.get();
        Map<String, String> form = turn.event().form();
        String receiver = form.getOrDefault("receiver", "").strip();
        String text = form.getOrDefault("text", "").strip();
        String who = form.getOrDefault("who", "");
        FeedbackKind kind = where.get().kind();
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
        FeedbackContext context = where.get().flowId() == null ? FeedbackContext.CIRCLE
                : new FlowStore(turn.handle()).find(circle.workspaceId(), where.get().flowId())
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

    private static Optional<Long> parseLong(String s) {
        try {
            return Optional.of(Long.parseLong(s.strip()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /**
     * What the feedback form carries: {@code KIND:circleId}, or {@code KIND:circleId:flowId:step}
     * for an evaluation step. Never the text.
     */
    record FormContext(FeedbackKind kind, long circleId, Long flowId, int step) {

        String encode() {
            return kind + ":" + circleId + (flowId == null ? "" : ":" + flowId + ":" + step);
        }

        static Optional<FormContext> parse(String value) {
            String[] p = value.split(":");
            if (p.length != 2 && p.length != 4) {
                return Optional.empty();
            }
            Optional<FeedbackKind> kind = FeedbackKind.parse(p[0]);
            Optional<Long> circle = parseLong(p[1]);
            Optional<Long> flow = p.length == 4 ? parseLong(p[2]) : Optional.empty();
            Optional<Long> step = p.length == 4 ? parseLong(p[3]) : Optional.empty();
            if (kind.isEmpty() || circle.isEmpty() || (p.length == 4 && (flow.isEmpty() || step.isEmpty()))) {
                return Optional.empty();
            }
            return Optional.of(new FormContext(kind.get(), circle.get(), flow.orElse(null), step.map(Long::intValue).orElse(0)));
        }
    }
}
