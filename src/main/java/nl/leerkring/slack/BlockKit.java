package nl.leerkring.slack;

import com.slack.api.model.block.ActionsBlock;
import com.slack.api.model.block.ContextBlock;
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

/**
 * Renders a neutral message as Slack Block Kit. Mentions are already in Slack's {@code <@U…>} form.
 *
 * <p>Nothing it makes is over Slack's limits: a section's text at most 3,000 characters, a
 * field 2,000, ten fields in a section, 25 buttons in an actions block, 50 blocks in a message
 * and 100 in a view. Longer text is split over sections between words (never inside a
 * {@code <…>} mention or an {@code &…;} entity), and a message with more blocks than fit is split
 * over several messages ({@link Part}s). Where a message continues, its last block and the next
 * message's first block say so with "…": the sender knows no language, and the ellipsis reads
 * the same in Dutch and English.
 */
final class BlockKit {

    /** Prefix of the action ids of our buttons; the choice itself travels in the button's value. */
    static final String CHOICE_ACTION_PREFIX = "lk_choice_";
    /** Slack's limits (Block Kit reference: section, actions; chat.postMessage; views). */
    static final int MAX_SECTION_TEXT = 3000;
    static final int MAX_FIELD_TEXT = 2000;
    static final int MAX_FIELDS = 10;
    static final int MAX_BUTTONS = 25;
    static final int MAX_MESSAGE_BLOCKS = 50;
    static final int MAX_VIEW_BLOCKS = 100;
    /** Slack advises notification texts of at most 4,000 characters; it truncates far longer ones. */
    static final int MAX_FALLBACK_TEXT = 4000;
    /** What marks that a message continues in the next one, or continues the previous one. */
    static final String CONTINUED = "…";

    private static final String VALUE_SEPARATOR = "|";
    private static final int MAX_BUTTON_LABEL = 75;

    /** One Slack message of a rendered whole: its blocks and its notification text. */
    record Part(List<LayoutBlock> blocks, String text) {
    }

    private BlockKit() {
    }

    /**
     * The message as one or more Slack messages of at most {@link #MAX_MESSAGE_BLOCKS} blocks,
     * to be posted in this order in the same place.
     */
    static List<Part> render(OutgoingMessage message) {
        List<LayoutBlock> blocks = blocks(message);
        String fallback = shorten(TextSafety.mrkdwn(message.plainText()), MAX_FALLBACK_TEXT);
        if (blocks.size() <= MAX_MESSAGE_BLOCKS) {
            return List.of(new Part(blocks, fallback));
        }
        List<Part> parts = new ArrayList<>();
        int at = 0;
        while (at < blocks.size()) {
            boolean first = at == 0;
            int room = MAX_MESSAGE_BLOCKS - (first ? 0 : 1);
            boolean last = blocks.size() - at <= room;
            int take = last ? blocks.size() - at : room - 1;
            List<LayoutBlock> part = new ArrayList<>();
            if (!first) {
                part.add(continued());
            }
            part.addAll(blocks.subList(at, at + take));
            if (!last) {
                part.add(continued());
            }
            at += take;
            parts.add(new Part(part, first ? fallback : shorten(CONTINUED + " " + textOf(part), MAX_FALLBACK_TEXT)));
        }
        return parts;
    }

    /**
     * The message as the blocks of one view (the Home tab): at most {@link #MAX_VIEW_BLOCKS};
     * what does not fit is left off, and the last block says so.
     */
    static List<LayoutBlock> renderView(OutgoingMessage message) {
        List<LayoutBlock> blocks = blocks(message);
        if (blocks.size() <= MAX_VIEW_BLOCKS) {
            return blocks;
        }
        List<LayoutBlock> view = new ArrayList<>(blocks.subList(0, MAX_VIEW_BLOCKS - 1));
        view.add(continued());
        return view;
    }

