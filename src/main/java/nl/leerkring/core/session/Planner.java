package nl.leerkring.core.session;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import nl.leerkring.chat.Choice;
import nl.leerkring.chat.Field;
import nl.leerkring.chat.Form;
import nl.leerkring.chat.Form.FormField;
import nl.leerkring.chat.OutgoingMessage;
import nl.leerkring.core.assignment.AssignmentStore;
import nl.leerkring.core.command.Turn;
import nl.leerkring.core.circle.Circle;
import nl.leerkring.core.circle.Role;
import nl.leerkring.core.time.DateInput;

/**
 * Planning a cycle ({@code /kring plan}, by the facilitator), listing it ({@code /kring sessies})
 * and moving or cancelling one session with everything scheduled around it.
 */
final class Planner {

    static final String FORM = "plan.submit";
    static final String REPLACE = "plan.replace";
    /** Before a plan: begin a new cycle from the template's first session, instead of continuing the current one. */
    private static final java.util.regex.Pattern NEW_CYCLE = java.util.regex.Pattern.compile("(?iu)^\\s*(nieuwe cyclus|new cycle|nieuw|new)\\b\\s*");

    private final TemplateLibrary templates;
    private final CircleTime time;
    private final SessionReminder reminder;

    Planner(TemplateLibrary templates, CircleTime time, SessionReminder reminder) {
        this.templates = templates;
        this.time = time;
        this.reminder = reminder;
    }

    /** {@code /kring plan [plan]}, by the facilitator: the form, or the plan written out. */
    void plan(Turn turn, String args) {
        Circle circle = turn.theCircle();
        if (args.isBlank()) {
            turn.openForm(form(turn, circle));
            return;
        }
        java.util.regex.Matcher fresh = NEW_CYCLE.matcher(args);
        boolean newCycle = fresh.find();
        String plan = newCycle ? args.substring(fresh.end()) : args;
        apply(turn, circle, PlanInput.parse(plan, turn.now(), time.zone(turn, circle), templates), false, newCycle);
    }

    void fromForm(Turn turn) {
        Circle circle = turn.theCircle();
        apply(turn, circle, PlanInput.complete(draft(turn, circle, turn.event().form()), turn.now(), time.zone(turn, circle),
                templates), false, false);
    }

    /** The plan form's fields, each read on its own when it is answered ({@link PlanInput#field}). */
    void registerChecks(nl.leerkring.core.command.CommandRegistry registry) {
        for (String field : List.of("date", "time", "count", "interval", "length", "zone", "template")) {
            registry.checkField(FORM, field, (turn, answer) -> PlanInput.field(field, answer, turn.now(),
                            turn.circle().map(c -> time.zone(turn, c)).orElse(time.rhythm().defaultZone()), templates)
                    .map(p -> problem(turn, p)));
        }
        registry.checkForm(FORM, (turn, answers) -> turn.circle().map(circle -> {
            PlanInput.Result result = PlanInput.complete(draft(turn, circle, answers), turn.now(), time.zone(turn, circle), templates);
            return result.problem() == null ? Map.<String, String>of()
                    : Map.of(PlanInput.fieldOf(result.problem()), problem(turn, result.problem()));
        }).orElse(Map.of()));
    }

    private PlanInput.Draft draft(Turn turn, Circle circle, Map<String, String> f) {
        ZoneId zone = time.zone(turn, circle);
        return PlanInput.fromForm(f.getOrDefault("date", ""), f.getOrDefault("time", ""),
                f.getOrDefault("count", ""), f.getOrDefault("interval", ""), f.getOrDefault("length", ""),
                f.getOrDefault("zone", ""), f.getOrDefault("template", ""), time.today(turn, zone), templates);
    }

    /** The "replace the plan" button carries the plan as text, read again like a command's. */
    void replace(Turn turn, String args) {
        Circle circle = turn.theCircle();
        java.util.regex.Matcher fresh = NEW_CYCLE.matcher(args);
        boolean newCycle = fresh.find();
        String plan = newCycle ? args.substring(fresh.end()) : args;
        apply(turn, circle, PlanInput.parse(plan, turn.now(), time.zone(turn, circle), templates), true, newCycle);
    }

