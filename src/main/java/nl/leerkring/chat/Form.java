package nl.leerkring.chat;

import java.util.List;
import java.util.Map;

/**
 * A small form a user fills in: a Slack modal, an Adaptive Card with inputs in Teams, questions
 * asked one by one in the console. Its submission comes back as an {@link InboundEvent} of kind
 * FORM with {@code action} and the answers by field id.
 *
 * @param action what the bot does with the answers (for instance {@code case.start})
 * @param context an opaque value handed back with the answers (for instance a flow id)
 * @param title the form's heading
 * @param submitLabel the label of its submit button
 * @param fields the questions
 */
public record Form(String action, String context, String title, String submitLabel, List<FormField> fields) {

    public Form {
        fields = List.copyOf(fields);
    }

    /**
     * The same form with what was typed kept in its fields and, where an answer was refused, the
     * reason beside it (a form shown again).
     */
    public Form withAnswers(Map<String, String> answers, Map<String, String> problems) {
        return new Form(action, context, title, submitLabel, fields.stream()
                .map(f -> f.withValue(answers.get(f.id())).withError(problems.get(f.id()))).toList());
    }

    /**
     * One question.
     *
     * @param id the key of the answer
     * @param label the question
     * @param multiline a long answer
     * @param optional may stay empty
     * @param maxLength the longest answer accepted
     * @param options when not empty, a pick list (label shown, value submitted)
     * @param value what was typed before, shown again in the field; or null
     * @param error why that answer was refused; or null
     * @param kind what the answer is, for a platform that has its own picker for it; the answer
     *     still arrives as text its field's check reads
     */
    public record FormField(String id, String label, boolean multiline, boolean optional, int maxLength,
                            List<Choice> options, String value, String error, Kind kind) {

        /**
         * What an answer is. A platform with a picker for it (Slack's date, time and user
         * pickers) hands the picked value back as text: a date as {@code 2027-01-12}, a time as
         * {@code 19:30}, a person as their user id, people as user ids separated by spaces.
         */
        public enum Kind { TEXT, DATE, TIME, PERSON, PEOPLE }

        public FormField {
            options = options == null ? List.of() : List.copyOf(options);
            kind = kind == null ? Kind.TEXT : kind;
        }

        public FormField(String id, String label, boolean multiline, boolean optional, int maxLength,
                         List<Choice> options, String value, String error) {
            this(id, label, multiline, optional, maxLength, options, value, error, Kind.TEXT);
        }

        public FormField(String id, String label, boolean multiline, boolean optional, int maxLength, List<Choice> options) {
            this(id, label, multiline, optional, maxLength, options, null, null, Kind.TEXT);
        }

        public static FormField text(String id, String label, int maxLength) {
            return new FormField(id, label, false, false, maxLength, List.of());
        }

        public static FormField longText(String id, String label, int maxLength) {
            return new FormField(id, label, true, false, maxLength, List.of());
        }

        public static FormField pick(String id, String label, List<Choice> options) {
            return new FormField(id, label, false, false, 100, options);
        }

        public FormField asOptional() {
            return new FormField(id, label, multiline, true, maxLength, options, value, error, kind);
        }

        /** The same question, answered with a date, a time or people (see {@link Kind}). */
        public FormField as(Kind newKind) {
            return new FormField(id, label, multiline, optional, maxLength, options, value, error, newKind);
        }

        public FormField withValue(String typed) {
            return new FormField(id, label, multiline, optional, maxLength, options, typed, error, kind);
        }

        public FormField withError(String reason) {
            return new FormField(id, label, multiline, optional, maxLength, options, value, reason, kind);
        }
    }
}
