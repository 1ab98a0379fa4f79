package nl.leerkring.core.flow;

import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import nl.leerkring.chat.Choice;
import nl.leerkring.chat.Field;
import nl.leerkring.chat.OutgoingMessage;
import nl.leerkring.core.Mentions;
import nl.leerkring.core.action.ActionItem;
import nl.leerkring.core.action.ActionStore;
import nl.leerkring.core.command.Turn;
import nl.leerkring.core.circle.Circle;
import nl.leerkring.core.method.Actor;
import nl.leerkring.core.method.InputKind;
import nl.leerkring.core.method.Method;
import nl.leerkring.core.method.Step;

/** The messages a case discussion posts in its thread: steps, reveals, the report. */
final class FlowMessages {

    static final int MAX_CONTRIBUTION = 2000;
    private static final int MAX_OPTION_LABEL = 70;
    private static final int MAX_VOTE_OPTIONS = 20;

    static final String ANSWER = "flow.answer";
    static final String VOTE = "flow.vote";
    static final String PASS = "flow.pass";
    static final String NEXT = "flow.next";
    static final String END = "flow.end";
    static final String ADD_ACTION = "flow.action";
    static final String ADD_KIC = "flow.kic";
    static final String TIE = "flow.tie";
    static final String END_CONFIRM = "flow.end.confirm";
    static final String END_CANCEL = "flow.end.cancel";
    static final String REPOST = "flow.repost";

    private FlowMessages() {
    }

    static OutgoingMessage inThread(Circle circle, FlowRun flow, String text) {
        return OutgoingMessage.text(Turn.channelOf(circle), text).inThreadOf(flow.threadKey());
    }

    /**
     * "Stap 3 van 9 — …": what is asked, who is up, the time left, and the buttons for this step.
     *
     * @param open false for a step that was answered up front and closes at once: no buttons
     */
    static OutgoingMessage step(Turn turn, Circle circle, FlowRun flow, Method method, Step step, List<Contribution> already,
                                boolean open, List<StepChoices> extras) {
        String language = turn.texts().language();
        String title = turn.text("flow.step.title", flow.stepIndex() + 1, method.stepCount(), step.title().in(language));
        StringBuilder body = new StringBuilder(step.prompt().in(language)).append(alreadyText(already));
        List<Field> fields = new ArrayList<>();
        fields.add(new Field(turn.text("flow.step.who"), who(turn, flow, step)));
        Duration left = FlowEngine.timeLeft(flow, turn.now());
        if (left != null) {
            fields.add(new Field(turn.text("flow.step.time"), turn.text("flow.step.timeLeft", duration(turn, left))));
        }
        StepValue at0 = new StepValue(flow);
        String at = at0.encode();
        List<Choice> choices = new ArrayList<>();
        switch (step.input()) {
            case TEXT, IDEAS -> {
                if (step.hidden()) {
                    choices.add(new Choice(turn.text("flow.choice.answerHidden"), ANSWER, at));
                } else {
                    body.append("\n\n").append(turn.text(turn.hasThreads(Turn.channelOf(circle))
                            ? "flow.step.replyInThread" : "flow.step.replyInChat"));
                }
            }
            case VOTE -> {
                FlowStore store = FlowStore.of(turn);
                List<Contribution> options = FlowEngine.voteOptions(store, flow, method, step);
                for (Contribution o : options.subList(0, Math.min(MAX_VOTE_OPTIONS, options.size()))) {
                    choices.add(new Choice(shorten(o.text()), VOTE, at0.with(String.valueOf(o.id())).encode()));
                }
            }
            case ACTIONS -> {
                choices.add(new Choice(turn.text("flow.choice.action"), ADD_ACTION, at));
                body.append("\n\n").append(turn.text("flow.action.example"));
            }
            case KIC -> {
                for (Contribution.Kind kind : KeepImproveChange.KINDS) {
                    choices.add(new Choice(kicLabelOf(turn, kind), ADD_KIC, at0.with(kind.name()).encode()));
                }
            }
            case NONE -> { }
        }
        extras.forEach(extra -> choices.addAll(extra.forStep(turn, flow, step)));
        if (step.actor() == Actor.PICKED) {
            choices.add(new Choice(turn.text("flow.choice.pass"), PASS, at));
        }
        boolean last = flow.stepIndex() + 1 == method.stepCount();
        choices.add(new Choice(turn.text(last ? "flow.choice.finish" : "flow.choice.next"), NEXT, at));
        if (!last) {
            choices.add(new Choice(turn.text("flow.choice.end"), END, String.valueOf(flow.id())));
        }
        if (!open) {
            return OutgoingMessage.text(Turn.channelOf(circle), step.prompt().in(language) + alreadyText(already))
                    .withTitle(title).inThreadOf(flow.threadKey());
        }
        return OutgoingMessage.text(Turn.channelOf(circle), body.toString()).withTitle(title).withFields(fields)
                .withChoices(choices).inThreadOf(flow.threadKey()).asAnchor(stepKey(flow));
    }

