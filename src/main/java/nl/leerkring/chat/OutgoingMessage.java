package nl.leerkring.chat;

import java.util.List;

/**
 * A message the bot sends, in platform-neutral form. Adapters render it in their own idiom.
 *
 * <p>Text may contain user mentions as {@code <@userId>}; each renderer turns them into its
 * platform's mention.
 *
 * @param to where it goes
 * @param title a short bold heading, or null
 * @param text the body (plain text with mentions)
 * @param fields labelled values under the text
 * @param choices buttons the reader can press
 * @param anchorKey when set, later messages can be threaded under this one by that key
 * @param threadAnchor when set, this message goes in the thread of the message with that anchor key
 */
public record OutgoingMessage(Address to, String title, String text, List<Field> fields, List<Choice> choices,
                              String anchorKey, String threadAnchor) {

    public OutgoingMessage {
        fields = fields == null ? List.of() : List.copyOf(fields);
        choices = choices == null ? List.of() : List.copyOf(choices);
    }

    public static OutgoingMessage text(Address to, String text) {
        return new OutgoingMessage(to, null, text, List.of(), List.of(), null, null);
    }

    public OutgoingMessage withTitle(String newTitle) {
        return new OutgoingMessage(to, newTitle, text, fields, choices, anchorKey, threadAnchor);
    }

    public OutgoingMessage withFields(List<Field> newFields) {
        return new OutgoingMessage(to, title, text, newFields, choices, anchorKey, threadAnchor);
    }

    public OutgoingMessage withChoices(List<Choice> newChoices) {
        return new OutgoingMessage(to, title, text, fields, newChoices, anchorKey, threadAnchor);
    }

    public OutgoingMessage asAnchor(String key) {
        return new OutgoingMessage(to, title, text, fields, choices, key, threadAnchor);
    }

    public OutgoingMessage inThreadOf(String anchor) {
        return new OutgoingMessage(to, title, text, fields, choices, anchorKey, anchor);
    }

    /** The message as plain text, for notifications and fallbacks. */
    public String plainText() {
        StringBuilder sb = new StringBuilder();
        if (title != null) {
            sb.append(title).append('\n');
        }
        if (text != null) {
            sb.append(text);
        }
        for (Field f : fields) {
            sb.append('\n').append(f.label()).append(": ").append(f.value());
        }
        return sb.toString().strip();
    }
}