    private Form form(Turn turn, Circle circle) {
        String language = turn.texts().language();
        List<Choice> options = templates.all().stream().map(t -> new Choice(t.name().in(language), "", t.id())).toList();
        return new Form(FORM, "", turn.text("plan.form.title"), turn.text("plan.form.submit"), List.of(
                FormField.text("date", turn.text("plan.form.date"), 40).as(FormField.Kind.DATE),
                FormField.text("time", turn.text("plan.form.time"), 20).as(FormField.Kind.TIME),
                FormField.text("count", turn.text("plan.form.count"), 20).asOptional(),
                FormField.text("interval", turn.text("plan.form.interval"), 20).asOptional(),
                FormField.text("length", turn.text("plan.form.length"), 20).asOptional(),
                FormField.text("zone", turn.text("plan.form.zone", time.zone(turn, circle).getId()), 64).asOptional(),
                FormField.pick("template", turn.text("plan.form.template"), options)));
    }

    /**
     * A plan continues the current cycle where it is: sessions held stay as they were (their
     * learning points, their answers), and the new sessions take the numbers after them, so the
     * template goes on from the next session. {@code newCycle}, or another template, begins again.
     */
    private void apply(Turn turn, Circle circle, PlanInput.Result result, boolean replace, boolean newCycle) {
        if (result.problem() != null) {
            turn.tell(problem(turn, result.problem()) + "\n" + turn.text("plan.example"));
            return;
        }
        PlanRequest plan = result.plan();
        SessionStore store = new SessionStore(turn.handle());
        if (store.running(circle).isPresent()) {
            turn.tell(turn.text("plan.whileRunning"));
            return;
        }
        List<Session> cycleNow = store.current(circle);
        List<Session> stillToCome = cycleNow.stream().filter(Session::isPlanned).toList();
        if (!stillToCome.isEmpty() && !replace) {
            turn.tell(turn.text("plan.replaceAsk", stillToCome.size()),
                    List.of(new Choice(turn.text("plan.choice.replace"), REPLACE, (newCycle ? "nieuw " : "") + plan.asArgs()),
                            new Choice(turn.text("plan.choice.newCycle"), REPLACE, "nieuw " + plan.asArgs())));
            return;
        }
        SessionTemplate template = templates.find(plan.templateId()).orElseThrow();
        List<Session> held = cycleNow.stream().filter(s -> s.status() == Session.Status.HELD).toList();
        int lastHeld = held.stream().mapToInt(Session::number).max().orElse(0);
        boolean continues = !newCycle && lastHeld > 0 && lastHeld < template.maxSessions()
                && cycleNow.get(0).templateId().equals(plan.templateId());
        if (continues && plan.count() > template.maxSessions() - lastHeld) {
            turn.tell(turn.text("plan.tooManyToContinue", lastHeld, template.maxSessions() - lastHeld));
            return;
        }
        for (Session old : stillToCome) {
            store.setStatus(old, Session.Status.CANCELLED);
            reminder.cancel(turn, old);
        }
        List<Session> replaced = continues ? cycleNow.stream().filter(s -> s.status() != Session.Status.HELD).toList() : List.of();
        replaced.forEach(store::moveAside);
        store.setZone(circle, plan.zone());
        int cycle = continues ? store.currentCycle(circle) : store.currentCycle(circle) + 1;
        int first = continues ? lastHeld + 1 : 1;
        List<String> cohosts = continues
                ? MemberChanges.rebalance(turn.circles().members(circle).stream().filter(m -> m.role() != Role.FACILITATOR)
                        .map(nl.leerkring.core.circle.Member::userId).toList(),
                        held.stream().map(Session::cohostId).filter(java.util.Objects::nonNull).toList(),
                        java.util.Collections.nCopies(plan.count(), (String) null))
                : Cohosts.rotation(turn.circles().members(circle), plan.count());
        List<ZonedDateTime> starts = plan.starts();
        List<Session> sessions = new ArrayList<>();
        for (int i = 0; i < starts.size(); i++) {
            sessions.add(store.create(circle, cycle, first + i, plan.templateId(), starts.get(i).toInstant(),
                    (int) plan.length().toMinutes(), cohosts.get(i), turn.now()));
        }
        AssignmentStore assignments = new AssignmentStore(turn.handle());
        stillToCome.forEach(old -> assignments.retie(old.workspaceId(), old.id(), sessions.get(0).id()));
        replaced.forEach(store::delete);
        List<String> members = SessionContext.memberIds(turn, circle);
        sessions.forEach(s -> reminder.schedule(turn, circle, s, members));
        turn.send(announcement(turn, circle, plan, sessions, continues ? turn.text("plan.continues", lastHeld, first) + "\n\n" : ""));
    }

