package nl.leerkring.core.flow;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.random.RandomGenerator;
import java.util.stream.Collectors;
import nl.leerkring.chat.Choice;
import nl.leerkring.chat.Field;
import nl.leerkring.chat.InboundEvent;
import nl.leerkring.chat.OutgoingMessage;
import nl.leerkring.core.Mentions;
import nl.leerkring.core.action.ActionItem;
import nl.leerkring.core.action.ActionSentence;
import nl.leerkring.core.action.Actions;
import nl.leerkring.core.feature.Timers;
import nl.leerkring.core.command.Turn;
import nl.leerkring.core.circle.Circle;
import nl.leerkring.core.circle.Member;
import nl.leerkring.core.circle.Role;
import nl.leerkring.core.method.Actor;
import nl.leerkring.core.method.Completion;
import nl.leerkring.core.method.InputKind;
import nl.leerkring.core.method.Method;
import nl.leerkring.core.method.MethodLibrary;
import nl.leerkring.core.method.Step;

/**
 * Runs any method, step by step, in the thread under the case's start message. All state is
 * in the database ({@link FlowStore}) and every change happens inside the event's transaction,
 * so a restart continues exactly where the flow was, and two flows in one channel do not mix.
 */
public final class FlowEngine {

    static final String TIMER_ACTION = "flow.timer";


    private final MethodLibrary methods;
    private final Timers timers;
    private final RandomGenerator random;
    private final java.util.OptionalInt seed;
    private final int retentionDays;
    private final ZoneId zone;
    private final Actions actions;
    private final List<StepChoices> stepChoices = new CopyOnWriteArrayList<>();

    /**
     * @param zone the time zone in which members mean the dates they type
     * @param retentionDays after how many days the raw contributions are deleted (said in the report)
     * @param actions where the actions agreed in a case are recorded
     */
    public FlowEngine(MethodLibrary methods, Timers timers, RandomGenerator random, ZoneId zone, int retentionDays,
                      Actions actions) {
        this(methods, timers, random, java.util.OptionalInt.empty(), zone, retentionDays, actions);
    }

    /**
     * @param random picks members for picked and summarising steps, unless {@code seed} is set
     * @param seed when set, the picks of a step follow from it, the case's id and the step's index
     *     alone (setting {@code cases.random.seed}): the same run gives the same picks, also
     *     after a restart or with other circles busy at the same time
     */
    public FlowEngine(MethodLibrary methods, Timers timers, RandomGenerator random, java.util.OptionalInt seed, ZoneId zone,
                      int retentionDays, Actions actions) {
        this.seed = seed;
        this.actions = actions;
        this.methods = methods;
        this.timers = timers;
        this.random = random;
        this.zone = zone;
        this.retentionDays = retentionDays;
    }

    /** Buttons another feature adds to steps (it decides which steps). */
    public void addStepChoices(StepChoices choices) {
        stepChoices.add(choices);
    }

    /** The zone in which members mean the dates they type in a case (an action's due date). */
    public ZoneId zone() {
        return zone;
    }

    public MethodLibrary methods() {
        return methods;
    }

    /** Starts a case: the start message in the channel, then the first step in its thread. */
    public FlowRun start(Turn turn, Circle circle, Method method, String title, String caseText, String question) {
        FlowStore store = FlowStore.of(turn);
        FlowRun flow = store.create(circle, method.id(), title, turn.userId(), turn.now());
        String language = turn.texts().language();
        turn.send(OutgoingMessage.text(Turn.channelOf(circle), turn.channelText(circle, "flow.started", Mentions.of(turn.userId()),
                        method.name().in(language), method.stepCount()))
                .withTitle(title)
                .asAnchor(flow.threadKey()));
        boolean hasQuestionStep = method.steps().stream().anyMatch(s -> "question".equals(s.fills()));
        if (hasQuestionStep) {
            prefill(store, flow, method, "case", caseText, turn);
            prefill(store, flow, method, "question", question, turn);
        } else {
            // the method asks case and question in one step
            String both = question == null || question.isBlank() ? caseText
                    : (caseText == null || caseText.isBlank() ? "" : caseText.strip() + "\n\n") + turn.text("flow.questionLabel") + " " + question.strip();
            prefill(store, flow, method, "case", both, turn);
        }
        enterStep(turn, circle, flow, 0);
        return flow;
    }

