package nl.leerkring.teams;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microsoft.bot.schema.Activity;
import com.microsoft.bot.schema.Attachment;
import com.microsoft.bot.schema.Serialization;
import java.util.List;
import nl.leerkring.chat.Choice;
import nl.leerkring.chat.Field;
import nl.leerkring.chat.Form;
import nl.leerkring.chat.OutgoingMessage;
import nl.leerkring.core.Mentions;

/**
 * Renders a neutral message as a Teams message: an Adaptive Card (1.4) with the title, the text,
 * the fields as a FactSet and one Action.Submit per choice; a form as a card with inputs. The
 * plain text goes in the activity's summary (notifications), not its text: Teams would show
 * the text above the card and so everything twice.
 *
 * <p>Mentions: a real Teams mention needs the user's display name ({@code <at>Name</at>} plus a
 * mention entity), and Leerkring stores ids only. So {@code <@id>} becomes the plain text
 * {@code @} plus a short form of the id. It notifies nobody; resolving names through the
 * connector's member API would be the next step.
 */
final class AdaptiveCards {

    static final String CONTENT_TYPE = "application/vnd.microsoft.card.adaptive";
    private static final int SHORT_ID = 8;

    private AdaptiveCards() {
    }

    static Activity render(OutgoingMessage message) {
        Activity activity = Activity.createMessageActivity();
        activity.setSummary(mentionsAsText(message.plainText()));
        Attachment card = new Attachment();
        card.setContentType(CONTENT_TYPE);
        card.setContent(message.form() != null ? formCard(message.form()) : card(message));
        activity.setAttachments(List.of(card));
        return activity;
    }

    private static ObjectNode emptyCard() {
        ObjectNode card = Serialization.createObjectNode();
        card.put("type", "AdaptiveCard");
        card.put("$schema", "http://adaptivecards.io/schemas/adaptive-card.json");
        card.put("version", "1.4");
        card.putArray("body");
        return card;
    }

    /** A form: one input per field and a submit button whose data names the form's action. */
    static ObjectNode formCard(Form form) {
        ObjectNode card = emptyCard();
        ArrayNode body = (ArrayNode) card.get("body");
        body.addObject().put("type", "TextBlock").put("text", form.title()).put("weight", "Bolder").put("size", "Medium")
                .put("wrap", true);
        for (Form.FormField field : form.fields()) {
            ObjectNode input = body.addObject().put("id", field.id()).put("label", mentionsAsText(field.label()))
                    .put("isRequired", !field.optional());
            if (field.options().isEmpty()) {
                input.put("type", "Input.Text").put("isMultiline", field.multiline()).put("maxLength", field.maxLength());
            } else {
                input.put("type", "Input.ChoiceSet").put("style", "compact");
                ArrayNode choices = input.putArray("choices");
                for (Choice option : field.options()) {
                    choices.addObject().put("title", mentionsAsText(option.label())).put("value", option.value());
                }
            }
        }
        ObjectNode data = card.putArray("actions").addObject().put("type", "Action.Submit").put("title", form.submitLabel())
                .putObject("data");
        data.put(ActivityMapper.FORM_KEY, form.action()).put(ActivityMapper.CONTEXT_KEY, form.context());
        return card;
    }

    static ObjectNode card(OutgoingMessage message) {
        ObjectNode card = emptyCard();
        ArrayNode body = (ArrayNode) card.get("body");
        if (message.title() != null && !message.title().isBlank()) {
            body.addObject().put("type", "TextBlock").put("text", mentionsAsText(message.title()))
                    .put("weight", "Bolder").put("size", "Medium").put("wrap", true);
        }
        addText(body, message.text());
        if (!message.fields().isEmpty()) {
            ArrayNode facts = body.addObject().put("type", "FactSet").putArray("facts");
            for (Field f : message.fields()) {
                facts.addObject().put("title", mentionsAsText(f.label())).put("value", mentionsAsText(f.value()));
            }
        }
        if (!message.choices().isEmpty()) {
            ArrayNode actions = card.putArray("actions");
            for (Choice c : message.choices()) {
                ObjectNode data = actions.addObject().put("type", "Action.Submit").put("title", c.label()).putObject("data");
                data.put(ActivityMapper.ACTION_KEY, c.action()).put(ActivityMapper.VALUE_KEY, c.value() == null ? "" : c.value());
            }
        }
        return card;
    }

    /**
     * One TextBlock per line: how a single newline inside a TextBlock renders differs between
     * Adaptive Card hosts; separate blocks look the same everywhere. A blank line becomes space.
     */
    private static void addText(ArrayNode body, String text) {
        if (text == null || text.isBlank()) {
            return;
        }
        boolean gap = false;
        boolean first = true;
        for (String line : mentionsAsText(text).strip().split("\n", -1)) {
            if (line.isBlank()) {
                gap = true;
                continue;
            }
            ObjectNode block = body.addObject().put("type", "TextBlock").put("text", line).put("wrap", true);
            if (!first) {
                block.put("spacing", gap ? "Medium" : "None");
            }
            first = false;
            gap = false;
        }
    }

    /** {@code <@29:1AbCdEfGh…>} becomes {@code @1AbCdEfG…}; see the class comment for why. */
    static String mentionsAsText(String text) {
        return text == null ? null : Mentions.replace(text, AdaptiveCards::shortForm);
    }

    private static String shortForm(String userId) {
        String id = userId.substring(userId.lastIndexOf(':') + 1);
        return "@" + (id.length() > SHORT_ID ? id.substring(0, SHORT_ID) + "…" : id);
    }
}
