package nl.leerkring.core.session;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import nl.leerkring.chat.Choice;
import nl.leerkring.chat.OutgoingMessage;
import nl.leerkring.core.assignment.Assignment;
import nl.leerkring.core.assignment.AssignmentStore;
import nl.leerkring.core.circle.Circle;
import nl.leerkring.core.command.Turn;
import nl.leerkring.core.reminder.ReminderSubject;
import nl.leerkring.core.reminder.Reminders;
import nl.leerkring.core.time.WorkingHours.Due;

/** Reminders of an assignment with a due date, to each member until they have answered it. */
final class AssignmentReminder implements ReminderSubject {

    private final Reminders reminders;

    AssignmentReminder(Reminders reminders) {
        this.reminders = reminders;
    }

    @Override
    public String name() {
        return "ASSIGNMENT";
    }

    /** An assignment with a due date; one due at a session is reminded of with that session. */
    void schedule(Turn turn, Circle circle, Assignment a, Collection<String> userIds) {
        if (a.dueDate() != null && a.isOpen()) {
            userIds.forEach(u -> reminders.before(turn, circle, this, a.id(), u, Due.on(a.dueDate())));
        }
    }

    /** Its reminders stop: for one member, or for everyone when {@code userId} is null. */
    void cancel(Turn turn, Assignment a, String userId) {
        reminders.cancel(turn, a.workspaceId(), this, a.id(), userId);
    }

    @Override
    public Optional<Instant> openUntil(Turn turn, Circle c, long id, String userId, ZoneId zone) {
        AssignmentStore store = new AssignmentStore(turn.handle());
        return store.find(c.workspaceId(), id)
                .filter(a -> a.circleId() == c.id() && a.isOpen() && a.dueDate() != null)
                .filter(a -> !store.answered(a, userId))
                .map(a -> Due.on(a.dueDate()).deadline(zone));
    }

    @Override
    public OutgoingMessage message(Turn turn, Circle c, long id, String userId, ZoneId zone, Choice snooze) {
        Assignment a = new AssignmentStore(turn.handle()).find(c.workspaceId(), id).orElseThrow();
        return SessionContext.dueReminder(turn, c, userId, "assignment", a.text(), a.dueDate(),
                Assignments.answerChoice(turn, c, a), snooze);
    }

    @Override
    public void rescheduleFor(Turn turn, String workspaceId, long id, String userId) {
        new AssignmentStore(turn.handle()).find(workspaceId, id).ifPresent(a ->
                Reminders.circle(turn, a.circleId()).ifPresent(c -> schedule(turn, c, a, List.of(userId))));
    }
}