    private static void prefill(FlowStore store, FlowRun flow, Method method, String fills, String text, Turn turn) {
        if (text == null || text.isBlank()) {
            return;
        }
        for (int i = 0; i < method.stepCount(); i++) {
            if (fills.equals(method.step(i).fills())) {
                store.contribute(flow, i, flow.bringerId(), Contribution.Kind.ANSWER, text.strip(), turn.now());
                return;
            }
        }
    }

    Method methodOf(FlowRun flow) {
        return methods.find(flow.methodId()).orElseThrow(() ->
                new IllegalStateException("Method '" + flow.methodId() + "' of flow " + flow.id() + " is no longer installed"));
    }

    // ----------------------------------------------------------------------------------------
    // Steps

    private void enterStep(Turn turn, Circle circle, FlowRun flow, int index) {
        Method method = methodOf(flow);
        Step step = method.step(index);
        List<String> actors = actorsFor(step, turn, circle, flow, index);
        Instant deadline = step.timer() == null ? null : turn.now().plus(step.timer());
        FlowRun entered = flow.atStep(index, deadline, actors);
        FlowStore.of(turn).saveStep(entered);
        if (deadline != null) {
            timers.schedule(turn.handle(), timerKey(entered), deadline, Turn.channelOf(circle), TIMER_ACTION, entered.id() + ":" + index);
        }
        boolean answeredUpFront = isComplete(turn, circle, entered, step);
        turn.send(FlowMessages.step(turn, circle, entered, method, step,
                FlowStore.of(turn).contributions(entered, index), !answeredUpFront, stepChoices));
        if (answeredUpFront) {
            completeStep(turn, circle, entered, false);
        }
    }

    private static String timerKey(FlowRun flow) {
        return timerKey(flow.id(), flow.stepIndex());
    }

    static String timerKey(long flowId, int stepIndex) {
        return "flow-" + flowId + "-step-" + stepIndex;
    }

    /** Who acts in a step. Everyone but the bringer, unless the bringer is alone. */
    private List<String> actorsFor(Step step, Turn turn, Circle circle, FlowRun flow, int index) {
        List<Member> members = turn.circles().members(circle);
        List<String> others = members.stream().map(Member::userId).filter(u -> !u.equals(flow.bringerId())).toList();
        if (others.isEmpty()) {
            others = List.of(flow.bringerId());
        }
        return switch (step.actor()) {
            case BRINGER -> List.of(flow.bringerId());
            case EVERYONE, EACH_IN_TURN -> others;
            case ALL -> members.stream().map(Member::userId).toList();
            case PICKED -> pick(others, step.pick(), flow, index);
            case SUMMARISER -> pick(others, 1, flow, index);
            case COHOST -> members.stream().filter(m -> m.role() == Role.COHOST).map(Member::userId).findFirst()
                    .or(() -> members.stream().filter(m -> m.role() == Role.FACILITATOR).map(Member::userId).findFirst())
                    .map(List::of).orElse(List.of(flow.bringerId()));
        };
    }

    private List<String> pick(List<String> candidates, int count, FlowRun flow, int index) {
        RandomGenerator random = seed.isEmpty() ? this.random
                : new java.util.SplittableRandom(seed.getAsInt() * 1_000_003L + flow.id() * 1_009L + index);
        List<String> pool = new ArrayList<>(candidates);
        List<String> picked = new ArrayList<>();
        while (picked.size() < count && !pool.isEmpty()) {
            picked.add(pool.remove(random.nextInt(pool.size())));
        }
        return picked;
    }

    /** Actors still in the circle: a member who left does not block a step. */
    private static List<String> activeActors(Turn turn, Circle circle, FlowRun flow) {
        Set<String> members = turn.circles().members(circle).stream().map(Member::userId).collect(Collectors.toSet());
        return flow.actors().stream().filter(members::contains).toList();
    }

