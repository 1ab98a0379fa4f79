package nl.leerkring.core.session;

import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import nl.leerkring.core.action.ActionItem;
import nl.leerkring.core.action.ActionStore;
import nl.leerkring.chat.Choice;
import nl.leerkring.chat.Field;
import nl.leerkring.chat.Form;
import nl.leerkring.chat.Form.FormField;
import nl.leerkring.chat.OutgoingMessage;
import nl.leerkring.core.Mentions;
import nl.leerkring.core.assignment.AssignmentStore;
import nl.leerkring.core.command.ChoiceValue;
import nl.leerkring.core.command.Turn;
import nl.leerkring.core.circle.Circle;
import nl.leerkring.core.circle.Role;
import nl.leerkring.core.feature.Timers;
import nl.leerkring.core.flow.FlowEngine;
import nl.leerkring.core.method.Method;

/**
 * A session as it happens, started by its co-host or the facilitator ({@code /kring sessie
 * start}): the agenda with its times in the channel; in its thread the opening (last time's
 * learning points, the answers to the assignment, the open actions), then each part with a
 * "next part" button, and the closing part with the learning points and the next assignment.
 */
final class SessionRun {

    static final String START_ANYWAY = "session.startNow";
    static final String NEXT = "session.next";
    static final String CASE = "session.case";
    static final String POINT = "session.point";
    static final String POINT_FORM = "session.point.submit";
    static final String ASSIGN = "session.assign";
    static final String ASSIGN_OWN = "session.assignOwn";
    static final String CLOSE = "session.close";
    static final String REPOST = "session.repost";
    /** The scheduled end of a part, in a session whose co-host keeps the time. */
    static final String TIME_UP = "session.timeUp";
    static final int MAX_POINT = 1000;
    private static final int MAX_POINTS = 3800;
    /** Starting earlier than this before the planned moment asks for a confirmation first. */
    private static final Duration EARLY = Duration.ofHours(12);

    /** A button about a session of this channel's circle: {@code <session id>}. */
    record SessionButton(long sessionId) implements ChoiceValue {

        @Override
        public String encode() {
            return String.valueOf(sessionId);
        }

        static Optional<SessionButton> parse(String value) {
            return ChoiceValue.parts(value, 1).flatMap(p -> ChoiceValue.number(p[0])).map(SessionButton::new);
        }
    }

    /** A button of one agenda part of a running session: {@code <session id>:<part index>}. */
    record PartButton(long sessionId, int part) implements ChoiceValue {

        @Override
        public String encode() {
            return sessionId + ":" + part;
        }

        static Optional<PartButton> parse(String value) {
            return SessionContext.pair(value, (session, part) -> new PartButton(session, part.intValue()));
        }
    }

    private final TemplateLibrary templates;
    private final FlowEngine flows;
    private final CircleTime time;
    private final SessionReminder reminder;
    private final Assignments assignments;
    private final Timers timers;

    SessionRun(TemplateLibrary templates, FlowEngine flows, CircleTime time, SessionReminder reminder, Assignments assignments,
               Timers timers) {
        this.templates = templates;
        this.flows = flows;
        this.time = time;
        this.reminder = reminder;
        this.assignments = assignments;
        this.timers = timers;
    }

    /** {@code /kring sessie start [n]}: the next session (or number n), by a member who may start it. */
    void start(Turn turn, Circle circle, String args) {
        SessionStore store = new SessionStore(turn.handle());
        Optional<Session> running = store.running(circle);
        if (running.isPresent()) {
            turn.tell(turn.channelText(circle, "session.alreadyRunning", running.get().number()));
            return;
        }
        long number = args.isBlank() ? 0 : SessionContext.number(args.strip());
        if (number < 0) {
            turn.tell(turn.text("session.usage"));
            return;
        }
        Optional<Session> session = number > 0 ? store.byNumber(circle, (int) number) : store.next(circle, turn.now());
        if (session.isEmpty()) {
            turn.tell(number > 0 ? turn.text("sessions.unknownNumber", number) : turn.text("session.noneToStart"));
            return;
        }
        if (!session.get().isPlanned()) {
            turn.tell(turn.text("session.notPlanned", session.get().number()));
            return;
        }
        Session s = session.get();
        if (!mayStart(turn, circle, s)) {
            return;
        }
        if (s.startsAt().minus(EARLY).isAfter(turn.now())) {
            turn.tell(turn.text("session.early", s.number(), CircleTime.dateTime(turn.texts(), s.startsAt(), time.zone(turn, circle))),
                    List.of(new Choice(turn.text("session.choice.startNow"), START_ANYWAY, new SessionButton(s.id()).encode())));
            return;
        }
        begin(turn, circle, s);
    }

