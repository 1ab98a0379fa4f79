package nl.leerkring.core.session;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import nl.leerkring.core.action.ActionItem;
import nl.leerkring.core.action.ActionStore;
import nl.leerkring.chat.Address;
import nl.leerkring.chat.Choice;
import nl.leerkring.chat.OutgoingMessage;
import nl.leerkring.core.command.Turn;
import nl.leerkring.core.circle.Circle;
import nl.leerkring.core.time.WorkingHours.Due;

/**
 * A reminder comes due: a direct message to the member, only if what it is about is still open
 * for them (an answered assignment, a finished action, a moved or started session say nothing).
 * One that comes more than {@link Rhythm#LATE_AFTER} after its moment (the server was down)
 * says so. "Remind me later" schedules it again a day later, inside working hours.
 */
final class ReminderHandler {

    static final String SNOOZE = "reminder.snooze";

    private final CircleTime time;
    private final Reminders reminders;
    private final TemplateLibrary templates;

    ReminderHandler(CircleTime time, Reminders reminders, TemplateLibrary templates) {
        this.time = time;
        this.reminders = reminders;
        this.templates = templates;
    }

    void fired(Turn turn, String value) {
        Optional<Reminders.Fired> parsed = Reminders.Fired.parse(value);
        Optional<Circle> circle = turn.circle();
        if (parsed.isEmpty() || circle.isEmpty()) {
            return;
        }
        Reminders.Fired f = parsed.get();
        Circle c = circle.get();
        reminders.forget(turn, c.workspaceId(), f);
        if (!SessionContext.isMember(turn, c, f.userId()) || openUntil(turn, c, f.subject(), f.id(), f.userId()).isEmpty()) {
            return;
        }
        ZoneId zone = time.zoneOf(turn, c, f.userId());
        OutgoingMessage message = switch (f.subject()) {
            case ASSIGNMENT -> assignment(turn, c, f, zone);
            case ACTION -> action(turn, c, f);
            case SESSION -> session(turn, c, f, zone);
            case PREP -> prep(turn, c, f, zone);
        };
        if (turn.now().isAfter(f.meantFor().plus(Rhythm.LATE_AFTER))) {
            message = OutgoingMessage.text(message.to(), message.text() + "\n\n"
                            + turn.text("reminder.late", CircleTime.dateTime(turn.texts(), f.meantFor(), zone)))
                    .withTitle(message.title()).withFields(message.fields()).withChoices(message.choices());
        }
        turn.send(message);
    }

    /**
     * When something stops being worth a reminder for this member (its deadline), or empty when
     * it is not open for them any more.
     */
    private Optional<Instant> openUntil(Turn turn, Circle c, Reminders.Subject subject, long id, String userId) {
        ZoneId zone = time.zoneOf(turn, c, userId);
        return switch (subject) {
            case ASSIGNMENT -> new AssignmentStore(turn.handle()).find(c.workspaceId(), id)
                    .filter(a -> a.circleId() == c.id() && a.isOpen() && a.dueDate() != null)
                    .filter(a -> !new AssignmentStore(turn.handle()).answered(a, userId))
                    .map(a -> Due.on(a.dueDate()).deadline(zone));
            case ACTION -> new ActionStore(turn.handle()).find(c.workspaceId(), id)
                    .filter(a -> a.circleId() == c.id() && !a.done() && a.ownerId().equals(userId))
                    .map(a -> Due.on(a.due()).deadline(zone));
            case SESSION, PREP -> new SessionStore(turn.handle()).find(c.workspaceId(), id)
                    .filter(s -> s.circleId() == c.id() && s.isPlanned() && s.startsAt().isAfter(turn.now()))
                    .filter(s -> subject == Reminders.Subject.SESSION || userId.equals(s.cohostId()))
                    .map(Session::startsAt);
        };
    }

    private Address to(Circle c, String userId) {
        return Address.direct(c.platform(), c.workspaceId(), userId);
    }

    private Choice snooze(Turn turn, Circle c, Reminders.Subject subject, long id) {
        return new Choice(turn.text("reminder.choice.snooze"), SNOOZE, c.id() + ":" + subject.name() + ":" + id);
    }