    private boolean isComplete(Turn turn, Circle circle, FlowRun flow, Step step) {
        if (step.complete() != Completion.ALL_ANSWERED) {
            return false;
        }
        Set<String> answered = FlowStore.of(turn).contributions(flow, flow.stepIndex()).stream()
                .map(Contribution::userId).collect(Collectors.toSet());
        return answered.containsAll(activeActors(turn, circle, flow));
    }

    /** Closes the current step (reveal, tally) and enters the next one, or ends the case. */
    private void completeStep(Turn turn, Circle circle, FlowRun flow) {
        completeStep(turn, circle, flow, true);
    }

    /** @param shown whether the step's message went out with buttons, which are now spent */
    private void completeStep(Turn turn, Circle circle, FlowRun flow, boolean shown) {
        Method method = methodOf(flow);
        Step step = method.step(flow.stepIndex());
        FlowStore store = FlowStore.of(turn);
        timers.cancel(turn.handle(), timerKey(flow));
        FlowRun done = flow;
        if (step.hidden()) {
            turn.send(FlowMessages.reveal(turn, circle, flow, store.contributions(flow, flow.stepIndex())));
        }
        if (step.input() == InputKind.VOTE) {
            done = tally(turn, circle, flow, store);
            if (done == null) {
                return; // a tie: the step stays until the bringer chooses
            }
        } else if (shown) {
            turn.send(FlowMessages.spent(turn, circle, flow, method, closedBy(turn)));
        }
        if (flow.stepIndex() + 1 < method.stepCount()) {
            enterStep(turn, circle, done, flow.stepIndex() + 1);
        } else {
            finish(turn, circle, done);
        }
    }

    private FlowRun tally(Turn turn, Circle circle, FlowRun flow, FlowStore store) {
        Map<String, Long> votes = store.contributions(flow, flow.stepIndex()).stream()
                .filter(c -> c.kind() == Contribution.Kind.VOTE)
                .collect(Collectors.groupingBy(Contribution::text, LinkedHashMap::new, Collectors.counting()));
        List<Contribution> options = voteOptions(store, flow, methodOf(flow), methodOf(flow).step(flow.stepIndex()));
        long most = options.stream().mapToLong(o -> votes.getOrDefault(String.valueOf(o.id()), 0L)).max().orElse(0L);
        List<Contribution> best = options.stream().filter(o -> votes.getOrDefault(String.valueOf(o.id()), 0L) == most).toList();
        if (best.isEmpty()) {
            turn.send(FlowMessages.inThread(circle, flow, turn.text("flow.vote.nothing")));
            turn.send(FlowMessages.spent(turn, circle, flow, methodOf(flow), turn.text("flow.vote.nothing")));
            return flow;
        }
        if (best.size() > 1) {
            turn.send(FlowMessages.tie(turn, circle, flow, best, most));
            return null;
        }
        return choose(turn, circle, flow, best.get(0), most);
    }

    private FlowRun choose(Turn turn, Circle circle, FlowRun flow, Contribution winner, long count) {
        String outcome = turn.text("flow.vote.chosen", winner.text(), count);
        turn.send(FlowMessages.inThread(circle, flow, outcome));
        turn.send(FlowMessages.spent(turn, circle, flow, methodOf(flow), outcome));
        FlowRun chosen = flow.withChosenIdea(winner.text());
        FlowStore.of(turn).saveStep(chosen);
        return chosen;
    }

    /** What ended a step, for its spent message: who moved on, the timer, or the last answer. */
    private static String closedBy(Turn turn) {
        InboundEvent event = turn.event();
        if (event.kind() == InboundEvent.Kind.SCHEDULED) {
            return turn.text("flow.step.timeUp");
        }
        if (event.kind() == InboundEvent.Kind.CHOICE && FlowMessages.NEXT.equals(event.action())) {
            return turn.text("flow.step.closedBy", Mentions.of(turn.userId()));
        }
        return turn.text("flow.step.done");
    }

