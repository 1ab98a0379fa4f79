package nl.leerkring.slack;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.slack.api.model.block.InputBlock;
import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.block.composition.OptionObject;
import com.slack.api.model.block.composition.PlainTextObject;
import com.slack.api.model.block.element.BlockElement;
import com.slack.api.model.block.element.DatePickerElement;
import com.slack.api.model.block.element.MultiUsersSelectElement;
import com.slack.api.model.block.element.PlainTextInputElement;
import com.slack.api.model.block.element.StaticSelectElement;
import com.slack.api.model.block.element.TimePickerElement;
import com.slack.api.model.block.element.UsersSelectElement;
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
            blocks.add(InputBlock.builder().blockId(field.id()).optional(field.optional())
                    .label(plain(field.label(), MAX_LABEL)).element(element(field)).build());
        }
        return View.builder().type("modal").callbackId(CALLBACK_ID)
                .title(ViewTitle.builder().type("plain_text").text(shorten(form.title(), MAX_TITLE)).build())
                .submit(ViewSubmit.builder().type("plain_text").text(shorten(form.submitLabel(), MAX_TITLE)).build())
                .privateMetadata(writeMetadata(new Metadata(form.action(), form.context(), where.channelId(), where.threadId())))
                .blocks(blocks)
                .build();
    }

    /** A date as Slack's datepicker takes and gives it, a time as its timepicker does, a user id. */
    private static final java.util.regex.Pattern ISO_DATE = java.util.regex.Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final java.util.regex.Pattern HOURS_MINUTES = java.util.regex.Pattern.compile("([01]\\d|2[0-3]):[0-5]\\d");
    private static final java.util.regex.Pattern USER_ID = java.util.regex.Pattern.compile("[UW][A-Z0-9]+");

    /**
     * The input of a field: Slack's own picker for a date, a time or people (what was answered
     * before shown again as its initial value, when the picker can show it), a pick list, or a
     * text input with what was typed.
     */
    private static BlockElement element(Form.FormField field) {
        String before = field.value() == null ? null : field.value().strip();
        switch (field.kind()) {
            case DATE:
                return DatePickerElement.builder().actionId(VALUE_ACTION)
                        .initialDate(before != null && ISO_DATE.matcher(before).matches() ? before : null).build();
            case TIME:
                return TimePickerElement.builder().actionId(VALUE_ACTION)
                        .initialTime(before != null && HOURS_MINUTES.matcher(before).matches() ? before : null).build();
            case PERSON:
                return UsersSelectElement.builder().actionId(VALUE_ACTION)
                        .initialUser(before != null && USER_ID.matcher(before).matches() ? before : null).build();
            case PEOPLE:
                List<String> people = before == null ? List.of()
                        : java.util.Arrays.stream(before.split("[\\s,]+")).filter(u -> USER_ID.matcher(u).matches()).toList();
                return MultiUsersSelectElement.builder().actionId(VALUE_ACTION)
                        .initialUsers(people.isEmpty() ? null : people).build();
            default:
                break;
        }
        if (field.options().isEmpty()) {
            return PlainTextInputElement.builder().actionId(VALUE_ACTION).multiline(field.multiline())
                    .maxLength(field.maxLength()).initialValue(field.value()).build();
        }
        List<OptionObject> options = new ArrayList<>();
        OptionObject initial = null;
        for (Choice option : field.options()) {
            OptionObject o = OptionObject.builder().text(plain(option.label(), MAX_OPTION)).value(option.value()).build();
            options.add(o);
            if (option.value().equals(before)) {
                initial = o;
            }
        }
        return StaticSelectElement.builder().actionId(VALUE_ACTION).options(options).initialOption(initial).build();
    }

    /**
     * The answers by field id, each as the text its field's check reads: typed text, the value of
     * the picked option, a picked date as {@code 2027-01-12}, a time as {@code 19:30}, a person as
     * their user id, people as user ids separated by spaces. Typed text comes
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
            } else if (value.getSelectedDate() != null) {
                answers.put(blockId, value.getSelectedDate());
            } else if (value.getSelectedTime() != null) {
                answers.put(blockId, value.getSelectedTime());
            } else if (value.getSelectedUser() != null) {
                answers.put(blockId, value.getSelectedUser());
            } else if (value.getSelectedUsers() != null && !value.getSelectedUsers().isEmpty()) {
                answers.put(blockId, String.join(" ", value.getSelectedUsers()));
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