    private OutgoingMessage assignment(Turn turn, Circle c, Reminders.Fired f, ZoneId zone) {
        Assignment a = new AssignmentStore(turn.handle()).find(c.workspaceId(), f.id()).orElseThrow();
        return OutgoingMessage.text(to(c, f.userId()), turn.text("reminder.assignment", a.text(), CircleTime.date(turn.texts(), a.dueDate())))
                .withTitle(turn.text("reminder.assignment.title"))
                .withChoices(List.of(Assignments.answerChoice(turn, c, a), snooze(turn, c, f.subject(), f.id())));
    }

    private OutgoingMessage action(Turn turn, Circle c, Reminders.Fired f) {
        ActionItem item = new ActionStore(turn.handle()).find(c.workspaceId(), f.id()).orElseThrow();
        return OutgoingMessage.text(to(c, f.userId()), turn.text("reminder.action", item.text(), CircleTime.date(turn.texts(), item.due())))
                .withTitle(turn.text("reminder.action.title"))
                .withChoices(List.of(ActionCommands.doneChoice(turn, c, item), snooze(turn, c, f.subject(), f.id())));
    }

    private OutgoingMessage session(Turn turn, Circle c, Reminders.Fired f, ZoneId zone) {
        Session s = new SessionStore(turn.handle()).find(c.workspaceId(), f.id()).orElseThrow();
        long days = ChronoUnit.DAYS.between(LocalDate.ofInstant(turn.now(), zone), LocalDate.ofInstant(s.startsAt(), zone));
        String when = days == 0 ? turn.text("reminder.today") : days == 1 ? turn.text("reminder.tomorrow") : turn.text("reminder.inDays", days);
        StringBuilder text = new StringBuilder(turn.text("reminder.session", s.number(),
                CircleTime.dateTime(turn.texts(), s.startsAt(), zone), when));
        List<Choice> choices = new ArrayList<>();
        AssignmentStore store = new AssignmentStore(turn.handle());
        for (Assignment a : store.openForSession(s)) {
            if (!store.answered(a, f.userId())) {
                text.append("\n\n").append(turn.text("reminder.session.assignment", a.text()));
                choices.add(Assignments.answerChoice(turn, c, a));
            }
        }
        choices.add(snooze(turn, c, f.subject(), f.id()));
        return OutgoingMessage.text(to(c, f.userId()), text.toString()).withTitle(turn.text("reminder.session.title", s.number()))
                .withChoices(choices);
    }

    private OutgoingMessage prep(Turn turn, Circle c, Reminders.Fired f, ZoneId zone) {
        Session s = new SessionStore(turn.handle()).find(c.workspaceId(), f.id()).orElseThrow();
        SessionTemplate template = templates.find(s.templateId()).orElseThrow();
        String agenda = Agenda.lines(Agenda.of(s, template, turn.texts()), zone);
        return OutgoingMessage.text(to(c, f.userId()), turn.text("prep.checklist") + "\n\n" + turn.text("prep.agenda") + "\n" + agenda)
                .withTitle(turn.text("prep.title", s.number(), CircleTime.dateTime(turn.texts(), s.startsAt(), zone)))
                .withChoices(List.of(new Choice(turn.text("prep.choice.swap"), Cohosts.SWAP, c.id() + ":" + s.id())));
    }

    /** "Remind me later": a day from now, inside working hours, if that is still before the deadline. */
    void snooze(Turn turn, String value) {
        SessionContext.inCircle(turn, value, 3, (c, v) -> snooze(turn, c, v));
    }

    private void snooze(Turn turn, Circle c, String[] v) {
        Reminders.Subject subject;
        try {
            subject = Reminders.Subject.valueOf(v[1]);
        } catch (RuntimeException e) {
            turn.tell(turn.text("error.staleChoice"));
            return;
        }
        long id = SessionContext.number(v[2]);
        Optional<Instant> deadline = openUntil(turn, c, subject, id, turn.userId());
        if (deadline.isEmpty()) {
            turn.tell(turn.text("reminder.nothingOpen"));
            return;
        }
        ZoneId zone = time.zoneOf(turn, c, turn.userId());
        Instant again = reminders.snoozeMoment(turn, zone);
        if (!again.isBefore(deadline.get())) {
            turn.tell(turn.text("reminder.snoozeTooLate"));
            return;
        }
        reminders.at(turn, c, Reminders.key(subject, id, "snooze", turn.userId()), subject, id, turn.userId(), again);
        turn.tell(turn.text("reminder.snoozed", CircleTime.dateTime(turn.texts(), again, zone)));
    }
}
