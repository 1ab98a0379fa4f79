package nl.leerkring.core.flow;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import nl.leerkring.chat.Address;
import nl.leerkring.chat.InboundEvent;
import nl.leerkring.chat.Choice;
import nl.leerkring.chat.Form;
import nl.leerkring.chat.Form.FormField;
import nl.leerkring.chat.OutgoingMessage;
import nl.leerkring.core.Mentions;
import nl.leerkring.core.action.ActionSentence;
import nl.leerkring.core.command.Turn;
import nl.leerkring.core.circle.Circle;
import nl.leerkring.core.command.Command;
import nl.leerkring.core.command.ChoiceValue;
import nl.leerkring.core.command.CommandRegistry;
import nl.leerkring.core.command.Need;
import nl.leerkring.core.method.Method;

/**
 * How users drive case discussions: {@code /kring casus}, {@code /kring methodes},
 * {@code /kring antwoord}, the buttons on each step, the forms, replies in a case's thread, and
 * the step timers.
 */
public final class CaseCommands {

    static final String START_FORM = "case.start.submit";
    static final String OPEN_START_FORM = "case.form";
    static final String ANSWER_FORM = "flow.answer.submit";
    static final String ACTION_FORM = "flow.action.submit";
    static final String KIC_FORM = "flow.kic.submit";
    static final int MAX_TITLE = 200;

    private final FlowEngine engine;

    private CaseCommands(FlowEngine engine) {
        this.engine = engine;
    }

    public static void register(CommandRegistry registry, FlowEngine engine) {
        CaseCommands c = new CaseCommands(engine);
        registry.section("help.section.cases");
        registry.command("casus", "case", Need.MEMBER, c::startCase);
        MethodHelp.register(registry, engine.methods(), c::showMethod, c::listMethods);
        registry.add(new Command("methode", "method", c::showMethod))
                .command("antwoord", "answer", Need.CIRCLE, c::answerCommand)
                .onChoice(OPEN_START_FORM, Need.MEMBER, (turn, value) -> turn.openForm(c.startForm(turn)))
                .onChoice(START_FORM, Need.MEMBER, (turn, value) -> c.startFromForm(turn))
                .onMessage(c::threadMessage);
        c.onStep(registry, FlowMessages.ANSWER, StepValue::parse, (turn, circle, flow, at) ->
                turn.openForm(new Form(ANSWER_FORM, at.encode(), turn.text("flow.form.answer.title"), turn.text("flow.form.submit"),
                        List.of(FormField.longText("text", turn.text("flow.form.answer.label"), FlowMessages.MAX_CONTRIBUTION)))));
        c.onStep(registry, FlowMessages.VOTE, StepValue::parseWithExtra, (turn, circle, flow, at) -> at.number().ifPresentOrElse(
                option -> engine.vote(turn, circle, flow, at.step(), option), () -> turn.tell(turn.text("error.staleChoice"))));
        c.onStep(registry, FlowMessages.TIE, StepValue::parseWithExtra, (turn, circle, flow, at) -> at.number().ifPresentOrElse(
                option -> engine.breakTie(turn, circle, flow, at.step(), option), () -> turn.tell(turn.text("error.staleChoice"))));
        c.onStep(registry, FlowMessages.PASS, StepValue::parse, (turn, circle, flow, at) -> engine.pass(turn, circle, flow, at.step()));
        c.onStep(registry, FlowMessages.NEXT, StepValue::parse, (turn, circle, flow, at) -> engine.next(turn, circle, flow, at.step()));
        c.onStep(registry, FlowMessages.END, StepValue::parseCase, (turn, circle, flow, at) -> engine.askEnd(turn, circle, flow));
        c.onStep(registry, FlowMessages.END_CONFIRM, StepValue::parseCase, (turn, circle, flow, at) -> engine.end(turn, circle, flow));
        c.onStep(registry, FlowMessages.END_CANCEL, StepValue::parseCase, (turn, circle, flow, at) -> {
            if (flow.isRunning()) {
                turn.send(FlowMessages.endAskSpent(turn, flow, turn.text("flow.choice.endCancel")));
            }
            turn.tell(turn.text(flow.isRunning() ? "flow.end.cancelled" : "flow.error.notRunning"));
        });
        c.onStep(registry, FlowMessages.REPOST, StepValue::parseCase, (turn, circle, flow, at) -> engine.repost(turn, circle, flow));
        c.onStep(registry, FlowMessages.ADD_ACTION, StepValue::parse, (turn, circle, flow, at) ->
                turn.openForm(c.actionForm(turn, circle, at.encode())));
        c.onStep(registry, FlowMessages.ADD_KIC, StepValue::parseWithExtra, (turn, circle, flow, at) ->
                KeepImproveChange.kind(at.extra()).ifPresentOrElse(kind -> turn.openForm(new Form(KIC_FORM, at.encode(),
                        turn.text("flow.form.kic.title", FlowMessages.kicLabelOf(turn, kind)), turn.text("flow.form.submit"),
                        List.of(FormField.longText("text", FlowMessages.kicLabelOf(turn, kind), FlowMessages.MAX_CONTRIBUTION)))),
                        () -> turn.tell(turn.text("error.staleChoice"))));
        c.onStep(registry, ANSWER_FORM, StepValue::parse, (turn, circle, flow, at) ->
                c.answerIfCurrent(turn, circle, flow, at.step(), turn.event().form().getOrDefault("text", "")));
        registry.checkField(ACTION_FORM, "due", (turn, answer) -> ActionSentence.dueProblem(turn, answer, engine.zone()));
        // a person picker offers the whole workspace: an owner outside the circle is named while the form is open
        registry.checkField(ACTION_FORM, "owner", (turn, owner) -> turn.circle()
                .filter(circle -> turn.circles().roleOf(circle, owner).isEmpty())
                .map(circle -> turn.text("flow.action.ownerNotMember", Mentions.of(owner))));
        c.onStep(registry, ACTION_FORM, StepValue::parse, (turn, circle, flow, at) -> {
            Map<String, String> form = turn.event().form();
            String sentence = Mentions.of(form.getOrDefault("owner", "")) + " " + form.getOrDefault("what", "")
                    + " " + form.getOrDefault("due", "");
            c.answerIfCurrent(turn, circle, flow, at.step(), sentence);
        });
        c.onStep(registry, KIC_FORM, StepValue::parseWithExtra, (turn, circle, flow, at) ->
                KeepImproveChange.kind(at.extra()).ifPresentOrElse(kind -> engine.contributeItem(turn, circle, flow, at.step(),
                        kind, turn.event().form().getOrDefault("text", "")), () -> turn.tell(turn.text("error.staleChoice"))));
        registry.onScheduled(FlowEngine.TIMER_ACTION, (turn, value) -> StepValue.parse(value).ifPresent(at ->
                c.flowOf(turn, at).ifPresent(flow -> engine.timerFired(turn, turn.theCircle(), flow, at.step()))));
    }

