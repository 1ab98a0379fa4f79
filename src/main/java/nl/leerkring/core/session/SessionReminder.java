package nl.leerkring.core.session;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import nl.leerkring.chat.Address;
import nl.leerkring.chat.Choice;
import nl.leerkring.chat.OutgoingMessage;
import nl.leerkring.core.assignment.Assignment;
import nl.leerkring.core.assignment.AssignmentStore;
import nl.leerkring.core.circle.Circle;
import nl.leerkring.core.command.Turn;
import nl.leerkring.core.reminder.ReminderSubject;
import nl.leerkring.core.reminder.Reminders;
import nl.leerkring.core.time.WorkingHours.Due;

/**
 * Reminders of a planned session, to every member until it begins, with the assignments due
 * at it that they have not answered; its co-host's preparation message goes with them.
 */
final class SessionReminder implements ReminderSubject {

    private final Reminders reminders;
    private final PrepReminder prep;

    SessionReminder(Reminders reminders, PrepReminder prep) {
        this.reminders = reminders;
        this.prep = prep;
    }

    @Override
    public String name() {
        return "SESSION";
    }

    /** A session's reminders for these members, and its co-host's preparation message. */
    void schedule(Turn turn, Circle circle, Session s, Collection<String> userIds) {
        if (!s.isPlanned()) {
            return;
        }
        userIds.forEach(u -> reminders.before(turn, circle, this, s.id(), u, Due.at(s.startsAt())));
        prep.schedule(turn, circle, s);
    }

    /** Everything scheduled about a session, for everyone: it moves, is cancelled or begins. */
    void cancel(Turn turn, Session s) {
        reminders.cancel(turn, s.workspaceId(), this, s.id(), null);
        prep.cancel(turn, s);
    }

    /** A member who left hears no more of the session. */
    void cancelFor(Turn turn, Session s, String userId) {
        reminders.cancel(turn, s.workspaceId(), this, s.id(), userId);
    }

    /** The session, if it is in this circle and still to begin. */
    static Optional<Session> upcoming(Turn turn, Circle c, long id) {
        return new SessionStore(turn.handle()).find(c.workspaceId(), id)
                .filter(s -> s.circleId() == c.id() && s.isPlanned() && s.startsAt().isAfter(turn.now()));
    }

    @Override
    public Optional<Instant> openUntil(Turn turn, Circle c, long id, String userId, ZoneId zone) {
        return upcoming(turn, c, id).map(Session::startsAt);
    }

    @Override
    public OutgoingMessage message(Turn turn, Circle c, long id, String userId, ZoneId zone, Choice snooze) {
        Session s = new SessionStore(turn.handle()).find(c.workspaceId(), id).orElseThrow();
        long days = ChronoUnit.DAYS.between(LocalDate.ofInstant(turn.now(), zone), LocalDate.ofInstant(s.startsAt(), zone));
        String when = days == 0 ? turn.text("reminder.today") : days == 1 ? turn.text("reminder.tomorrow") : turn.text("reminder.inDays", days);
        StringBuilder text = new StringBuilder(turn.text("reminder.session", s.number(),
                CircleTime.dateTime(turn.texts(), s.startsAt(), zone), when));
        FadeOuts.news(turn, c, s).ifPresent(news -> text.append("\n\n").append(news));
        List<Choice> choices = new ArrayList<>();
        AssignmentStore store = new AssignmentStore(turn.handle());
        for (Assignment a : store.openForSession(s.workspaceId(), s.id())) {
            if (!store.answered(a, userId)) {
                text.append("\n\n").append(turn.text("reminder.session.assignment", a.text()));
                choices.add(Assignments.answerChoice(turn, c, a));
            }
        }
        choices.add(snooze);
        return OutgoingMessage.text(Address.direct(c.platform(), c.workspaceId(), userId), text.toString())
                .withTitle(turn.text("reminder.session.title", s.number()))
                .withChoices(choices);
    }

    @Override
    public void rescheduleFor(Turn turn, String workspaceId, long id, String userId) {
        new SessionStore(turn.handle()).find(workspaceId, id).filter(Session::isPlanned).ifPresent(s ->
                Reminders.circle(turn, s.circleId()).ifPresent(c -> reminders.before(turn, c, this, s.id(), userId, Due.at(s.startsAt()))));
    }
}