    /** The case bringer breaks a tie in a vote: the idea chosen, the case goes on. */
    public void breakTie(Turn turn, Circle circle, FlowRun flow, int stepIndex, long optionId) {
        if (!checkCurrent(turn, flow, stepIndex)) {
            return;
        }
        if (!turn.userId().equals(flow.bringerId())) {
            turn.tell(turn.text("flow.vote.tieIsForBringer", Mentions.of(flow.bringerId())));
            return;
        }
        Method method = methodOf(flow);
        Step step = method.step(stepIndex);
        FlowStore store = FlowStore.of(turn);
        Optional<Contribution> option = step.input() != InputKind.VOTE ? Optional.empty()
                : voteOptions(store, flow, method, step).stream().filter(o -> o.id() == optionId).findFirst();
        if (option.isEmpty()) {
            turn.tell(turn.text("error.staleChoice"));
            return;
        }
        long count = store.contributions(flow, stepIndex).stream()
                .filter(c -> c.kind() == Contribution.Kind.VOTE && c.text().equals(String.valueOf(optionId))).count();
        turn.send(FlowMessages.tieSpent(circle, flow, turn.text("flow.vote.tieBroken", Mentions.of(turn.userId()),
                option.get().text())));
        FlowRun chosen = choose(turn, circle, flow, option.get(), count);
        timers.cancel(turn.handle(), timerKey(flow));
        if (stepIndex + 1 < method.stepCount()) {
            enterStep(turn, circle, chosen, stepIndex + 1);
        } else {
            finish(turn, circle, chosen);
        }
    }

    /** The ideas (or answers) of the step a vote draws on. */
    static List<Contribution> voteOptions(FlowStore store, FlowRun flow, Method method, Step voteStep) {
        int from = method.indexOf(voteStep.optionsFrom());
        return store.contributions(flow, from).stream()
                .filter(c -> c.kind() == Contribution.Kind.IDEA || c.kind() == Contribution.Kind.ANSWER)
                .toList();
    }

    private void finish(Turn turn, Circle circle, FlowRun flow) {
        FlowStore store = FlowStore.of(turn);
        timers.cancel(turn.handle(), timerKey(flow));
        OutgoingMessage report = FlowMessages.report(turn, circle, flow, methodOf(flow), store, retentionDays);
        store.end(flow, FlowRun.Status.ENDED, report.plainText(), turn.now());
        turn.send(report);
    }

    // ----------------------------------------------------------------------------------------
    // What members do

    /**
     * A contribution to the current step: a message in the thread ({@code privately} false) or
     * an answer given through a form or command ({@code privately} true).
     */
    public void contribute(Turn turn, Circle circle, FlowRun flow, String text, boolean privately) {
        if (!flow.isRunning()) {
            turn.tell(turn.text("flow.error.notRunning"));
            return;
        }
        if (turn.circles().roleOf(circle, turn.userId()).isEmpty()) {
            turn.tell(turn.text("flow.error.notMember"));
            return;
        }
        Step step = methodOf(flow).step(flow.stepIndex());
        String answer = text.strip();
        if (answer.isEmpty()) {
            turn.tell(turn.text("flow.error.empty"));
            return;
        }
        if (answer.length() > FlowMessages.MAX_CONTRIBUTION) {
            turn.tell(turn.text("error.tooLong", answer.length(), FlowMessages.MAX_CONTRIBUTION));
            return;
        }
        switch (step.input()) {
            case NONE -> {
                if (privately) {
                    turn.tell(turn.channelText(circle, "flow.error.noInput"));
                }
                return;
            }
            case VOTE -> {
                turn.tell(turn.text("flow.error.useVoteButtons"));
                return;
            }
            case ACTIONS -> {
                if (!mayAct(turn, flow, step) || !recordAction(turn, circle, flow, answer)) {
                    return;
                }
            }
            case KIC -> {
                var item = KeepImproveChange.parse(answer);
                if (item.isEmpty()) {
                    turn.tell(turn.text("flow.kic.example"));
                    return;
                }
                if (!answer(turn, circle, flow, step, item.get().kind(), List.of(item.get().text()), privately)) {
                    return;
                }
            }
            case TEXT -> {
                if (!answer(turn, circle, flow, step, Contribution.Kind.ANSWER, List.of(answer), privately)) {
                    return;
                }
            }
            case IDEAS -> {
                if (!answer(turn, circle, flow, step, Contribution.Kind.IDEA, ideas(answer), privately)) {
                    return;
                }
            }
        }
        afterContribution(turn, circle, flow, step);
    }