    /** The "start now anyway" button. */
    void startAnyway(Turn turn, SessionButton value) {
        Circle circle = turn.theCircle();
        SessionStore store = new SessionStore(turn.handle());
        Optional<Session> s = store.find(circle.workspaceId(), value.sessionId())
                .filter(x -> x.circleId() == circle.id() && x.isPlanned());
        if (s.isEmpty() || store.running(circle).isPresent()) {
            turn.tell(turn.text("error.staleChoice"));
        } else if (mayStart(turn, circle, s.get())) {
            begin(turn, circle, s.get());
        }
    }

    private static boolean mayStart(Turn turn, Circle circle, Session s) {
        Role role = turn.circles().roleOf(circle, turn.userId()).orElse(null);
        String stepsBack = FadeOuts.stepsBack(turn, circle, s);
        if (role == Role.FACILITATOR && stepsBack != null) {
            // a session the circle runs without its facilitator: the steering rule tells them who leads
            return turn.requireSteering(circle, s.cohostId(), null, stepsBack);
        }
        if (role == Role.FACILITATOR || turn.userId().equals(s.cohostId()) || s.cohostId() == null && role == Role.COHOST) {
            return true;
        }
        turn.tell(s.cohostId() == null ? turn.text("session.onlyFacilitatorStarts")
                : turn.text("session.onlyCohostStarts", Mentions.of(s.cohostId())));
        return false;
    }

    private void begin(Turn turn, Circle circle, Session planned) {
        SessionStore store = new SessionStore(turn.handle());
        store.markStarted(planned, turn.now());
        Session s = store.find(circle.workspaceId(), planned.id()).orElseThrow();
        reminder.cancel(turn, s);
        Cohosts.handOver(turn, circle, s);
        ZoneId zone = time.zone(turn, circle);
        List<Agenda.Part> parts = Agenda.of(s, template(s), turn.texts());
        int total = store.current(circle).size();
        List<Field> fields = new ArrayList<>();
        if (s.cohostId() != null) {
            fields.add(new Field(turn.text("session.field.cohost"), Mentions.of(s.cohostId())));
        }
        FadeOuts.describe(turn, circle, s).ifPresent(lead -> fields.add(new Field(turn.text("session.field.lead"), lead)));
        String news = FadeOuts.news(turn, circle, s).map(n -> "\n\n" + n).orElse("");
        turn.send(OutgoingMessage.text(Turn.channelOf(circle), Agenda.lines(parts, zone) + news + "\n\n" + turn.channelText(circle, "session.agenda.footer"))
                .withTitle(turn.text("session.agenda.title", s.number(), total,
                        template(s).session(s.number()).title().in(turn.texts().language())))
                .withFields(fields)
                .asAnchor(s.threadKey()));
        opening(turn, circle, s);
        turn.send(part(turn, circle, s, parts, 0));
        keepTime(turn, circle, s, parts, 0);
    }

    /** One timer per running session: the end of its current part. */
    private static String timeKey(Session s) {
        return timeKey(s.id());
    }

    static String timeKey(long sessionId) {
        return "session-time-" + sessionId;
    }

