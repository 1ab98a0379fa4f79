package nl.leerkring.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import nl.leerkring.testing.FakeSlackApi.Call;

/**
 * Slack's documented Block Kit limits, checked on what the bot sent: Slack answers
 * {@code invalid_blocks} for a message over them. Messages: at most 50 blocks; modals and the
 * Home tab: 100. A section's text: 1 to 3,000 characters; its fields: at most 10, each at most
 * 2,000. An actions block: at most 25 elements; a button's text at most 75 characters, its
 * value and action id at most 2,000 and 255. A context block: at most 10 elements. Input
 * labels: at most 2,000; a modal's title and submit text: at most 24. Lengths are counted in
 * UTF-16 units, which is never less than what Slack counts.
 */
public final class SlackLimits {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private SlackLimits() {
    }

    /** Every break of a limit in these calls, one line each; empty when all are within. */
    public static List<String> violations(List<Call> calls) {
        List<String> problems = new ArrayList<>();
        for (Call call : calls) {
            switch (call.method()) {
                case "chat.postMessage", "chat.postEphemeral", "chat.update" -> blocks(call, tree(call.field("blocks")), 50, problems);
                case "views.open", "views.publish", "views.update" -> {
                    JsonNode view = tree(call.field("view"));
                    blocks(call, view.path("blocks"), 100, problems);
                    within(call, "view title", view.path("title").path("text").asText(), 0, 24, problems);
                    if (view.has("submit")) {
                        within(call, "view submit", view.path("submit").path("text").asText(), 1, 24, problems);
                    }
                }
                default -> {
                }
            }
        }
        return problems;
    }

    private static void blocks(Call call, JsonNode blocks, int max, List<String> problems) {
        if (blocks.isMissingNode() || blocks.isNull()) {
            return;
        }
        if (blocks.size() > max) {
            problems.add(call.method() + " with " + blocks.size() + " blocks (max " + max + ")");
        }
        for (JsonNode block : blocks) {
            switch (block.path("type").asText()) {
                case "section" -> {
                    if (block.has("text")) {
                        within(call, "section text", block.path("text").path("text").asText(), 1, 3000, problems);
                    }
                    if (block.path("fields").size() > 10) {
                        problems.add(call.method() + ": a section with " + block.path("fields").size() + " fields");
                    }
                    for (JsonNode field : block.path("fields")) {
                        within(call, "field", field.path("text").asText(), 1, 2000, problems);
                    }
                    if (!block.has("text") && !block.has("fields")) {
                        problems.add(call.method() + ": a section without text or fields");
                    }
                }
                case "actions" -> {
                    if (block.path("elements").size() > 25) {
                        problems.add(call.method() + ": an actions block with " + block.path("elements").size() + " elements");
                    }
                    for (JsonNode element : block.path("elements")) {
                        within(call, "button text", element.path("text").path("text").asText(), 1, 75, problems);
                        within(call, "button value", element.path("value").asText(), 0, 2000, problems);
                        within(call, "action id", element.path("action_id").asText(), 1, 255, problems);
                    }
                }
                case "context" -> {
                    if (block.path("elements").size() > 10 || block.path("elements").isEmpty()) {
                        problems.add(call.method() + ": a context block with " + block.path("elements").size() + " elements");
                    }
                    for (JsonNode element : block.path("elements")) {
                        within(call, "context text", element.path("text").asText(), 1, 3000, problems);
                    }
                }
                case "input" -> {
                    within(call, "input label", block.path("label").path("text").asText(), 1, 2000, problems);
                    within(call, "block id", block.path("block_id").asText(), 1, 255, problems);
                    input(call, block.path("element"), problems);
                }
                default -> problems.add(call.method() + ": a block of type " + block.path("type").asText());
            }
        }
    }

    /**
     * An input's element: one of the kinds Leerkring uses, with its values in the format Slack
     * takes (an initial date YYYY-MM-DD, an initial time HH:mm, user ids), at most 100 options of
     * at most 75 characters, and a text input's max_length of at most 3,000.
     */
    private static void input(Call call, JsonNode element, List<String> problems) {
        within(call, "input action id", element.path("action_id").asText(), 1, 255, problems);
        String type = element.path("type").asText();
        switch (type) {
            case "plain_text_input" -> {
                if (element.path("max_length").asInt(3000) > 3000 || element.path("max_length").asInt(1) < 1) {
                    problems.add(call.method() + ": a text input's max_length of " + element.path("max_length"));
                }
                within(call, "initial value", element.path("initial_value").asText(), 0, 3000, problems);
            }
            case "static_select" -> {
                if (element.path("options").isEmpty() || element.path("options").size() > 100) {
                    problems.add(call.method() + ": a select with " + element.path("options").size() + " options");
                }
                for (JsonNode option : element.path("options")) {
                    within(call, "option text", option.path("text").path("text").asText(), 1, 75, problems);
                    within(call, "option value", option.path("value").asText(), 1, 150, problems);
                }
            }
            case "datepicker" -> format(call, element, "initial_date", "\\d{4}-\\d{2}-\\d{2}", problems);
            case "timepicker" -> format(call, element, "initial_time", "([01]\\d|2[0-3]):[0-5]\\d", problems);
            case "users_select" -> format(call, element, "initial_user", "[UW][A-Z0-9]+", problems);
            case "multi_users_select" -> {
                for (JsonNode user : element.path("initial_users")) {
                    if (!user.asText().matches("[UW][A-Z0-9]+")) {
                        problems.add(call.method() + ": initial_users holds " + user);
                    }
                }
            }
            default -> problems.add(call.method() + ": an input of type " + type);
        }
    }

    private static void format(Call call, JsonNode element, String field, String pattern, List<String> problems) {
        if (element.has(field) && !element.path(field).asText().matches(pattern)) {
            problems.add(call.method() + ": " + element.path("type").asText() + " with " + field + " " + element.path(field));
        }
    }

    private static void within(Call call, String what, String text, int min, int max, List<String> problems) {
        if (text.length() < min || text.length() > max) {
            problems.add(call.method() + ": " + what + " of " + text.length() + " characters (allowed " + min + "–" + max + ") to "
                    + call.field("channel") + ": " + (text.length() > 80 ? text.substring(0, 80) + "…" : text));
        }
    }

    private static JsonNode tree(String json) {
        if (json.isEmpty()) {
            return MAPPER.missingNode();
        }
        try {
            return MAPPER.readTree(json);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }
}
