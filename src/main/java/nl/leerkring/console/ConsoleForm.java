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
 * label; an optional question by an empty answer or "-". Each answer is read when it is given
 * (and checked by the core before it is taken); a refused answer is asked again with the
 * reason, and the answers before it stay.
 */
final class ConsoleForm {

    /** After an answer: complete (with all answers), or the problem with this answer (null when fine). */
    record Step(boolean complete, String problem, Map<String, String> answers) {
    }

    /** An answer read for the current question: the value to check and take, or why it cannot be. */
    record Read(String fieldId, String value, String problem) {
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
            q.append("\n  ").append(ConsoleSender.numbered(field.options().stream()
                    .map(o -> ConsoleSender.plain(o.label())).toList()));
        }
        q.append("\n  (").append(texts.get(field.optional() ? "console.form.optional" : "console.form.answer", user))
                .append(" · ").append(texts.get("console.form.stop", user)).append(')');
        return q.toString();
    }

    /** Reads an answer to the current question without taking it. */
    Read read(String raw) {
        FormField field = form.fields().get(index);
        String answer = raw.strip();
        if (answer.equals("-")) {
            answer = "";
        }
        if (!field.options().isEmpty() && !answer.isEmpty()) {
            String picked = pick(field.options(), answer);
            if (picked == null) {
                return new Read(field.id(), null, texts.get("console.form.pickNumber"));
            }
            answer = picked;
        }
        if (answer.isEmpty() && !field.optional()) {
            return new Read(field.id(), null, texts.get("console.form.required"));
        }
        if (answer.length() > field.maxLength()) {
            return new Read(field.id(), null, texts.get("console.form.tooLong", answer.length(), field.maxLength()));
        }
        return new Read(field.id(), answer, null);
    }

    /** Takes the answer read for the current question and moves on to the next. */
    Step take(Read read) {
        answers.put(read.fieldId(), read.value());
        index++;
        // a question asked again (the whole form was refused for it) goes back to where it was
        while (index < form.fields().size() && answers.containsKey(form.fields().get(index).id())) {
            index++;
        }
        return index == form.fields().size() ? new Step(true, null, Map.copyOf(answers)) : new Step(false, null, Map.of());
    }

    /** The whole form was refused for this field: it is asked again, the other answers stay; false when it has no such field. */
    boolean reopen(String fieldId) {
        for (int i = 0; i < form.fields().size(); i++) {
            if (form.fields().get(i).id().equals(fieldId)) {
                answers.remove(fieldId);
                index = i;
                return true;
            }
        }
        return false;
    }

    /** The answers taken so far. */
    Map<String, String> answers() {
        return Map.copyOf(answers);
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
