package nl.leerkring.console;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import nl.leerkring.chat.Choice;
import nl.leerkring.chat.Form;
import nl.leerkring.core.i18n.Texts;
import nl.leerkring.chat.Form.FormField;

/**
 * A form asked question by question in the terminal. Pick lists are answered by number or
 * label; an optional question by an empty answer or "-".
 */
final class ConsoleForm {

    /** After an answer: complete (with all answers), or the problem with this answer (null when fine). */
    record Step(boolean complete, String problem, Map<String, String> answers) {
    }

    private final Form form;
    private final String channel;
    private final String user;
    private final Map<String, String> answers = new HashMap<>();
    private int index;

    private final Texts texts;

    ConsoleForm(Form form, String channel, String user, Texts texts) {
        this.texts = texts;
        this.form = form;
        this.channel = channel;
        this.user = user;
    }

    String channel() {
        return channel;
    }

    String user() {
        return user;
    }

    Form form() {
        return form;
    }

    String question() {
        FormField field = form.fields().get(index);
        StringBuilder q = new StringBuilder(field.label());
        if (!field.options().isEmpty()) {
            List<Choice> options = field.options();
            for (int i = 0; i < options.size(); i++) {
                q.append(i == 0 ? "\n  " : "   ").append(i + 1).append(") ").append(ConsoleSender.plain(options.get(i).label()));
            }
        }
        q.append("\n  (").append(texts.get(field.optional() ? "console.form.optional" : "console.form.answer", user)).append(')');
        return q.toString();
    }

    Step answer(String raw) {
        FormField field = form.fields().get(index);
        String answer = raw.strip();
        if (answer.equals("-")) {
            answer = "";
        }
        if (!field.options().isEmpty() && !answer.isEmpty()) {
            String picked = pick(field.options(), answer);
            if (picked == null) {
                return new Step(false, texts.get("console.form.pickNumber"), Map.of());
            }
            answer = picked;
        }
        if (answer.isEmpty() && !field.optional()) {
            return new Step(false, texts.get("console.form.required"), Map.of());
        }
        if (answer.length() > field.maxLength()) {
            return new Step(false, texts.get("console.form.tooLong", answer.length(), field.maxLength()), Map.of());
        }
        answers.put(field.id(), answer);
        index++;
        return index == form.fields().size() ? new Step(true, null, Map.copyOf(answers)) : new Step(false, null, Map.of());
    }

    private static String pick(List<Choice> options, String typed) {
        if (typed.matches("\\d{1,2}")) {
            int n = Integer.parseInt(typed);
            return n >= 1 && n <= options.size() ? options.get(n - 1).value() : null;
        }
        return options.stream().filter(o -> o.label().equalsIgnoreCase(typed) || o.value().equalsIgnoreCase(typed))
                .map(Choice::value).findFirst().orElse(null);
    }
}
