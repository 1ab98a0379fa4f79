package nl.leerkring.core.session;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import nl.leerkring.core.action.ActionItem;
import nl.leerkring.core.action.ActionStore;
import nl.leerkring.core.feature.Timers;
import nl.leerkring.core.command.Turn;
import nl.leerkring.core.circle.Circle;
import nl.leerkring.core.time.WorkingHours.Due;

/**
 * Schedules, moves and cancels reminders: one timer per reminder per member, under a unique
 * key, recorded in {@code scheduled_reminder} so that a moved or cancelled session, assignment
 * or action finds its reminders again. The moment of each is computed in the member's own time
 * zone and working hours ({@link nl.leerkring.core.time.WorkingHours#reminderMoment}).
 *
 * <p>Keys: {@code rem-<subject>-<id>-<tag>-<user>}, where the tag is the number of days before
 * the due moment ({@code 7d}, {@code 1d}), {@code snooze}, or {@code prep} (the co-host's
 * preparation message).
 */
public final class Reminders {

    /** What a reminder is about. */
    public enum Subject { ASSIGNMENT, ACTION, SESSION, PREP }

    /** The scheduled action of every reminder. */
    public static final String FIRE = "reminder.fire";

    private final Timers timers;
    private final CircleTime time;

    Reminders(Timers timers, CircleTime time) {
        this.timers = timers;
        this.time = time;
    }

    public static String key(Subject subject, long id, String tag, String userId) {
        return "rem-" + subject.name().toLowerCase(Locale.ROOT) + "-" + id + "-" + tag + "-" + userId;
    }

    /**
     * The value a reminder's timer carries: the moment it was meant for goes with it, so that
     * a reminder fired late (the server was down) can say so.
     */
    public static String value(Subject subject, long id, Instant meantFor, String userId) {
        return subject.name() + ":" + id + ":" + meantFor.toEpochMilli() + ":" + userId;
    }

    /** A fired reminder's value read back. */
    record Fired(Subject subject, long id, Instant meantFor, String userId) {

        static Optional<Fired> parse(String value) {
            String[] parts = value.split(":", 4); // the user id comes last: Teams ids contain ':'
            try {
                return Optional.of(new Fired(Subject.valueOf(parts[0]), Long.parseLong(parts[1]),
                        Instant.ofEpochMilli(Long.parseLong(parts[2])), parts[3]));
            } catch (RuntimeException e) {
                return Optional.empty();
            }
        }
    }

    /** Reminders a number of days before something is due ({@link Rhythm#reminderDays()}), for one member. */
    void before(Turn turn, Circle circle, Subject subject, long id, String userId, Due due) {
        ZoneId zone = time.zoneOf(turn, circle, userId);
        Set<Instant> moments = new HashSet<>();
        for (int days : time.rhythm().reminderDays()) {
            time.rhythm().hours().reminderMoment(due, days, zone, turn.now())
                    .filter(moments::add) // 7 and 1 day before can land on one moment: remind once
                    .ifPresent(at -> at(turn, circle, key(subject, id, days + "d", userId), subject, id, userId, at));
        }
    }

    /** One reminder at one moment. */
    void at(Turn turn, Circle circle, String key, Subject subject, long id, String userId, Instant moment) {
        timers.schedule(key, moment, Turn.channelOf(circle), FIRE, value(subject, id, moment, userId));
        new ReminderStore(turn.handle()).save(circle.workspaceId(), new ReminderStore.Row(key, subject, id, userId, moment));
    }

    /** Cancels the reminders about one thing: for one member, or for everyone when {@code userId} is null. */
    void cancel(Turn turn, String workspaceId, Subject subject, long id, String userId) {
        ReminderStore store = new ReminderStore(turn.handle());
        for (ReminderStore.Row row : store.about(workspaceId, subject, id, userId)) {
            timers.cancel(row.key());
            store.delete(workspaceId, row.key());
        }
    }

    /** A reminder came: it is no longer to come. */
    void forget(Turn turn, String workspaceId, Fired fired) {
        ReminderStore store = new ReminderStore(turn.handle());
        store.about(workspaceId, fired.subject(), fired.id(), fired.userId()).stream()
                .filter(r -> r.at().equals(fired.meantFor()))
                .forEach(r -> store.delete(workspaceId, r.key()));
    }