    /**
     * In a session whose co-host keeps the time ({@link FadeOuts}), a prompt to the co-host when
     * the part's time is up, through the same timers as a case's steps; a later part replaces it.
     */
    private void keepTime(Turn turn, Circle circle, Session s, List<Agenda.Part> parts, int index) {
        if (FadeOuts.leadOf(turn, circle, s) == FadeOut.Lead.FACILITATORS) {
            timers.cancel(turn.handle(), timeKey(s));
            return;
        }
        timers.schedule(turn.handle(), timeKey(s), parts.get(index).end(), Turn.channelOf(circle), TIME_UP, new PartButton(s.id(), index).encode());
    }

    /** A part's time is up: the co-host hears it in the session's thread, with the button to go on or to close. */
    void timeUp(Turn turn, String value) {
        Optional<PartButton> at = PartButton.parse(value);
        Optional<Circle> circle = turn.circle();
        if (at.isEmpty() || circle.isEmpty()) {
            return;
        }
        Optional<Session> s = new SessionStore(turn.handle()).find(circle.get().workspaceId(), at.get().sessionId())
                .filter(x -> x.circleId() == circle.get().id() && x.status() == Session.Status.RUNNING && x.partIndex() == at.get().part());
        if (s.isEmpty() || s.get().cohostId() == null) {
            return;
        }
        List<Agenda.Part> parts = Agenda.of(s.get(), template(s.get()), turn.texts());
        Agenda.Part p = parts.get(Math.min(at.get().part(), parts.size() - 1));
        boolean closing = at.get().part() >= parts.size() - 1;
        String who = Mentions.of(s.get().cohostId());
        String end = CircleTime.time(p.end(), time.zone(turn, circle.get()));
        turn.send(inThread(circle.get(), s.get(), closing ? turn.text("fadeout.timeUp.closing", who, end)
                        : turn.text("fadeout.timeUp", who, p.title(), end))
                .withChoices(List.of(closing
                        ? new Choice(turn.text("session.choice.close"), CLOSE, new SessionButton(s.get().id()).encode())
                        : new Choice(turn.text("session.choice.next"), NEXT, at.get().encode()))));
    }

    /** Last time's learning points, the answers to the assignment, the open actions. */
    private void opening(Turn turn, Circle circle, Session s) {
        new SessionStore(turn.handle()).lastHeld(circle).map(Session::learningPoints).filter(p -> !p.isBlank())
                .ifPresent(points -> turn.send(inThread(circle, s, points).withTitle(turn.text("session.opening.points"))));
        assignments.share(turn, circle, s).forEach(turn::send);
        List<ActionItem> open = new ActionStore(turn.handle()).open(circle);
        if (!open.isEmpty()) {
            String list = open.stream().map(a -> "• " + Mentions.of(a.ownerId()) + " — " + a.text() + " — "
                    + CircleTime.date(turn.texts(), a.due())).collect(Collectors.joining("\n"));
            turn.send(inThread(circle, s, list + "\n\n" + turn.text("session.opening.actionsAsk"))
                    .withTitle(turn.text("session.opening.actions", open.size())));
        }
    }

    private static OutgoingMessage inThread(Circle circle, Session s, String text) {
        return OutgoingMessage.text(Turn.channelOf(circle), text).inThreadOf(s.threadKey());
    }

    private SessionTemplate template(Session s) {
        return templates.find(s.templateId()).orElseThrow(() ->
                new IllegalStateException("Template '" + s.templateId() + "' of session " + s.id() + " is no longer installed"));
    }