    @FunctionalInterface
    private interface StepAction {
        void run(Turn turn, Circle circle, FlowRun flow, StepValue at);
    }

    /** A button or form of a case's step, for members: it acts on its case, in this channel's circle. */
    private void onStep(CommandRegistry registry, String action, ChoiceValue.Parser<StepValue> parser, StepAction then) {
        registry.onChoice(action, parser, Need.MEMBER, (turn, at) ->
                flowOf(turn, at).ifPresent(flow -> then.run(turn, turn.theCircle(), flow, at)));
    }

    /** The case a value names, when it belongs to this channel's circle; otherwise the user hears that the button is gone. */
    private Optional<FlowRun> flowOf(Turn turn, StepValue at) {
        Optional<FlowRun> flow = turn.circle().flatMap(c -> FlowStore.of(turn).lock(c.workspaceId(), at.flowId())
                .filter(f -> f.circleId() == c.id()));
        if (flow.isEmpty()) {
            turn.tell(turn.text("error.staleChoice"));
        }
        return flow;
    }

    private void answerIfCurrent(Turn turn, Circle circle, FlowRun flow, int stepIndex, String text) {
        if (flow.stepIndex() != stepIndex || !flow.isRunning()) {
            turn.tell(turn.text(flow.isRunning() ? "flow.error.stale" : "flow.error.notRunning"));
            return;
        }
        engine.contribute(turn, circle, flow, text, true);
    }

