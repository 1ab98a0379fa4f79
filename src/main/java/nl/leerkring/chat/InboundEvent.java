package nl.leerkring.chat;

import java.util.Map;
import java.util.Objects;

/**
 * Something a user did, in platform-neutral form: typed a command, wrote a message, pressed a
 * button or submitted a form.
 *
 * @param eventKey the platform's id of this event; a second event with the same key is a retry
 *     and is ignored
 * @param where the conversation it happened in (a reply to it goes here)
 * @param userId who did it
 * @param kind what kind of event
 * @param text the command arguments after {@code /kring}, or the message text; mentions as {@code <@id>}
 * @param action for a choice: the action of the choice picked; for a message, whether it was
 *     edited or deleted ({@link #MESSAGE_CHANGED}, {@link #MESSAGE_REMOVED}), else null
 * @param value for a choice: its value; for a message: the platform's id of the message, when known
 * @param form for a form submission: the answers by field id
 * @param trigger the platform's short-lived token to open a form in answer (Slack trigger_id), or null
 */
public record InboundEvent(String eventKey, Address where, String userId, Kind kind, String text,
                           String action, String value, Map<String, String> form, String trigger) {

    /**
     * SCHEDULED: a timer or reminder that came due, raised by the scheduler rather than a user.
     * PROFILE: what the platform's profile says of the user (its time zone in {@code value}).
     */
    public enum Kind { COMMAND, MESSAGE, CHOICE, FORM, SCHEDULED, PROFILE }

    public InboundEvent {
        Objects.requireNonNull(eventKey, "eventKey");
        Objects.requireNonNull(where, "where");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(kind, "kind");
        text = text == null ? "" : text;
        form = form == null ? Map.of() : Map.copyOf(form);
    }

    public static InboundEvent command(String eventKey, Address where, String userId, String text) {
        return new InboundEvent(eventKey, where, userId, Kind.COMMAND, text, null, null, null, null);
    }

    public static InboundEvent message(String eventKey, Address where, String userId, String text) {
        return message(eventKey, where, userId, text, null);
    }

    /** A message, with the platform's id of it ({@code value}): an edit or deletion of it later names that id. */
    public static InboundEvent message(String eventKey, Address where, String userId, String text, String messageRef) {
        return new InboundEvent(eventKey, where, userId, Kind.MESSAGE, text, null, messageRef, null, null);
    }

    /** The action of a message event whose message was edited: {@code text} is its new text. */
    public static final String MESSAGE_CHANGED = "message.changed";
    /** The action of a message event whose message was deleted. */
    public static final String MESSAGE_REMOVED = "message.removed";

    /** The message with id {@code messageRef} now reads {@code text}. */
    public static InboundEvent messageChanged(String eventKey, Address where, String userId, String text, String messageRef) {
        return new InboundEvent(eventKey, where, userId, Kind.MESSAGE, text, MESSAGE_CHANGED, messageRef, null, null);
    }

    /** The message with id {@code messageRef} was deleted. */
    public static InboundEvent messageRemoved(String eventKey, Address where, String userId, String messageRef) {
        return new InboundEvent(eventKey, where, userId, Kind.MESSAGE, "", MESSAGE_REMOVED, messageRef, null, null);
    }

    public static InboundEvent choice(String eventKey, Address where, String userId, String action, String value) {
        return new InboundEvent(eventKey, where, userId, Kind.CHOICE, "", action, value, null, null);
    }

    /** A form's answers; {@code context} is the value the form carried. */
    public static InboundEvent formSubmitted(String eventKey, Address where, String userId, String action, String context,
                                             Map<String, String> answers) {
        return new InboundEvent(eventKey, where, userId, Kind.FORM, "", action, context, answers, null);
    }

    /** A scheduled moment that came due; {@code eventKey} makes it act once even if fired twice. */
    public static InboundEvent scheduled(String eventKey, Address where, String action, String value) {
        return new InboundEvent(eventKey, where, SYSTEM_USER, Kind.SCHEDULED, "", action, value, null, null);
    }

    /**
     * The time zone a user's platform profile gives. Its key holds the zone and the day, so the
     * same profile read again acts once a day at most.
     */
    public static InboundEvent profileZone(Address where, String userId, String zoneId, java.time.LocalDate day) {
        return new InboundEvent("profile:" + where.workspaceId() + "/" + userId + ":" + zoneId + "@" + day, where, userId,
                Kind.PROFILE, "", "profile.zone", zoneId, null, null);
    }

    /** The user id of events that the scheduler raises. */
    public static final String SYSTEM_USER = "leerkring";

    /** The same event with the platform's trigger for opening a form in answer. */
    public InboundEvent withTrigger(String newTrigger) {
        return new InboundEvent(eventKey, where, userId, kind, text, action, value, form, newTrigger);
    }

    /** The same event in another place (a press in a 1:1 chat that belongs to the channel it was asked in). */
    public InboundEvent at(Address newWhere) {
        return new InboundEvent(eventKey, newWhere, userId, kind, text, action, value, form, trigger);
    }

    public Platform platform() {
        return where.platform();
    }
}
