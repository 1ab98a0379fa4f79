package nl.leerkring.core.reminder;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import nl.leerkring.core.circle.Circle;
import nl.leerkring.core.command.CommandRegistry;
import nl.leerkring.core.command.Need;
import nl.leerkring.core.command.Turn;
import nl.leerkring.core.feature.Timers;
import nl.leerkring.core.time.WorkingHours.Due;

/**
 * Schedules, moves and cancels reminders: one timer per reminder per member, under a unique
 * key, recorded in {@code scheduled_reminder} so that a moved or cancelled thing finds its
 * reminders again. The moment of each is computed in the member's own time zone and working
 * hours ({@link nl.leerkring.core.time.WorkingHours#reminderMoment}). What a reminder is about
 * is a {@link ReminderSubject}, registered here by the feature that owns it.
 *
 * <p>Keys: {@code rem-<subject>-<id>-<tag>-<user>}, where the tag is the number of days before
 * the due moment ({@code 7d}, {@code 1d}), {@code snooze}, or {@code prep} (the co-host's
 * preparation message).
 */
public final class Reminders {

    /** The scheduled action of every reminder. */
    public static final String FIRE = "reminder.fire";
    /** The "remind me later" button. */
    public static final String SNOOZE = "reminder.snooze";
    /**
     * A reminder that comes this much after its moment says that it is late (Leerkring was not
     * running). Shorter delays are a busy moment (a thousand reminders due at nine o'clock take
     * minutes to go out at the platforms' pace), not something to apologise for; the scheduler
     * counts a timer as missed after the same time.
     */
    public static final Duration LATE_AFTER = Duration.ofMinutes(10);
    /** How long "remind me later" waits (then moved into working hours). */
    public static final Duration SNOOZE_FOR = Duration.ofDays(1);

    private final Timers timers;
    private final MemberTime time;
    private final Map<String, ReminderSubject> subjects = new LinkedHashMap<>();

    public Reminders(Timers timers, MemberTime time) {
        this.timers = timers;
        this.time = time;
    }

    /** Adds what reminders can be about; each name once. */
    public Reminders add(ReminderSubject subject) {
        if (subjects.putIfAbsent(subject.name(), subject) != null) {
            throw new IllegalStateException("Two reminder subjects are called '" + subject.name() + "'");
        }
        return this;
    }

    Optional<ReminderSubject> subject(String name) {
        return Optional.ofNullable(subjects.get(name));
    }

    MemberTime time() {
        return time;
    }

    /** Adds the scheduled action of reminders and the "remind me later" button. */
    public void register(CommandRegistry registry) {
        ReminderHandler handler = new ReminderHandler(this);
        registry.onScheduled(FIRE, handler::fired)
                .onChoice(SNOOZE, ReminderHandler.Snooze::parse, Need.MEMBER, handler::snooze);
    }

    /** @param subject a subject's {@link ReminderSubject#name()} */
    public static String key(String subject, long id, String tag, String userId) {
        return "rem-" + subject.toLowerCase(Locale.ROOT) + "-" + id + "-" + tag + "-" + userId;
    }

    /**
     * The value a reminder's timer carries: the moment it was meant for goes with it, so that
     * a reminder fired late (the server was down) can say so.
     *
     * @param subject a subject's {@link ReminderSubject#name()}
     */
    public static String value(String subject, long id, Instant meantFor, String userId) {
        return subject + ":" + id + ":" + meantFor.toEpochMilli() + ":" + userId;
    }

    /** A fired reminder's value read back. */
    record Fired(String subject, long id, Instant meantFor, String userId) {

        static Optional<Fired> parse(String value) {
            String[] parts = value.split(":", 4); // the user id comes last: Teams ids contain ':'
            try {
                return Optional.of(new Fired(parts[0], Long.parseLong(parts[1]),
                        Instant.ofEpochMilli(Long.parseLong(parts[2])), parts[3]));
            } catch (RuntimeException e) {
                return Optional.empty();
            }
        }
    }

    /** Reminders a number of days before something is due ({@link MemberTime#reminderDays()}), for one member. */
    public void before(Turn turn, Circle circle, ReminderSubject subject, long id, String userId, Due due) {
        ZoneId zone = time.zoneOf(turn.handle(), circle, userId);
        Set<Instant> moments = new HashSet<>();
        for (int days : time.reminderDays()) {
            time.hours().reminderMoment(due, days, zone, turn.now())
                    .filter(moments::add) // 7 and 1 day before can land on one moment: remind once
                    .ifPresent(at -> at(turn, circle, subject, id, days + "d", userId, at));
        }
    }

    /** One reminder at one moment, under the tag of its key. */
    public void at(Turn turn, Circle circle, ReminderSubject subject, long id, String tag, String userId, Instant moment) {
        String key = key(subject.name(), id, tag, userId);
        timers.schedule(turn.handle(), key, moment, Turn.channelOf(circle), FIRE, value(subject.name(), id, moment, userId));
        new ReminderStore(turn.handle()).save(circle.workspaceId(),
                new ReminderStore.Row(key, subject.name(), id, userId, moment));
    }

    /** Cancels the reminders about one thing: for one member, or for everyone when {@code userId} is null. */
    public void cancel(Turn turn, String workspaceId, ReminderSubject subject, long id, String userId) {
        ReminderStore store = new ReminderStore(turn.handle());
        for (ReminderStore.Row row : store.about(workspaceId, subject.name(), id, userId)) {
            timers.cancel(turn.handle(), row.key());
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

    /**
     * Computes a member's reminders anew (their time zone changed): each thing they would be
     * reminded of gets its reminders again from the current state; a snoozed one becomes a
     * regular one.
     */
    public void rescheduleFor(Turn turn, String userId) {
        String workspace = turn.event().where().workspaceId();
        Map<String, Set<Long>> about = new LinkedHashMap<>();
        subjects.keySet().forEach(name -> about.put(name, new TreeSet<>()));
        for (ReminderStore.Row row : new ReminderStore(turn.handle()).forUser(workspace, userId)) {
            about.computeIfAbsent(row.subject(), s -> new TreeSet<>()).add(row.subjectId());
        }
        about.forEach((name, ids) -> subject(name).ifPresent(subject -> ids.forEach(id -> {
            cancel(turn, workspace, subject, id, userId);
            subject.rescheduleFor(turn, workspace, id, userId);
        })));
    }

    /** The circle of something to reschedule, in the turn's workspace. */
    public static Optional<Circle> circle(Turn turn, long circleId) {
        return turn.circles().byId(turn.event().platform(), turn.event().where().workspaceId(), circleId);
    }

    /** The moment a snoozed reminder comes again: a day later, inside working hours. */
    Instant snoozeMoment(Turn turn, ZoneId zone) {
        return time.hours().nextOpen(turn.now().plus(SNOOZE_FOR).atZone(zone)).toInstant();
    }
}