    private Form actionForm(Turn turn, Circle circle, String value) {
        List<Choice> owners = turn.circles().members(circle).stream()
                .map(m -> new Choice(Mentions.of(m.userId()), "", m.userId())).toList();
        return new Form(ACTION_FORM, value, turn.text("flow.form.action.title"), turn.text("flow.form.submit"), List.of(
                FormField.pick("owner", turn.text("flow.form.action.owner"), owners).as(FormField.Kind.PERSON),
                FormField.text("what", turn.text("flow.form.action.what"), ActionSentence.MAX_TEXT),
                FormField.text("due", turn.text("flow.form.action.due"), 40)));
    }

    // ----------------------------------------------------------------------------------------
    // Commands

    private void startCase(Turn turn, String args) {
        Circle circle = turn.theCircle();
        if (args.isBlank()) {
            List<FlowRun> running = FlowStore.of(turn).running(circle);
            if (running.isEmpty()) {
                turn.openForm(startForm(turn));
            } else {
                showRunning(turn, running);
            }
            return;
        }
        String[] words = args.strip().split("\\s+", 2);
        Optional<Method> method = engine.methods().find(words[0]);
        if (method.isEmpty()) {
            turn.tell(turn.text("case.unknownMethod", words[0], String.join(", ", engine.methods().ids())),
                    methodChoices(turn));
            return;
        }
        String title = words.length > 1 ? words[1].strip() : turn.text("case.defaultTitle", Mentions.of(turn.userId()));
        if (title.length() > MAX_TITLE) {
            turn.tell(turn.text("error.tooLong", title.length(), MAX_TITLE));
            return;
        }
        engine.start(turn, circle, method.get(), title, null, null);
    }

    /** What runs, with a way to go on (the current step again, with fresh buttons), to end it, or to start another. */
    private void showRunning(Turn turn, List<FlowRun> running) {
        String language = turn.texts().language();
        StringBuilder text = new StringBuilder(turn.text("case.running", running.size()));
        List<Choice> choices = new java.util.ArrayList<>();
        for (FlowRun flow : running) {
            Method method = engine.methodOf(flow);
            text.append("\n• ").append(turn.text("case.running.line", flow.title(), Mentions.of(flow.bringerId()),
                    turn.text("flow.step.title", flow.stepIndex() + 1, method.stepCount(),
                            method.step(flow.stepIndex()).title().in(language))));
            String id = String.valueOf(flow.id());
            choices.add(new Choice(turn.text("case.choice.continue", flow.title()), FlowMessages.REPOST, id));
            choices.add(new Choice(turn.text("case.choice.end", flow.title()), FlowMessages.END, id));
        }
        choices.add(new Choice(turn.text("case.choice.another"), OPEN_START_FORM, ""));
        turn.tell(text.toString(), choices);
    }

    private List<Choice> methodChoices(Turn turn) {
        return List.of(new Choice(turn.text("case.openForm"), OPEN_START_FORM, ""));
    }

    private Form startForm(Turn turn) {
        String language = turn.texts().language();
        List<Choice> methods = engine.methods().all().stream()
                .map(m -> new Choice(m.name().in(language), "", m.id())).toList();
        return new Form(START_FORM, "", turn.text("case.form.title"), turn.text("case.form.submit"), List.of(
                FormField.text("title", turn.text("case.form.caseTitle"), MAX_TITLE),
                FormField.longText("case", turn.text("case.form.case"), FlowMessages.MAX_CONTRIBUTION).asOptional(),
                FormField.longText("question", turn.text("case.form.question"), FlowMessages.MAX_CONTRIBUTION).asOptional(),
                FormField.pick("method", turn.text("case.form.method"), methods)));
    }

    private void startFromForm(Turn turn) {
        Map<String, String> form = turn.event().form();
        String title = form.getOrDefault("title", "").strip();
        Optional<Method> method = engine.methods().find(form.getOrDefault("method", ""));
        if (method.isEmpty()) {
            turn.tell(turn.text("case.unknownMethod", form.getOrDefault("method", ""), String.join(", ", engine.methods().ids())));
            return;
        }
        if (title.isEmpty()) {
            turn.tell(turn.text("case.form.noTitle"));
            return;
        }
        for (String key : List.of("title", "case", "question")) {
            int max = key.equals("title") ? MAX_TITLE : FlowMessages.MAX_CONTRIBUTION;
            String v = form.getOrDefault(key, "");
            if (v.length() > max) {
                turn.tell(turn.text("error.tooLong", v.length(), max));
                return;
            }
        }
        engine.start(turn, turn.theCircle(), method.get(), title, form.get("case"), form.get("question"));
    }

