package nl.leerkring.core.reminder;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;
import nl.leerkring.chat.Choice;
import nl.leerkring.chat.OutgoingMessage;
import nl.leerkring.core.circle.Circle;
import nl.leerkring.core.command.ChoiceValue;
import nl.leerkring.core.command.Turn;

/**
 * A reminder comes due: a direct message to the member, only if what it is about is still open
 * for them (an answered assignment, a finished action, a moved or started session say nothing).
 * One that comes more than {@link Reminders#LATE_AFTER} after its moment (the server was down)
 * says so. "Remind me later" schedules it again a day later, inside working hours.
 */
final class ReminderHandler {

    /** The "remind me later" button: {@code <circle id>:<SUBJECT>:<id>}; the presser is the one reminded. */
    record Snooze(long circleId, String subject, long id) implements ChoiceValue.OfCircle {

        @Override
        public String encode() {
            return circleId + ":" + subject + ":" + id;
        }

        static Optional<Snooze> parse(String value) {
            return ChoiceValue.parts(value, 3).filter(p -> !p[1].isBlank())
                    .flatMap(p -> ChoiceValue.number(p[0]).flatMap(circle -> ChoiceValue.number(p[2])
                            .map(id -> new Snooze(circle, p[1], id))));
        }
    }

    private final Reminders reminders;

    ReminderHandler(Reminders reminders) {
        this.reminders = reminders;
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
        Optional<ReminderSubject> subject = reminders.subject(f.subject());
        ZoneId zone = reminders.time().zoneOf(turn.handle(), c, f.userId());
        if (subject.isEmpty() || turn.circles().roleOf(c, f.userId()).isEmpty()
                || subject.get().openUntil(turn, c, f.id(), f.userId(), zone).isEmpty()) {
            return;
        }
        Choice snooze = new Choice(turn.text("reminder.choice.snooze"), Reminders.SNOOZE,
                new Snooze(c.id(), f.subject(), f.id()).encode());
        OutgoingMessage message = subject.get().message(turn, c, f.id(), f.userId(), zone, snooze);
        if (turn.now().isAfter(f.meantFor().plus(Reminders.LATE_AFTER))) {
            message = OutgoingMessage.text(message.to(), message.text() + "\n\n"
                            + turn.text("reminder.late", reminders.time().dateTimeText(turn.texts(), f.meantFor(), zone)))
                    .withTitle(message.title()).withFields(message.fields()).withChoices(message.choices());
        }
        turn.send(message);
    }

    /** "Remind me later": a day from now, inside working hours, if that is still before the deadline. */
    void snooze(Turn turn, Snooze value) {
        Optional<ReminderSubject> subject = reminders.subject(value.subject());
        if (subject.isEmpty()) {
            turn.tell(turn.text("error.staleChoice"));
            return;
        }
        Circle c = turn.theCircle();
        ZoneId zone = reminders.time().zoneOf(turn.handle(), c, turn.userId());
        Optional<Instant> deadline = subject.get().openUntil(turn, c, value.id(), turn.userId(), zone);
        if (deadline.isEmpty()) {
            turn.tell(turn.text("reminder.nothingOpen"));
            return;
        }
        Instant again = reminders.snoozeMoment(turn, zone);
        if (!again.isBefore(deadline.get())) {
            turn.tell(turn.text("reminder.snoozeTooLate"));
            return;
        }
        reminders.at(turn, c, subject.get(), value.id(), "snooze", turn.userId(), again);
        turn.tell(turn.text("reminder.snoozed", reminders.time().dateTimeText(turn.texts(), again, zone)));
    }
}