    /** The anchor key of the messages with a step's buttons. */
    static String stepKey(FlowRun flow) {
        return flow.threadKey() + OutgoingMessage.REPLACEABLE + "step:" + flow.stepIndex();
    }

    /** The anchor key of the message with the buttons to break a tie in a step's vote. */
    static String tieKey(FlowRun flow) {
        return flow.threadKey() + OutgoingMessage.REPLACEABLE + "tie:" + flow.stepIndex();
    }

    /**
     * The step's message once its buttons are spent: its title, and what came of the step
     * ({@code outcome}) in place of the question and the buttons.
     */
    static OutgoingMessage spent(Turn turn, Circle circle, FlowRun flow, Method method, String outcome) {
        String title = turn.text("flow.step.title", flow.stepIndex() + 1, method.stepCount(),
                method.step(flow.stepIndex()).title().in(turn.texts().language()));
        return OutgoingMessage.text(Turn.channelOf(circle), outcome).withTitle(title).replacing(stepKey(flow));
    }

    /**
     * The anchor key of the question, shown to one steering person, whether the case really
     * ends (without their id: a kept key names no one).
     */
    static String endAskKey(FlowRun flow) {
        return flow.threadKey() + OutgoingMessage.REPLACEABLE + "end";
    }

    /** That question once answered: what was chosen, without the buttons. */
    static OutgoingMessage endAskSpent(Turn turn, FlowRun flow, String chosen) {
        return OutgoingMessage.text(turn.here().privatelyTo(turn.userId()), turn.text("flow.end.chose", flow.title(), chosen))
                .replacing(endAskKey(flow));
    }

    /** The tie's message once the bringer chose: what was chosen, without the buttons. */
    static OutgoingMessage tieSpent(Circle circle, FlowRun flow, String outcome) {
        return OutgoingMessage.text(Turn.channelOf(circle), outcome).replacing(tieKey(flow));
    }

    private static String alreadyText(List<Contribution> already) {
        return already.stream().map(c -> "\n\n" + Mentions.of(c.userId()) + ": " + c.text()).collect(Collectors.joining());
    }

    private static String who(Turn turn, FlowRun flow, Step step) {
        if (step.actor() == Actor.EACH_IN_TURN && flow.currentTurn() != null) {
            return turn.text("flow.step.inTurn", Mentions.of(flow.currentTurn()),
                    flow.actors().stream().map(Mentions::of).collect(Collectors.joining(" → ")));
        }
        return flow.actors().stream().map(Mentions::of).collect(Collectors.joining(", "));
    }

    static String duration(Turn turn, Duration d) {
        long seconds = Math.max(0, d.toSeconds());
        if (seconds >= 60 && seconds % 60 == 0) {
            long minutes = seconds / 60;
            return turn.text(minutes == 1 ? "time.minute" : "time.minutes", minutes);
        }
        return turn.text(seconds == 1 ? "time.second" : "time.seconds", seconds);
    }

    private static String shorten(String text) {
        String oneLine = text.replaceAll("\\s+", " ").strip();
        return oneLine.length() <= MAX_OPTION_LABEL ? oneLine : oneLine.substring(0, MAX_OPTION_LABEL - 1) + "…";
    }

    /** A vote ended level: the ideas with the most votes, as buttons for the case bringer to choose from. */
    static OutgoingMessage tie(Turn turn, Circle circle, FlowRun flow, List<Contribution> best, long votes) {
        StepValue at = new StepValue(flow);
        List<Choice> choices = best.stream().limit(MAX_VOTE_OPTIONS)
                .map(o -> new Choice(shorten(o.text()), TIE, at.with(String.valueOf(o.id())).encode())).toList();
        String ideas = best.stream().map(o -> "• " + o.text()).collect(Collectors.joining("\n"));
        return OutgoingMessage.text(Turn.channelOf(circle), turn.text("flow.vote.tie", votes, Mentions.of(flow.bringerId()))
                        + "\n" + ideas)
                .withChoices(choices).inThreadOf(flow.threadKey()).asAnchor(tieKey(flow));
    }