    // ------------------------------------------------------------------------------------------
    // What each kind of thing gets

    /** An assignment with a due date; one due at a session is reminded of with that session. */
    void forAssignment(Turn turn, Circle circle, Assignment a, Collection<String> userIds) {
        if (a.dueDate() != null && a.isOpen()) {
            userIds.forEach(u -> before(turn, circle, Subject.ASSIGNMENT, a.id(), u, Due.on(a.dueDate())));
        }
    }

    void forAction(Turn turn, Circle circle, ActionItem item) {
        if (!item.done()) {
            before(turn, circle, Subject.ACTION, item.id(), item.ownerId(), Due.on(item.due()));
        }
    }

    /** A session's reminders for these members, and its co-host's preparation message. */
    void forSession(Turn turn, Circle circle, Session s, Collection<String> userIds) {
        if (!s.isPlanned()) {
            return;
        }
        userIds.forEach(u -> before(turn, circle, Subject.SESSION, s.id(), u, Due.at(s.startsAt())));
        prepare(turn, circle, s);
    }

    /**
     * The co-host's preparation message, {@link Rhythm#prepDays()} days before the session in
     * their working hours; at once when that moment has passed but the session has not begun.
     */
    void prepare(Turn turn, Circle circle, Session s) {
        cancel(turn, circle.workspaceId(), Subject.PREP, s.id(), null);
        if (s.cohostId() == null || !s.isPlanned() || !s.startsAt().isAfter(turn.now())) {
            return;
        }
        ZoneId zone = time.zoneOf(turn, circle, s.cohostId());
        Instant moment = time.rhythm().hours().reminderMoment(Due.at(s.startsAt()), time.rhythm().prepDays(), zone, turn.now())
                .orElse(turn.now());
        at(turn, circle, key(Subject.PREP, s.id(), "prep", s.cohostId()), Subject.PREP, s.id(), s.cohostId(), moment);
    }

    /** Everything scheduled about a session, for everyone: it moves, is cancelled or begins. */
    void cancelSession(Turn turn, Session s) {
        cancel(turn, s.workspaceId(), Subject.SESSION, s.id(), null);
        cancel(turn, s.workspaceId(), Subject.PREP, s.id(), null);
    }

    /**
     * Computes a member's reminders anew (their time zone changed): each thing they would be
     * reminded of gets its reminders again from the current state; a snoozed one becomes a
     * regular one.
     */
    void rescheduleFor(Turn turn, String userId) {
        String workspace = turn.event().where().workspaceId();
        Map<Subject, Set<Long>> about = new EnumMap<>(Subject.class);
        for (ReminderStore.Row row : new ReminderStore(turn.handle()).forUser(workspace, userId)) {
            about.computeIfAbsent(row.subject(), s -> new TreeSet<>()).add(row.subjectId());
        }
        about.forEach((subject, ids) -> ids.forEach(id -> {
            cancel(turn, workspace, subject, id, userId);
            switch (subject) {
                case ASSIGNMENT -> new AssignmentStore(turn.handle()).find(workspace, id).ifPresent(a ->
                        circle(turn, a.circleId()).ifPresent(c -> forAssignment(turn, c, a, List.of(userId))));
                case ACTION -> new ActionStore(turn.handle()).find(workspace, id).ifPresent(a ->
                        circle(turn, a.circleId()).ifPresent(c -> forAction(turn, c, a)));
                case SESSION -> new SessionStore(turn.handle()).find(workspace, id).filter(Session::isPlanned).ifPresent(s ->
                        circle(turn, s.circleId()).ifPresent(c -> before(turn, c, Subject.SESSION, s.id(), userId, Due.at(s.startsAt()))));
                case PREP -> new SessionStore(turn.handle()).find(workspace, id).ifPresent(s ->
                        circle(turn, s.circleId()).ifPresent(c -> prepare(turn, c, s)));
            }
        }));
    }

    private static Optional<Circle> circle(Turn turn, long id) {
        return turn.circles().byId(turn.event().platform(), turn.event().where().workspaceId(), id);
    }

    /** The moment a snoozed reminder comes again: a day later, inside working hours. */
    Instant snoozeMoment(Turn turn, ZoneId zone) {
        return time.rhythm().hours().nextOpen(turn.now().plus(Rhythm.SNOOZE).atZone(zone)).toInstant();
    }
}