    /** All blocks of the message, each within Slack's limits, in reading order. */
    static List<LayoutBlock> blocks(OutgoingMessage message) {
        List<LayoutBlock> blocks = new ArrayList<>();
        StringBuilder body = new StringBuilder();
        if (message.title() != null) {
            body.append('*').append(TextSafety.mrkdwn(message.title())).append("*\n");
        }
        if (message.text() != null) {
            body.append(TextSafety.mrkdwn(message.text()));
        }
        sections(body.toString().strip(), blocks);
        List<TextObject> fields = new ArrayList<>();
        for (Field f : message.fields()) {
            String field = "*" + TextSafety.mrkdwn(f.label()) + "*\n" + TextSafety.mrkdwn(f.value());
            if (field.length() > MAX_FIELD_TEXT) {
                // too long for a field: it becomes text of its own, after the fields before it
                flushFields(fields, blocks);
                sections(field, blocks);
                continue;
            }
            fields.add(markdown(field));
            if (fields.size() == MAX_FIELDS) {
                flushFields(fields, blocks);
            }
        }
        flushFields(fields, blocks);
        List<Choice> choices = message.choices();
        List<BlockElement> buttons = new ArrayList<>();
        for (int i = 0; i < choices.size(); i++) {
            Choice c = choices.get(i);
            buttons.add(ButtonElement.builder()
                    .actionId(CHOICE_ACTION_PREFIX + i)
                    .text(PlainTextObject.builder().text(shorten(TextSafety.plain(c.label()), MAX_BUTTON_LABEL)).emoji(true).build())
                    .value(encodeChoice(c))
                    .build());
            if (buttons.size() == MAX_BUTTONS) {
                blocks.add(ActionsBlock.builder().elements(buttons).build());
                buttons = new ArrayList<>();
            }
        }
        if (!buttons.isEmpty()) {
            blocks.add(ActionsBlock.builder().elements(buttons).build());
        }
        return blocks;
    }

    private static void sections(String mrkdwn, List<LayoutBlock> blocks) {
        for (String chunk : split(mrkdwn, MAX_SECTION_TEXT)) {
            blocks.add(SectionBlock.builder().text(markdown(chunk)).build());
        }
    }

    private static void flushFields(List<TextObject> fields, List<LayoutBlock> blocks) {
        if (!fields.isEmpty()) {
            blocks.add(SectionBlock.builder().fields(new ArrayList<>(fields)).build());
            fields.clear();
        }
    }

    /**
     * The text in pieces of at most {@code max} characters, cut at a line break or else between
     * words; never inside a {@code <…>} token, an {@code &…;} entity or a surrogate pair. A
     * single word longer than {@code max} is cut where it must be.
     */
    static List<String> split(String text, int max) {
        List<String> pieces = new ArrayList<>();
        String rest = text;
        while (rest.length() > max) {
            int cut = cutPoint(rest, max);
            String piece = rest.substring(0, cut).stripTrailing();
            if (!piece.isEmpty()) {
                pieces.add(piece);
            }
            rest = rest.substring(cut).stripLeading();
        }
        if (!rest.isEmpty() || pieces.isEmpty()) {
            pieces.add(rest);
        }
        return pieces;
    }

    private static int cutPoint(String text, int max) {
        int newline = text.lastIndexOf('\n', max);
        int cut = newline > max / 2 ? newline : lastWhitespace(text, max);
        if (cut <= 0) {
            cut = max;
        }
        cut = outsideTokens(text, cut);
        if (cut > 0 && Character.isHighSurrogate(text.charAt(cut - 1))) {
            cut--;
        }
        return cut <= 0 ? max : cut;
    }

    private static int lastWhitespace(String text, int max) {
        for (int i = max; i > 0; i--) {
            if (Character.isWhitespace(text.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    /** Moves a cut back before a {@code <…>} token or {@code &…;} entity it would fall into. */
    private static int outsideTokens(String text, int cut) {
        int open = text.lastIndexOf('<', cut - 1);
        if (open >= 0 && text.lastIndexOf('>', cut - 1) < open && text.indexOf('>', open) >= cut && open > 0) {
            cut = open;
        }
        int amp = text.lastIndexOf('&', cut - 1);
        if (amp > 0 && cut - amp <= 5 && text.lastIndexOf(';', cut - 1) < amp && text.indexOf(';', amp) >= cut) {
            cut = amp;
        }
        return cut;
    }

    private static String textOf(List<LayoutBlock> blocks) {
        StringBuilder sb = new StringBuilder();
        for (LayoutBlock b : blocks) {
            if (b instanceof SectionBlock s && s.getText() != null) {
                sb.append(s.getText().getText()).append('\n');
            }
        }
        return sb.toString().strip();
    }

    private static LayoutBlock continued() {
        return ContextBlock.builder().elements(List.of(PlainTextObject.builder().text(CONTINUED).build())).build();
    }

    /** At most {@code max} characters, ending in "…" when shortened, not cutting a token in half. */
    static String shorten(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        return split(text, max - 1).get(0) + "…";
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