    /** The platform's id of the message this turn's text was written in, when it came as one. */
    private static String messageRef(Turn turn) {
        return turn.event().kind() == InboundEvent.Kind.MESSAGE ? turn.event().value() : null;
    }

    /**
     * A message in the case's thread was edited ({@code newText}) or deleted. While the step it
     * contributed to is open, what it contributed is taken back, and an edit contributes its new
     * text in its place, read as the step reads answers. A message that contributed nothing to
     * the open step (chatter, an answer to an earlier step) changes nothing; nothing is said.
     */
    public void messageChanged(Turn turn, FlowRun flow, String newText, boolean deleted) {
        String ref = messageRef(turn);
        if (ref == null || !flow.isRunning()) {
            return;
        }
        FlowStore store = FlowStore.of(turn);
        Optional<Contribution.Kind> was = store.withdrawMessage(flow, flow.stepIndex(), turn.userId(), ref);
        String answer = newText.strip();
        if (was.isEmpty() || deleted || answer.isEmpty() || answer.length() > FlowMessages.MAX_CONTRIBUTION) {
            return;
        }
        Step step = methodOf(flow).step(flow.stepIndex());
        switch (step.input()) {
            case TEXT -> store.contribute(flow, flow.stepIndex(), turn.userId(), was.get(), answer, turn.now(), ref);
            case IDEAS -> ideas(answer).forEach(part ->
                    store.contribute(flow, flow.stepIndex(), turn.userId(), was.get(), part, turn.now(), ref));
            case KIC -> KeepImproveChange.parse(answer).ifPresent(item ->
                    store.contribute(flow, flow.stepIndex(), turn.userId(), item.kind(), item.text(), turn.now(), ref));
            default -> {
                // votes and actions are not typed as thread replies
            }
        }
    }

    /** An action agreed in the case: recorded with its owner and date, and shown in the thread. */
    private boolean recordAction(Turn turn, Circle circle, FlowRun flow, String sentence) {
        Optional<ActionSentence.Parsed> parsed = ActionSentence.parse(turn, circle, sentence, zone);
        if (parsed.isEmpty()) {
            return false;
        }
        ActionItem item = actions.record(turn, circle, parsed.get(), flow.id(), null);
        FlowStore.of(turn).contribute(flow, flow.stepIndex(), turn.userId(), Contribution.Kind.ACTION, item.text(),
                turn.now());
        turn.send(FlowMessages.inThread(circle, flow, turn.text("flow.action.recorded", Mentions.of(item.ownerId()),
                item.text(), ActionSentence.format(turn, item.due()))));
        return true;
    }

    /** A keep/improve/change item from the form, whose kind was chosen by the button. */
    public void contributeItem(Turn turn, Circle circle, FlowRun flow, int stepIndex, Contribution.Kind kind, String text) {
        if (checkCurrent(turn, flow, stepIndex)) {
            contribute(turn, circle, flow, KeepImproveChange.write(kind, text), true);
        }
    }

    /**
     * Records answers to a text, ideas or keep/improve/change step.
     *
     * @return false when nothing was recorded (the user was told why)
     */
    private boolean answer(Turn turn, Circle circle, FlowRun flow, Step step, Contribution.Kind kind, List<String> parts,
                           boolean privately) {
        if (step.hidden() && !privately) {
            turn.tell(turn.text("flow.error.hiddenInThread"));
            return false;
        }
        if (!mayAct(turn, flow, step)) {
            return false;
        }
        FlowStore store = FlowStore.of(turn);
        String source = privately ? null : messageRef(turn);
        for (String part : parts) {
            store.contribute(flow, flow.stepIndex(), turn.userId(), kind, part, turn.now(), source);
        }
        if (step.hidden()) {
            turn.tell(turn.text("flow.answer.saved"));
        } else if (privately) {
            String shown = parts.stream().map(p -> FlowMessages.kicLabel(turn, kind) + p)
                    .collect(Collectors.joining("\n"));
            turn.send(FlowMessages.inThread(circle, flow, Mentions.of(turn.userId()) + ": " + shown));
        }
        return true;
    }

