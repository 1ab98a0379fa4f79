package nl.leerkring.slack;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.slack.api.model.block.InputBlock;
import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.block.composition.OptionObject;
import com.slack.api.model.block.composition.PlainTextObject;
import com.slack.api.model.block.element.PlainTextInputElement;
import com.slack.api.model.block.element.StaticSelectElement;
import com.slack.api.model.view.View;
import com.slack.api.model.view.ViewState;
import com.slack.api.model.view.ViewSubmit;
import com.slack.api.model.view.ViewTitle;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import nl.leerkring.chat.Address;
import nl.leerkring.chat.Choice;
import nl.leerkring.chat.Form;

/**
 * Neutral forms as Slack modals, and modal submissions back as answers. What the core needs
 * to act on the answers (the form's action and context, and the channel it was asked in)
 * travels in the view's private_metadata.
 */
final class SlackModals {

    static final String CALLBACK_ID = "lk_form";
    private static final String VALUE_ACTION = "v";
    private static final int MAX_TITLE = 24;
    private static final int MAX_LABEL = 2000;
    private static final int MAX_OPTION = 75;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What a submission carries back. */
    record Metadata(String action, String context, String channel, String thread) {
    }

    private SlackModals() {
    }

    static View render(Form form, Address where) {
        List<LayoutBlock> blocks = new ArrayList<>();
        // a view holds at most 100 blocks; our forms have a handful of fields
        for (Form.FormField field : form.fields().subList(0, Math.min(form.fields().size(), BlockKit.MAX_VIEW_BLOCKS))) {
            InputBlock.InputBlockBuilder input = InputBlock.builder().blockId(field.id()).optional(field.optional())
                    .label(plain(field.label(), MAX_LABEL));
            if (field.options().isEmpty()) {
                input.element(PlainTextInputElement.builder().actionId(VALUE_ACTION).multiline(field.multiline())
                        .maxLength(field.maxLength()).initialValue(field.value()).build());
            } else {
                List<OptionObject> options = new ArrayList<>();
                for (Choice option : field.options()) {
                    options.add(OptionObject.builder().text(plain(option.label(), MAX_OPTION)).value(option.value()).build());
                }
                input.element(StaticSelectElement.builder().actionId(VALUE_ACTION).options(options).build());
            }
            blocks.add(input.build());
        }
        return View.builder().type("modal").callbackId(CALLBACK_ID)
                .title(ViewTitle.builder().type("plain_text").text(shorten(form.title(), MAX_TITLE)).build())
                .submit(ViewSubmit.builder().type("plain_text").text(shorten(form.submitLabel(), MAX_TITLE)).build())
                .privateMetadata(writeMetadata(new Metadata(form.action(), form.context(), where.channelId(), where.threadId())))
                .blocks(blocks)
                .build();
    }

    /**
     * The answers by field id: typed text, or the value of the picked option. Typed text comes
     * raw from a modal; it is escaped as Slack escapes what people type in messages, so that a
     * {@code <@U…>} or {@code <https://…|…>} typed here stays text (see {@link TextSafety}).
     */
    static Map<String, String> answers(ViewState state) {
        Map<String, String> answers = new HashMap<>();
        if (state == null || state.getValues() == null) {
            return answers;
        }
        state.getValues().forEach((blockId, actions) -> {
            ViewState.Value value = actions.get(VALUE_ACTION);
            if (value == null) {
                return;
            }
            if (value.getSelectedOption() != null) {
                answers.put(blockId, value.getSelectedOption().getValue());
            } else if (value.getValue() != null) {
                answers.put(blockId, TextSafety.typed(value.getValue()));
            }
        });
        return answers;
    }

    /** An error shown under an input is kept to a line or two. */
    private static final int MAX_ERROR = 150;

    /** The reasons by block id (a field's id), each as plain text Slack shows under its input. */
    static Map<String, String> errors(Map<String, String> problems) {
        Map<String, String> errors = new java.util.LinkedHashMap<>();
        problems.forEach((field, reason) -> errors.put(field, shorten(reason, MAX_ERROR)));
        return errors;
    }

    static String writeMetadata(Metadata metadata) {
        Map<String, String> m = new HashMap<>();
        m.put("a", metadata.action());
        m.put("c", metadata.context());
        m.put("ch", metadata.channel());
        if (metadata.thread() != null) {
            m.put("th", metadata.thread());
        }
        try {
            return JSON.writeValueAsString(m);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The metadata we wrote, or null for a view that is not ours or was tampered with. */
    static Metadata readMetadata(String privateMetadata) {
        if (privateMetadata == null || privateMetadata.isBlank()) {
            return null;
        }
        try {
            Map<String, String> m = JSON.readValue(privateMetadata, new TypeReference<Map<String, String>>() { });
            if (m.get("a") == null || m.get("ch") == null) {
                return null;
            }
            return new Metadata(m.get("a"), m.getOrDefault("c", ""), m.get("ch"), m.get("th"));
        } catch (java.io.IOException e) {
            return null;
        }
    }

    private static PlainTextObject plain(String text, int max) {
        return PlainTextObject.builder().text(shorten(text, max)).emoji(true).build();
    }

    /** Plain text (Slack shows it as it is) of at most {@code max} characters, shortened between words. */
    private static String shorten(String text, int max) {
        String t = TextSafety.plain(text.replaceAll("<@([^>|]+)(\\|[^>]*)?>", "@$1"));
        return BlockKit.shorten(t, max);
    }
}
