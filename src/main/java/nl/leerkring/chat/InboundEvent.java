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
 * @param action for a choice: the action of the choice picked
 * @param value for a choice: its value
 * @param form for a form submission: the answers by field id
 */
public record InboundEvent(String eventKey, Address where, String userId, Kind kind, String text,
                           String action, String value, Map<String, String> form) {

    public enum Kind { COMMAND, MESSAGE, CHOICE, FORM }

    public InboundEvent {
        Objects.requireNonNull(eventKey, "eventKey");
        Objects.requireNonNull(where, "where");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(kind, "kind");
        text = text == null ? "" : text;
        form = form == null ? Map.of() : Map.copyOf(form);
    }

    public static InboundEvent command(String eventKey, Address where, String userId, String text) {
        return new InboundEvent(eventKey, where, userId, Kind.COMMAND, text, null, null, null);
    }

    public static InboundEvent message(String eventKey, Address where, String userId, String text) {
        return new InboundEvent(eventKey, where, userId, Kind.MESSAGE, text, null, null, null);
    }

    public static InboundEvent choice(String eventKey, Address where, String userId, String action, String value) {
        return new InboundEvent(eventKey, where, userId, Kind.CHOICE, "", action, value, null);
    }

    public Platform platform() {
        return where.platform();
    }
}