    /**
     * Whether the user acts in the current step, as the method says: one of its actors, and in a
     * round only the one whose turn it is. Anyone else is told privately and kindly why their
     * contribution does not count.
     */
    private static boolean mayAct(Turn turn, FlowRun flow, Step step) {
        String user = turn.userId();
        if (!flow.actors().contains(user)) {
            if (user.equals(flow.bringerId())) {
                turn.tell(turn.text("flow.error.bringerListens"));
            } else {
                turn.tell(turn.text("flow.error.notYourTurn", turn.texts().list(flow.actors().stream().map(Mentions::of).toList()),
                        flow.actors().size()));
            }
            return false;
        }
        if (step.actor() == Actor.EACH_IN_TURN && flow.currentTurn() != null && !user.equals(flow.currentTurn())) {
            turn.tell(turn.text("flow.error.waitYourTurn", Mentions.of(flow.currentTurn())));
            return false;
        }
        return true;
    }

    /** One idea per line (a leading bullet or number is dropped). */
    static List<String> ideas(String text) {
        List<String> ideas = text.lines().map(l -> l.replaceFirst("^\\s*([-*•]|\\d+[.)])\\s*", "").strip())
                .filter(l -> !l.isEmpty()).toList();
        return ideas.isEmpty() ? List.of(text.strip()) : ideas;
    }

    /** After any contribution: pass the turn on, and close the step when everyone has answered. */
    private void afterContribution(Turn turn, Circle circle, FlowRun flow, Step step) {
        FlowRun current = flow;
        if (step.actor() == Actor.EACH_IN_TURN && turn.userId().equals(flow.currentTurn())) {
            current = advanceTurn(turn, circle, flow);
        }
        if (isComplete(turn, circle, current, step)) {
            completeStep(turn, circle, current);
        }
    }

    private FlowRun advanceTurn(Turn turn, Circle circle, FlowRun flow) {
        List<String> active = activeActors(turn, circle, flow);
        int next = flow.turnIndex() + 1;
        while (next < flow.actors().size() && !active.contains(flow.actors().get(next))) {
            next++;
        }
        FlowRun moved = flow.withTurn(next);
        FlowStore.of(turn).saveStep(moved);
        if (moved.currentTurn() != null) {
            turn.send(FlowMessages.inThread(circle, moved, turn.text("flow.turn.next", Mentions.of(moved.currentTurn()))));
        }
        return moved;
    }

    public void vote(Turn turn, Circle circle, FlowRun flow, int stepIndex, long optionId) {
        if (!checkCurrent(turn, flow, stepIndex)) {
            return;
        }
        Step step = methodOf(flow).step(stepIndex);
        FlowStore store = FlowStore.of(turn);
        if (step.input() != InputKind.VOTE || voteOptions(store, flow, methodOf(flow), step).stream().noneMatch(o -> o.id() == optionId)) {
            turn.tell(turn.text("error.staleChoice"));
            return;
        }
        if (!mayAct(turn, flow, step)) {
            return;
        }
        store.withdrawVotes(flow, stepIndex, turn.userId());
        store.contribute(flow, stepIndex, turn.userId(), Contribution.Kind.VOTE, String.valueOf(optionId), turn.now());
        turn.tell(turn.text("flow.vote.recorded"));
        afterContribution(turn, circle, flow, step);
    }

