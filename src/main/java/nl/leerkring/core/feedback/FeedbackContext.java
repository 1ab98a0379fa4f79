package nl.leerkring.core.feedback;

/**
 * Where feedback was given, besides its circle: the circle in general, a case discussion (a
 * flow run), and later a session. Counts can be asked per context.
 *
 * @param kind {@code circle}, {@code flow} or (to come) {@code session}
 * @param id the flow or session id; null for the circle in general
 */
public record FeedbackContext(String kind, Long id) {

    public static final FeedbackContext CIRCLE = new FeedbackContext("circle", null);

    public static FeedbackContext flow(long flowId) {
        return new FeedbackContext("flow", flowId);
    }

    public boolean isFlow() {
        return "flow".equals(kind);
    }
}
