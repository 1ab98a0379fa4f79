package nl.leerkring.chat;

import java.util.List;

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
     * One question.
     *
     * @param id the key of the answer
     * @param label the question
     * @param multiline a long answer
     * @param optional may stay empty
     * @param maxLength the longest answer accepted
     * @param options when not empty, a pick list (label shown, value submitted)
     */
    public record FormField(String id, String label, boolean multiline, boolean optional, int maxLength,
                            List<Choice> options) {

        public FormField {
            options = options == null ? List.of() : List.copyOf(options);
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
            return new FormField(id, label, multiline, true, maxLength, options);
        }
    }
}
