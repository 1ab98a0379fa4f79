package nl.leerkring.slack;

import com.slack.api.model.block.ActionsBlock;
import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.block.SectionBlock;
import com.slack.api.model.block.composition.MarkdownTextObject;
import com.slack.api.model.block.composition.PlainTextObject;
import com.slack.api.model.block.composition.TextObject;
import com.slack.api.model.block.element.BlockElement;
import com.slack.api.model.block.element.ButtonElement;
import java.util.ArrayList;
import java.util.List;
import nl.leerkring.chat.Choice;
import nl.leerkring.chat.Field;
import nl.leerkring.chat.OutgoingMessage;

/** Renders a neutral message as Slack Block Kit. Mentions are already in Slack's {@code <@U…>} form. */
final class BlockKit {

    /** Prefix of the action ids of our buttons; the choice itself travels in the button's value. */
    static final String CHOICE_ACTION_PREFIX = "lk_choice_";
    private static final String VALUE_SEPARATOR = "|";
    private static final int MAX_FIELDS = 10;
    private static final int MAX_BUTTONS = 25;
    private static final int MAX_BUTTON_LABEL = 75;

    private BlockKit() {
    }

    static List<LayoutBlock> render(OutgoingMessage message) {
        List<LayoutBlock> blocks = new ArrayList<>();
        StringBuilder body = new StringBuilder();
        if (message.title() != null) {
            body.append('*').append(message.title()).append("*\n");
        }
        if (message.text() != null) {
            body.append(message.text());
        }
        blocks.add(SectionBlock.builder().text(markdown(neutralizeBroadcasts(body.toString().strip()))).build());
        if (!message.fields().isEmpty()) {
            List<TextObject> fields = new ArrayList<>();
            for (Field f : message.fields().subList(0, Math.min(MAX_FIELDS, message.fields().size()))) {
                fields.add(markdown(neutralizeBroadcasts("*" + f.label() + "*\n" + f.value())));
            }
            blocks.add(SectionBlock.builder().fields(fields).build());
        }
        if (!message.choices().isEmpty()) {
            List<BlockElement> buttons = new ArrayList<>();
            List<Choice> choices = message.choices();
            for (int i = 0; i < Math.min(MAX_BUTTONS, choices.size()); i++) {
                Choice c = choices.get(i);
                String label = c.label().length() > MAX_BUTTON_LABEL ? c.label().substring(0, MAX_BUTTON_LABEL - 1) + "…" : c.label();
                buttons.add(ButtonElement.builder()
                        .actionId(CHOICE_ACTION_PREFIX + i)
                        .text(PlainTextObject.builder().text(label).emoji(true).build())
                        .value(encodeChoice(c))
                        .build());
            }
            blocks.add(ActionsBlock.builder().elements(buttons).build());
        }
        return blocks;
    }

    /**
     * Turns {@code <!channel>}, {@code <!here>}, {@code <!everyone>} and other {@code <!…>}
     * commands into plain text: a member's words (a learning question, an answer) must not make
     * the bot notify the whole channel. User mentions ({@code <@U…>}) stay.
     */
    static String neutralizeBroadcasts(String text) {
        return text == null ? null : text.replace("<!", "&lt;!");
    }

    static String encodeChoice(Choice c) {
        return c.action() + VALUE_SEPARATOR + (c.value() == null ? "" : c.value());
    }

    /** The action and value a button carries, or null for a value we did not write. */
    static String[] decodeChoice(String buttonValue) {
        if (buttonValue == null) {
            return null;
        }
        int at = buttonValue.indexOf(VALUE_SEPARATOR);
        return at < 0 ? null : new String[] {buttonValue.substring(0, at), buttonValue.substring(at + 1)};
    }

    private static MarkdownTextObject markdown(String text) {
        return MarkdownTextObject.builder().text(text.isEmpty() ? " " : text).build();
    }
}