    public void pass(Turn turn, Circle circle, FlowRun flow, int stepIndex) {
        if (!checkCurrent(turn, flow, stepIndex)) {
            return;
        }
        Step step = methodOf(flow).step(stepIndex);
        if (!mayAct(turn, flow, step)) {
            return;
        }
        FlowStore.of(turn).contribute(flow, stepIndex, turn.userId(), Contribution.Kind.PASS, "", turn.now());
        turn.send(FlowMessages.inThread(circle, flow, turn.text("flow.passed", Mentions.of(turn.userId()))));
        afterContribution(turn, circle, flow, step);
    }

    /** The case bringer, facilitator or co-host moves on to the next step. */
    public void next(Turn turn, Circle circle, FlowRun flow, int stepIndex) {
        if (checkCurrent(turn, flow, stepIndex) && requireSteering(turn, circle, flow)) {
            completeStep(turn, circle, flow);
        }
    }

    /** The end button: a steering person is asked once, with a way back, whether the case really ends. */
    public void askEnd(Turn turn, Circle circle, FlowRun flow) {
        if (!flow.isRunning()) {
            turn.tell(turn.text("flow.error.notRunning"));
            return;
        }
        if (requireSteering(turn, circle, flow)) {
            String id = String.valueOf(flow.id());
            turn.send(OutgoingMessage.text(turn.here().privatelyTo(turn.userId()), turn.text("flow.end.ask", flow.title()))
                    .withChoices(List.of(
                            new Choice(turn.text("flow.choice.endConfirm"), FlowMessages.END_CONFIRM, id),
                            new Choice(turn.text("flow.choice.endCancel"), FlowMessages.END_CANCEL, id)))
                    .asAnchor(FlowMessages.endAskKey(flow)));
        }
    }

    /** The current step posted again in the case's thread, with fresh buttons (answers given stay as they are). */
    public void repost(Turn turn, Circle circle, FlowRun flow) {
        if (!flow.isRunning()) {
            turn.tell(turn.text("flow.error.notRunning"));
            return;
        }
        Method method = methodOf(flow);
        turn.send(FlowMessages.step(turn, circle, flow, method, method.step(flow.stepIndex()), List.of(), true, stepChoices));
    }

    /** The case bringer, facilitator or co-host ends the case now; the report covers what was done. */
    public void end(Turn turn, Circle circle, FlowRun flow) {
        if (!flow.isRunning()) {
            turn.tell(turn.text("flow.error.notRunning"));
            return;
        }
        if (requireSteering(turn, circle, flow)) {
            turn.send(FlowMessages.endAskSpent(turn, flow, turn.text("flow.choice.endConfirm")));
            Step step = methodOf(flow).step(flow.stepIndex());
            if (step.hidden()) {
                turn.send(FlowMessages.reveal(turn, circle, flow, FlowStore.of(turn).contributions(flow, flow.stepIndex())));
            }
            turn.send(FlowMessages.spent(turn, circle, flow, methodOf(flow),
                    turn.text("flow.step.caseEndedBy", Mentions.of(turn.userId()))));
            finish(turn, circle, flow);
        }
    }

    /** A step's timer ran out. Stale timers (the step already moved on) do nothing. */
    public void timerFired(Turn turn, Circle circle, FlowRun flow, int stepIndex) {
        if (!flow.isRunning() || flow.stepIndex() != stepIndex) {
            return;
        }
        turn.send(FlowMessages.inThread(circle, flow, turn.text("flow.timeUp")));
        completeStep(turn, circle, flow);
    }

    private static boolean checkCurrent(Turn turn, FlowRun flow, int stepIndex) {
        if (!flow.isRunning()) {
            turn.tell(turn.text("flow.error.notRunning"));
            return false;
        }
        if (flow.stepIndex() != stepIndex) {
            turn.tell(turn.text("flow.error.stale"));
            return false;
        }
        return true;
    }

    /** The case bringer, the facilitator or the co-host steer a case, while they are members. */
    private static boolean requireSteering(Turn turn, Circle circle, FlowRun flow) {
        return turn.requireSteering(circle, flow.bringerId(), "flow.steersAlso");
    }

    /** How long is left of a step, for its message; null without a timer. */
    static Duration timeLeft(FlowRun flow, Instant now) {
        return flow.stepDeadline() == null ? null : Duration.between(now, flow.stepDeadline());
    }
}