    private OutgoingMessage part(Turn turn, Circle circle, Session s, List<Agenda.Part> parts, int index) {
        Agenda.Part p = parts.get(index);
        String at = new PartButton(s.id(), index).encode();
        String session = new SessionButton(s.id()).encode();
        boolean closing = index == parts.size() - 1;
        StringBuilder text = new StringBuilder(p.prompt());
        if (FadeOuts.leadOf(turn, circle, s) != FadeOut.Lead.FACILITATORS) {
            // the facilitator steps back: the steering prompts go to the session's co-host
            text.append("\n\n").append(closing
                    ? turn.text("fadeout.part.closing", Mentions.of(s.cohostId()))
                    : turn.text("fadeout.part.next", Mentions.of(s.cohostId()), Agenda.times(p, time.zone(turn, circle))));
        }
        List<Choice> choices = new ArrayList<>();
        if (closing) {
            choices.add(new Choice(turn.text("session.choice.point"), POINT, session));
            Optional<String> next = nextAssignment(turn, s);
            next.ifPresent(a -> {
                text.append("\n\n").append(turn.text("session.closing.templateAssignment", a));
                choices.add(new Choice(turn.text("session.choice.assign"), ASSIGN, session));
            });
            choices.add(new Choice(turn.text("session.choice.assignOwn"), ASSIGN_OWN, session));
            choices.add(new Choice(turn.text("session.choice.close"), CLOSE, session));
        } else {
            if (p.method() != null) {
                flows.methods().find(p.method()).ifPresent(m -> choices.add(new Choice(
                        turn.text("session.choice.case", m.name().in(turn.texts().language())), CASE, at)));
            }
            choices.add(new Choice(turn.text("session.choice.next"), NEXT, at));
        }
        return inThread(circle, s, text.toString())
                .withTitle(turn.text("session.part.title", index + 1, parts.size(), p.title()))
                .withFields(List.of(new Field(turn.text("session.part.time"),
                        turn.text("session.part.times", Agenda.times(p, time.zone(turn, circle)), p.minutes()))))
                .withChoices(choices);
    }

    /** The template's assignment after this session, in the circle's language, if any. */
    private Optional<String> nextAssignment(Turn turn, Session s) {
        return Optional.ofNullable(template(s).session(s.number()).assignment()).map(a -> a.in(turn.texts().language()));
    }

    // ------------------------------------------------------------------------------------------
    // Buttons

    @FunctionalInterface
    private interface RunningAction {
        void run(Circle circle, Session session, int partIndex);
    }

    /**
     * The running session a button names in this channel's circle (the registry has checked
     * that the presser is a member), at the agenda part the button was made for (or its current
     * part); what only steering members may do checks that too.
     */
    private void withRunning(Turn turn, long sessionId, Integer part, boolean steering, RunningAction action) {
        Circle circle = turn.theCircle();
        Optional<Session> s = new SessionStore(turn.handle()).lock(circle.workspaceId(), sessionId)
                .filter(x -> x.circleId() == circle.id());
        if (s.isEmpty() || s.get().status() != Session.Status.RUNNING) {
            turn.tell(turn.text("session.error.notRunning"));
            return;
        }
        int index = part != null ? part : s.get().partIndex();
        if (index != s.get().partIndex()) {
            turn.tell(turn.text("session.error.stalePart"));
            return;
        }
        if (steering && !SessionContext.requireSteering(turn, circle, s.get())) {
            return;
        }
        action.run(circle, s.get(), index);
    }

    private void withRunning(Turn turn, PartButton value, boolean steering, RunningAction action) {
        withRunning(turn, value.sessionId(), value.part(), steering, action);
    }

    private void withRunning(Turn turn, SessionButton value, boolean steering, RunningAction action) {
        withRunning(turn, value.sessionId(), null, steering, action);
    }

    /** {@code /kring sessie} alone: the session that runs, to go on with (its current part again) or to close; otherwise what can be done. */
    void overview(Turn turn, Circle circle) {
        Optional<Session> running = new SessionStore(turn.handle()).running(circle);
        if (running.isEmpty()) {
            turn.tell(turn.text("session.usage"));
            return;
        }
        Session s = running.get();
        List<Agenda.Part> parts = Agenda.of(s, template(s), turn.texts());
        int index = Math.min(s.partIndex(), parts.size() - 1);
        String session = new SessionButton(s.id()).encode();
        turn.tell(turn.text("session.running", s.number(), turn.text("session.part.title", index + 1, parts.size(), parts.get(index).title())),
                List.of(new Choice(turn.text("session.choice.continue"), REPOST, session),
                        new Choice(turn.text("session.choice.close"), CLOSE, session)));
    }

