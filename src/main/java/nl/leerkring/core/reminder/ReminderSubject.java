package nl.leerkring.core.reminder;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;
import nl.leerkring.chat.Choice;
import nl.leerkring.chat.OutgoingMessage;
import nl.leerkring.core.circle.Circle;
import nl.leerkring.core.command.Turn;

/**
 * Something members can be reminded of (an assignment, an action, a session, a co-host's
 * preparation), registered with {@link Reminders} by the feature that owns it: whether it is
 * still open for a member, the message a reminder sends, and its reminders computed anew.
 */
public interface ReminderSubject {

    /**
     * Its name in scheduled timers: upper case in their values and in table
     * {@code scheduled_reminder}, lower case in their keys. Timers already scheduled carry it, so
     * it never changes.
     */
    String name();

    /**
     * When it stops being worth a reminder for this member (its deadline), or empty when it is
     * not open for them any more (answered, done, moved, begun, or not in this circle).
     *
     * @param zone the member's time zone, where a date ends
     */
    Optional<Instant> openUntil(Turn turn, Circle circle, long id, String userId, ZoneId zone);

    /**
     * The direct message a reminder sends to the member (only asked while {@link #openUntil} is
     * not empty), with the {@code snooze} ("remind me later") choice where that makes sense.
     *
     * @param zone the member's time zone
     */
    OutgoingMessage message(Turn turn, Circle circle, long id, String userId, ZoneId zone, Choice snooze);

    /**
     * Schedules this member's reminders about it anew from the current state (their time zone
     * changed); the earlier ones have been cancelled.
     */
    void rescheduleFor(Turn turn, String workspaceId, long id, String userId);
}
