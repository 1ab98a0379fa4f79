package nl.leerkring.core.session;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.regex.Pattern;
import nl.leerkring.core.method.Localized;

/**
 * A session template, as written in {@code config/templates/<id>.yaml}: the agenda of each
 * session of a cycle and the assignment after it. The bot adds the closing part (learning
 * points and the next assignment) to every session.
 *
 * @param repeat true: the template has one session, used for every session of a cycle
 * @param closingMinutes how long the closing part takes
 */
public record SessionTemplate(String id, Localized name, Localized purpose, String source, boolean repeat,
                              int closingMinutes, List<TemplateSession> sessions) {

    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");
    static final int LONGEST_SESSION_MINUTES = 480;

    public SessionTemplate {
        require(id != null && ID.matcher(id).matches(), "a template needs an id of lower-case letters, digits and '-'");
        require(source != null && !source.isBlank(), "template '" + id + "' must say where its agenda comes from (source)");
        require(sessions != null && !sessions.isEmpty(), "template '" + id + "' has no sessions");
        require(!repeat || sessions.size() == 1, "template '" + id + "' repeats, so it has exactly one session");
        require(closingMinutes >= 5 && closingMinutes <= 60, "closing_minutes is between 5 and 60");
        for (int i = 0; i < sessions.size(); i++) {
            int total = sessions.get(i).minutes() + closingMinutes;
            require(total <= LONGEST_SESSION_MINUTES, "session " + (i + 1) + " takes " + total
                    + " minutes with its closing part; at most " + LONGEST_SESSION_MINUTES);
        }
        source = source.strip();
        sessions = List.copyOf(sessions);
    }

    @JsonCreator
    static SessionTemplate fromYaml(@JsonProperty(value = "id", required = true) String id,
                                    @JsonProperty(value = "name", required = true) Localized name,
                                    @JsonProperty(value = "purpose", required = true) Localized purpose,
                                    @JsonProperty(value = "source", required = true) String source,
                                    @JsonProperty("repeat") Boolean repeat,
                                    @JsonProperty(value = "closing_minutes", required = true) int closingMinutes,
                                    @JsonProperty(value = "sessions", required = true) List<TemplateSession> sessions) {
        return new SessionTemplate(id, name, purpose, source, repeat != null && repeat, closingMinutes, sessions);
    }

    /** The template session used for session {@code number} (1-based) of a cycle. */
    public TemplateSession session(int number) {
        return repeat ? sessions.get(0) : sessions.get(Math.min(number, sessions.size()) - 1);
    }

    /** How many sessions a cycle with this template may have; repeating templates have no limit. */
    public int maxSessions() {
        return repeat ? Integer.MAX_VALUE : sessions.size();
    }

    static void require(boolean condition, String problem) {
        if (!condition) {
            throw new IllegalArgumentException(problem);
        }
    }
}