    /** The running session's current part posted again, with fresh buttons. */
    void repost(Turn turn, SessionButton value) {
        withRunning(turn, value, false, (circle, s, index) ->
                turn.send(part(turn, circle, s, Agenda.of(s, template(s), turn.texts()), index)));
    }

    void next(Turn turn, PartButton value) {
        withRunning(turn, value, true, (circle, s, index) -> {
            List<Agenda.Part> parts = Agenda.of(s, template(s), turn.texts());
            if (index + 1 >= parts.size()) {
                turn.tell(turn.text("session.error.stalePart"));
                return;
            }
            new SessionStore(turn.handle()).setPart(s, index + 1);
            turn.send(part(turn, circle, s, parts, index + 1));
            keepTime(turn, circle, s, parts, index + 1);
        });
    }

    /** A part that names a method starts that case discussion; whoever presses brings the case. */
    void startCase(Turn turn, PartButton value) {
        withRunning(turn, value, false, (circle, s, index) -> {
            Agenda.Part p = Agenda.of(s, template(s), turn.texts()).get(index);
            Optional<Method> method = p.method() == null ? Optional.empty() : flows.methods().find(p.method());
            if (method.isEmpty()) {
                turn.tell(turn.text("error.staleChoice"));
                return;
            }
            flows.start(turn, circle, method.get(), p.title(), null, null);
        });
    }

    void pointForm(Turn turn, SessionButton value) {
        withRunning(turn, value, false, (circle, s, index) -> turn.openForm(new Form(POINT_FORM, value.encode(),
                turn.text("session.pointForm.title"), turn.text("assignment.form.submit"),
                List.of(FormField.longText("text", turn.text("session.pointForm.label"), MAX_POINT)))));
    }

    void addPoint(Turn turn, SessionButton value) {
        withRunning(turn, value, false, (circle, s, index) -> {
            Optional<String> checked = SessionContext.text(turn, turn.event().form().getOrDefault("text", ""), MAX_POINT,
                    "session.point.empty");
            if (checked.isEmpty()) {
                return;
            }
            String point = checked.get();
            String all = (s.learningPoints() == null ? "" : s.learningPoints() + "\n") + "• " + point;
            if (all.length() > MAX_POINTS) {
                turn.tell(turn.text("session.point.full"));
                return;
            }
            new SessionStore(turn.handle()).setLearningPoints(s, all);
            turn.send(inThread(circle, s, turn.text("session.point.recorded", point)));
        });
    }

    void assignFromTemplate(Turn turn, SessionButton value) {
        withRunning(turn, value, true, (circle, s, index) -> nextAssignment(turn, s).ifPresentOrElse(
                a -> assignments.set(turn, circle, a, null), () -> turn.tell(turn.text("error.staleChoice"))));
    }

    void assignOwn(Turn turn, SessionButton value) {
        withRunning(turn, value, true, (circle, s, index) -> turn.openForm(assignments.setForm(turn, circle)));
    }

    void close(Turn turn, SessionButton value) {
        withRunning(turn, value, true, (circle, s, index) -> {
            SessionStore store = new SessionStore(turn.handle());
            store.markHeld(s, turn.now());
            timers.cancel(turn.handle(), timeKey(s));
            ZoneId zone = time.zone(turn, circle);
            List<Field> fields = new ArrayList<>();
            fields.add(new Field(turn.text("session.closed.points"),
                    s.learningPoints() == null ? turn.text("session.closed.noPoints") : s.learningPoints()));
            new AssignmentStore(turn.handle()).open(circle).ifPresent(a ->
                    fields.add(new Field(turn.text("session.closed.assignment"), a.text())));
            store.next(circle, turn.now()).ifPresent(n -> fields.add(new Field(turn.text("session.closed.next"),
                    CircleTime.dateTime(turn.texts(), n.startsAt(), zone)
                            + (n.cohostId() == null ? "" : turn.text("sessions.cohost", Mentions.of(n.cohostId()))))));
            turn.send(OutgoingMessage.text(Turn.channelOf(circle), turn.text("session.closed.thanks"))
                    .withTitle(turn.text("session.closed.title", s.number())).withFields(fields));
        });
    }
}
