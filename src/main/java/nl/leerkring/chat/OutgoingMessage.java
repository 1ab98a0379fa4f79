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
 * @param form when set, a form to fill in; shown at once where the platform allows (Slack opens
 *     it as a modal with {@code trigger}), otherwise as a message with the form's inputs
 * @param trigger the platform's short-lived token of the interaction that asked for the form
 * @param file when set, a file that goes with the message, to a direct address: each platform
 *     delivers it its own way (Slack uploads it into the DM, Teams asks the member's consent
 *     first, the console writes it to a file)
 * @param replaces when set, this message is not posted but takes the place of the message(s)
 *     sent earlier with this anchor key, in the same conversation: a message whose buttons are
 *     spent (a step that ended, a vote that closed) shows what came of them instead. A platform
 *     that cannot change a sent message leaves it as it is.
 */
public record OutgoingMessage(Address to, String title, String text, List<Field> fields, List<Choice> choices,
                              String anchorKey, String threadAnchor, Form form, String trigger, File file,
                              String replaces) {

    /**
     * A file with a message.
     *
     * @param kind what it is, so that a platform that delivers it later can ask the core to make
     *     it again for the one who asks ({@code Bot.remakeFile}) instead of keeping this copy
     * @param name the file name
     * @param mediaType its media type ({@code application/json})
     * @param content the content (text, UTF-8)
     */
    public record File(String kind, String name, String mediaType, String content) {

        public byte[] bytes() {
            return content.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    /** A message without {@code replaces}: one that is posted. */
    public OutgoingMessage(Address to, String title, String text, List<Field> fields, List<Choice> choices,
                           String anchorKey, String threadAnchor, Form form, String trigger, File file) {
        this(to, title, text, fields, choices, anchorKey, threadAnchor, form, trigger, file, null);
    }

    public OutgoingMessage {
        fields = fields == null ? List.of() : List.copyOf(fields);
        choices = choices == null ? List.of() : List.copyOf(choices);
    }

    public static OutgoingMessage text(Address to, String text) {
        return new OutgoingMessage(to, null, text, List.of(), List.of(), null, null, null, null, null);
    }

    /** A form for the user of {@code to} (which should be private), opened with the platform's trigger. */
    public static OutgoingMessage form(Address to, Form form, String trigger) {
        return new OutgoingMessage(to, form.title(), null, List.of(), List.of(), null, null, form, trigger, null);
    }

    public OutgoingMessage withTitle(String newTitle) {
        return new OutgoingMessage(to, newTitle, text, fields, choices, anchorKey, threadAnchor, form, trigger, file, replaces);
    }

    public OutgoingMessage withFields(List<Field> newFields) {
        return new OutgoingMessage(to, title, text, newFields, choices, anchorKey, threadAnchor, form, trigger, file, replaces);
    }

    public OutgoingMessage withChoices(List<Choice> newChoices) {
        return new OutgoingMessage(to, title, text, fields, newChoices, anchorKey, threadAnchor, form, trigger, file, replaces);
    }

    public OutgoingMessage asAnchor(String key) {
        return new OutgoingMessage(to, title, text, fields, choices, key, threadAnchor, form, trigger, file, replaces);
    }

    public OutgoingMessage inThreadOf(String anchor) {
        return new OutgoingMessage(to, title, text, fields, choices, anchorKey, anchor, form, trigger, file, replaces);
    }

    /** The same message with a file ({@link File}). */
    public OutgoingMessage withFile(File newFile) {
        return new OutgoingMessage(to, title, text, fields, choices, anchorKey, threadAnchor, form, trigger, newFile, replaces);
    }

    /**
     * The mark in the anchor key of a message that is only ever replaced, never threaded under
     * (a step's buttons): delivered, its row is forgotten like any other, where a thread's start
     * keeps its platform id for as long as replies may come.
     */
    public static final String REPLACEABLE = "#";

    /** Whether an anchor key names a message that is only replaced ({@link #REPLACEABLE}), not a thread's start. */
    public static boolean onlyReplaced(String anchorKey) {
        return anchorKey != null && anchorKey.contains(REPLACEABLE);
    }

    /**
     * The same message in place of the one(s) sent with anchor key {@code key} (its buttons spent):
     * see {@code replaces}. It goes to the same conversation, after the message it replaces.
     */
    public OutgoingMessage replacing(String key) {
        return new OutgoingMessage(to, title, text, fields, choices, null, null, form, trigger, file, key);
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