    private OutgoingMessage announcement(Turn turn, Circle circle, PlanRequest plan, List<Session> sessions, String before) {
        String language = turn.texts().language();
        String list = sessions.stream().map(s -> Agenda.sessionLine(turn.texts(), s, plan.zone(), turn.now())).collect(Collectors.joining("\n"));
        boolean rotates = sessions.stream().anyMatch(s -> s.cohostId() != null);
        String rotation = rotates ? turn.text("plan.rotation", time.rhythm().prepDays()) : turn.text("plan.noRotation");
        SessionTemplate template = templates.find(plan.templateId()).orElseThrow();
        return OutgoingMessage.text(Turn.channelOf(circle), before + list + "\n\n" + rotation)
                .withTitle(turn.text("plan.title", sessions.size()))
                .withFields(List.of(new Field(turn.text("plan.field.template"), template.name().in(language)),
                        new Field(turn.text("plan.field.zone"), plan.zone().getId())));
    }

    /** A problem in the words of the user's language; dates, weekdays and times written out. */
    static String problem(Turn turn, PlanInput.Problem problem) {
        Locale locale = Locale.forLanguageTag(turn.texts().language());
        Object[] args = problem.args().clone();
        for (int i = 0; i < args.length; i++) {
            if (args[i] instanceof LocalDate d) {
                args[i] = CircleTime.date(turn.texts(), d);
            } else if (args[i] instanceof DayOfWeek w) {
                args[i] = w.getDisplayName(TextStyle.FULL, locale);
            } else if (args[i] instanceof LocalTime t) {
                args[i] = t.toString();
            }
        }
        return turn.text(problem.key(), args);
    }

    // ------------------------------------------------------------------------------------------
    // Listing, moving and cancelling

    /** {@code /kring sessies}: anyone in the circle's channel may see the plan. */
    void list(Turn turn) {
        Circle circle = turn.theCircle();
        List<Session> sessions = new SessionStore(turn.handle()).current(circle);
        boolean facilitator = turn.circles().roleOf(circle, turn.userId()).orElse(null) == Role.FACILITATOR;
        if (sessions.isEmpty()) {
            turn.tell(turn.text(facilitator ? "sessions.noneFacilitator" : "sessions.none"));
            return;
        }
        ZoneId zone = time.zone(turn, circle);
        boolean fadesOut = FadeOuts.of(turn.handle(), circle).isPresent();
        String list = sessions.stream().map(s -> Agenda.sessionLine(turn.texts(), s, zone, turn.now())
                        + (fadesOut ? turn.text("sessions.lead." + FadeOuts.leadOf(turn, circle, s).name().toLowerCase(Locale.ROOT)) : ""))
                .collect(Collectors.joining("\n"));
        String hint = facilitator ? "\n\n" + turn.text("sessions.facilitatorHint") : "";
        String template = templates.find(sessions.get(0).templateId()).map(t -> t.name().in(turn.texts().language()))
                .orElse(sessions.get(0).templateId());
        turn.send(OutgoingMessage.text(turn.here().privatelyTo(turn.userId()), list + hint)
                .withTitle(turn.text("sessions.title"))
                .withFields(List.of(new Field(turn.text("plan.field.template"), template),
                        new Field(turn.text("plan.field.zone"), zone.getId()))));
    }

