package nl.leerkring.core.session;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import nl.leerkring.chat.Address;
import nl.leerkring.chat.Choice;
import nl.leerkring.chat.OutgoingMessage;
import nl.leerkring.core.circle.Circle;
import nl.leerkring.core.command.Turn;
import nl.leerkring.core.reminder.ReminderSubject;
import nl.leerkring.core.reminder.Reminders;

/**
 * The co-host's preparation message: the checklist and the agenda, {@link Rhythm#prepDays()}
 * days before their session, with a button to swap.
 */
final class PrepReminder implements ReminderSubject {

    private final Reminders reminders;
    private final CircleTime time;
    private final TemplateLibrary templates;

    PrepReminder(Reminders reminders, CircleTime time, TemplateLibrary templates) {
        this.reminders = reminders;
        this.time = time;
        this.templates = templates;
    }

    @Override
    public String name() {
        return "PREP";
    }

    /**
     * The message to the session's co-host, {@link Rhythm#prepDays()} days before the session in
     * their working hours; at once when that moment has passed but the session has not begun.
     * One planned earlier (for another co-host) goes.
     */
    void schedule(Turn turn, Circle circle, Session s) {
        cancel(turn, s);
        if (s.cohostId() == null || !s.isPlanned() || !s.startsAt().isAfter(turn.now())) {
            return;
        }
        ZoneId zone = time.zoneOf(turn, circle, s.cohostId());
        Instant moment = time.rhythm().hours().promisedMoment(s.startsAt(), time.rhythm().prepDays(), zone, turn.now())
                .orElse(turn.now());
        reminders.at(turn, circle, this, s.id(), "prep", s.cohostId(), moment);
    }

    void cancel(Turn turn, Session s) {
        reminders.cancel(turn, s.workspaceId(), this, s.id(), null);
    }

    /** Open for the session's co-host until it begins. */
    @Override
    public Optional<Instant> openUntil(Turn turn, Circle c, long id, String userId, ZoneId zone) {
        return SessionReminder.upcoming(turn, c, id).filter(s -> userId.equals(s.cohostId())).map(Session::startsAt);
    }

    @Override
    public OutgoingMessage message(Turn turn, Circle c, long id, String userId, ZoneId zone, Choice snooze) {
        Session s = new SessionStore(turn.handle()).find(c.workspaceId(), id).orElseThrow();
        SessionTemplate template = templates.find(s.templateId()).orElseThrow();
        String agenda = Agenda.lines(Agenda.of(s, template, turn.texts()), zone);
        FadeOut.Lead lead = FadeOuts.leadOf(turn, c, s);
        String leads = lead == FadeOut.Lead.FACILITATORS ? ""
                : turn.text("prep.lead." + lead.name().toLowerCase(java.util.Locale.ROOT)) + "\n\n";
        return OutgoingMessage.text(Address.direct(c.platform(), c.workspaceId(), userId),
                        leads + turn.text("prep.checklist") + "\n\n" + turn.text("prep.agenda") + "\n" + agenda)
                .withTitle(turn.text("prep.title", s.number(), CircleTime.dateTime(turn.texts(), s.startsAt(), zone)))
                .withChoices(List.of(new Choice(turn.text("prep.choice.swap"), Cohosts.SWAP,
                        new Cohosts.OwnSession(c.id(), s.id()).encode())));
    }

    @Override
    public void rescheduleFor(Turn turn, String workspaceId, long id, String userId) {
        new SessionStore(turn.handle()).find(workspaceId, id).ifPresent(s ->
                Reminders.circle(turn, s.circleId()).ifPresent(c -> schedule(turn, c, s)));
    }
}
