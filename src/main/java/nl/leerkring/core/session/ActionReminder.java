package nl.leerkring.core.session;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;
import nl.leerkring.chat.Choice;
import nl.leerkring.chat.OutgoingMessage;
import nl.leerkring.core.action.ActionItem;
import nl.leerkring.core.action.ActionStore;
import nl.leerkring.core.circle.Circle;
import nl.leerkring.core.command.Turn;
import nl.leerkring.core.reminder.ReminderSubject;
import nl.leerkring.core.reminder.Reminders;
import nl.leerkring.core.time.WorkingHours.Due;

/** Reminders of an action item, to its owner until it is ticked off. */
final class ActionReminder implements ReminderSubject {

    private final Reminders reminders;

    ActionReminder(Reminders reminders) {
        this.reminders = reminders;
    }

    @Override
    public String name() {
        return "ACTION";
    }

    /** An action still to do gets its owner's reminders (wherever it was recorded). */
    void schedule(Turn turn, Circle circle, ActionItem item) {
        if (!item.done()) {
            reminders.before(turn, circle, this, item.id(), item.ownerId(), Due.on(item.due()));
        }
    }

    void cancel(Turn turn, ActionItem item) {
        reminders.cancel(turn, item.workspaceId(), this, item.id(), null);
    }

    @Override
    public Optional<Instant> openUntil(Turn turn, Circle c, long id, String userId, ZoneId zone) {
        return new ActionStore(turn.handle()).find(c.workspaceId(), id)
                .filter(a -> a.circleId() == c.id() && !a.done() && a.ownerId().equals(userId))
                .map(a -> Due.on(a.due()).deadline(zone));
    }

    @Override
    public OutgoingMessage message(Turn turn, Circle c, long id, String userId, ZoneId zone, Choice snooze) {
        ActionItem item = new ActionStore(turn.handle()).find(c.workspaceId(), id).orElseThrow();
        return SessionContext.dueReminder(turn, c, userId, "action", item.text(), item.due(),
                ActionCommands.doneChoice(turn, c, item), snooze);
    }

    @Override
    public void rescheduleFor(Turn turn, String workspaceId, long id, String userId) {
        new ActionStore(turn.handle()).find(workspaceId, id).ifPresent(a ->
                Reminders.circle(turn, a.circleId()).ifPresent(c -> schedule(turn, c, a)));
    }
}