    /** {@code /kring sessie verzet <n> <datum> [tijd]}: a new date, a new time, or both. */
    void move(Turn turn, Circle circle, String args) {
        Optional<Session> found = plannedSession(turn, circle, args, "session.move.usage");
        if (found.isEmpty()) {
            return;
        }
        Session s = found.get();
        ZoneId zone = time.zone(turn, circle);
        ZonedDateTime old = s.startsAt().atZone(zone);
        String rest = args.strip().replaceFirst("^\\d+\\s*", "");
        PlanInput.Draft d = PlanInput.read(rest, time.today(turn, zone), templates);
        if (d.date instanceof DateInput.NoSuchDay noSuchDay) {
            turn.tell(turn.text("date.noSuchDay", noSuchDay.text()));
            return;
        }
        boolean otherParts = d.count != null || d.interval != null || d.length != null || d.zone != null || d.badZone != null
                || d.template != null;
        if (d.badTime != null || !d.dateText.isEmpty() || otherParts || d.date == null && d.weekday == null && d.time == null) {
            turn.tell(d.badTime != null ? turn.text("plan.badTime", d.badTime)
                    : d.dateText.isEmpty() ? turn.text("session.move.usage") : turn.text("plan.notUnderstood", d.dateText));
            return;
        }
        LocalDate date = d.date instanceof DateInput.Valid v ? v.date()
                : d.weekday != null ? DateInput.next(d.weekday, time.today(turn, zone)) : old.toLocalDate();
        LocalTime at = d.time != null ? d.time : old.toLocalTime();
        Instant start = ZonedDateTime.of(date, at, zone).toInstant();
        if (!start.isAfter(turn.now())) {
            turn.tell(turn.text("session.move.past"));
            return;
        }
        Session moved = s.withStart(start);
        new SessionStore(turn.handle()).setStart(moved, start);
        reminder.cancel(turn, s);
        reminder.schedule(turn, circle, moved, SessionContext.memberIds(turn, circle));
        turn.send(OutgoingMessage.text(Turn.channelOf(circle), turn.text("session.moved", s.number(),
                CircleTime.dateTime(turn.texts(), start, zone))));
    }

    /** {@code /kring sessie annuleer <n>}: its reminders go, an assignment due at it moves to the next session. */
    void cancel(Turn turn, Circle circle, String args) {
        Optional<Session> found = plannedSession(turn, circle, args, "session.cancel.usage");
        if (found.isEmpty()) {
            return;
        }
        Session s = found.get();
        SessionStore store = new SessionStore(turn.handle());
        store.setStatus(s, Session.Status.CANCELLED);
        reminder.cancel(turn, s);
        Optional<Session> next = store.current(circle).stream().filter(x -> x.isPlanned() && x.number() > s.number()).findFirst();
        AssignmentStore assignments = new AssignmentStore(turn.handle());
        boolean assignmentMoves = !assignments.openForSession(s.workspaceId(), s.id()).isEmpty();
        assignments.retie(s.workspaceId(), s.id(), next.map(Session::id).orElse(null));
        String text = turn.text("session.cancelled", s.number());
        if (assignmentMoves) {
            text += " " + next.map(n -> turn.text("session.cancelled.assignmentMoves", n.number()))
                    .orElse(turn.text("session.cancelled.assignmentNoDue"));
        }
        turn.send(OutgoingMessage.text(Turn.channelOf(circle), text));
    }

    /** The planned session a command names by number; only the facilitator moves or cancels one. */
    private Optional<Session> plannedSession(Turn turn, Circle circle, String args, String usage) {
        if (!turn.requireFacilitator(circle)) {
            return Optional.empty();
        }
        long number = SessionContext.number(args.strip().split("\\s+")[0]);
        if (number < 1) {
            turn.tell(turn.text(usage));
            return Optional.empty();
        }
        Optional<Session> s = new SessionStore(turn.handle()).byNumber(circle, (int) number);
        if (s.isEmpty()) {
            turn.tell(turn.text("sessions.unknownNumber", number));
        } else if (!s.get().isPlanned()) {
            turn.tell(turn.text("session.notPlanned", number));
            return Optional.empty();
        }
        return s;
    }
}