    private void listMethods(Turn turn) {
        String language = turn.texts().language();
        String list = engine.methods().all().stream()
                .map(m -> "• " + m.name().in(language) + " (" + m.id() + ", " + m.stepCount() + " "
                        + turn.text("methods.steps") + ") — " + m.purpose().in(language))
                .collect(Collectors.joining("\n"));
        turn.send(OutgoingMessage.text(turn.here().privatelyTo(turn.userId()), list + "\n\n" + turn.text("methods.howTo"))
                .withTitle(turn.text("methods.title")));
    }

    /** {@code /kring methode <naam>}: a method's purpose, its steps with their time, and how long it takes, before starting it. */
    private void showMethod(Turn turn, String args) {
        String name = args.strip();
        Optional<Method> found = name.isEmpty() ? Optional.empty() : engine.methods().find(name);
        if (found.isEmpty()) {
            turn.tell(turn.text(name.isEmpty() ? "method.usage" : "method.unknown", name,
                    String.join(", ", engine.methods().ids())));
            return;
        }
        Method method = found.get();
        String language = turn.texts().language();
        StringBuilder steps = new StringBuilder(method.purpose().in(language)).append("\n");
        java.time.Duration total = java.time.Duration.ZERO;
        for (int i = 0; i < method.stepCount(); i++) {
            var step = method.step(i);
            steps.append("\n").append(i + 1).append(". ").append(step.title().in(language));
            if (step.timer() != null) {
                steps.append(" (").append(FlowMessages.duration(turn, step.timer())).append(')');
                total = total.plus(step.timer());
            }
        }
        steps.append("\n\n").append(turn.text("method.total", FlowMessages.duration(turn, total)))
                .append("\n").append(turn.text("method.start", method.id()));
        turn.send(OutgoingMessage.text(turn.here().privatelyTo(turn.userId()), steps.toString())
                .withTitle(method.name().in(language)));
    }

    /** {@code /kring antwoord <tekst>}: an answer to the current step, given privately. */
    private void answerCommand(Turn turn, String args) {
        Circle circle = turn.theCircle();
        Optional<FlowRun> flow = flowHere(turn, circle).flatMap(f -> FlowStore.of(turn).lock(f.workspaceId(), f.id()));
        if (flow.isEmpty()) {
            return;
        }
        if (args.isBlank()) {
            turn.tell(turn.text("flow.answer.usage"));
            return;
        }
        engine.contribute(turn, circle, flow.get(), args, true);
    }

    /** The flow of the thread the event is in, or the only running flow of the channel. */
    private Optional<FlowRun> flowHere(Turn turn, Circle circle) {
        FlowStore store = FlowStore.of(turn);
        String thread = turn.event().where().threadId();
        if (thread != null && !Address.NEWEST_THREAD.equals(thread)) {
            Optional<FlowRun> inThread = store.byThread(circle, thread);
            if (inThread.isPresent()) {
                return inThread;
            }
        }
        List<FlowRun> running = store.running(circle);
        if (running.isEmpty()) {
            turn.tell(turn.text("flow.error.noFlow"));
            return Optional.empty();
        }
        if (running.size() > 1) {
            turn.tell(turn.text("flow.error.severalFlows", running.stream().map(FlowRun::title).collect(Collectors.joining(", "))));
            return Optional.empty();
        }
        return Optional.of(running.get(0));
    }

    /** A reply in a case's thread is a contribution to its current step. Other talk is not for the bot. */
    private void threadMessage(Turn turn, String text) {
        String thread = turn.event().where().threadId();
        if (thread == null || turn.circle().isEmpty()) {
            return;
        }
        Circle circle = turn.circle().get();
        FlowStore store = FlowStore.of(turn);
        Optional<FlowRun> flow = (Address.NEWEST_THREAD.equals(thread)
                ? store.running(circle).stream().findFirst()
                : store.byThread(circle, thread))
                .flatMap(f -> store.lock(f.workspaceId(), f.id())).filter(FlowRun::isRunning);
        String action = turn.event().action();
        if (InboundEvent.MESSAGE_CHANGED.equals(action) || InboundEvent.MESSAGE_REMOVED.equals(action)) {
            flow.ifPresent(f -> engine.messageChanged(turn, f, text, InboundEvent.MESSAGE_REMOVED.equals(action)));
        } else {
            flow.ifPresent(f -> engine.contribute(turn, circle, f, text, false));
        }
    }
}