    /** Hidden answers, all at once, when their step ends. */
    static OutgoingMessage reveal(Turn turn, Circle circle, FlowRun flow, List<Contribution> contributions) {
        String list = contributions.stream().filter(c -> c.kind() != Contribution.Kind.PASS)
                .map(c -> "• " + Mentions.of(c.userId()) + ": " + kicLabel(turn, c.kind()) + c.text())
                .collect(Collectors.joining("\n"));
        return OutgoingMessage.text(Turn.channelOf(circle), list.isEmpty() ? turn.text("flow.reveal.none") : list)
                .withTitle(turn.text("flow.reveal.title", contributions.size()))
                .inThreadOf(flow.threadKey());
    }

    /** "Verbeteren: " before a keep/improve/change item; nothing before other contributions. */
    static String kicLabel(Turn turn, Contribution.Kind kind) {
        return KeepImproveChange.KINDS.contains(kind) ? kicLabelOf(turn, kind) + ": " : "";
    }

    /** The name of a keep/improve/change column: Behouden, Verbeteren, Veranderen. */
    static String kicLabelOf(Turn turn, Contribution.Kind kind) {
        return turn.text("flow.choice." + kind.name().toLowerCase(java.util.Locale.ROOT));
    }

    /**
     * A keep/improve/change board: the step with how many items each column has, then the three
     * columns side by side, one field each; an empty column says so.
     */
    static List<Field> board(Turn turn, String title, List<Contribution> contributions) {
        List<Field> columns = new ArrayList<>();
        columns.add(new Field(title, KeepImproveChange.KINDS.stream()
                .map(k -> kicLabelOf(turn, k) + " " + contributions.stream().filter(c -> c.kind() == k).count())
                .collect(Collectors.joining(" · "))));
        for (Contribution.Kind kind : KeepImproveChange.KINDS) {
            String items = contributions.stream().filter(c -> c.kind() == kind).map(c -> "• " + c.text())
                    .collect(Collectors.joining("\n"));
            columns.add(new Field(kicLabelOf(turn, kind), items.isEmpty() ? "—" : items));
        }
        return columns;
    }

    /** The short report that stays when the contributions are gone. */
    static OutgoingMessage report(Turn turn, Circle circle, FlowRun flow, Method method, FlowStore store, int retentionDays) {
        String language = turn.texts().language();
        List<Field> fields = new ArrayList<>();
        fields.add(new Field(turn.text("flow.report.method"), method.name().in(language)));
        fields.add(new Field(turn.text("flow.report.bringer"), Mentions.of(flow.bringerId())));
        for (int i = 0; i < method.stepCount(); i++) {
            Step step = method.step(i);
            if (!step.inReport()) {
                continue;
            }
            if (step.input() == InputKind.KIC) {
                fields.addAll(board(turn, step.title().in(language), store.contributions(flow, i)));
                continue;
            }
            String outcome;
            if (step.input() == InputKind.VOTE) {
                outcome = flow.chosenIdea();
            } else {
                outcome = store.contributions(flow, i).stream()
                        .filter(c -> c.kind() != Contribution.Kind.PASS && c.kind() != Contribution.Kind.VOTE)
                        .map(Contribution::text).collect(Collectors.joining("\n"));
            }
            if (outcome != null && !outcome.isBlank()) {
                fields.add(new Field(step.title().in(language), outcome));
            }
        }
        DateTimeFormatter dates = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.forLanguageTag(language));
        List<ActionItem> actions = new ActionStore(turn.handle()).ofCase(flow.workspaceId(), flow.id());
        String actionList = actions.isEmpty() ? turn.text("flow.report.noActions") : actions.stream()
                .map(a -> "• " + Mentions.of(a.ownerId()) + " — " + a.text() + " — " + a.due().format(dates))
                .collect(Collectors.joining("\n"));
        fields.add(new Field(turn.text("flow.report.actions"), actionList));
        return OutgoingMessage.text(Turn.channelOf(circle), turn.text("flow.report.footer", retentionDays))
                .withTitle(turn.text("flow.report.title", flow.title()))
                .withFields(fields)
                .inThreadOf(flow.threadKey());
    }
}
