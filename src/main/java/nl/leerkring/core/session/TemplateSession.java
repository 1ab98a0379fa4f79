package nl.leerkring.core.session;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import nl.leerkring.core.method.Localized;

/**
 * One session of a template: its title, its agenda, and the assignment everyone does before
 * the next session (or none).
 */
public record TemplateSession(Localized title, List<AgendaPart> agenda, Localized assignment) {

    @JsonCreator
    public TemplateSession(@JsonProperty(value = "title", required = true) Localized title,
                           @JsonProperty(value = "agenda", required = true) List<AgendaPart> agenda,
                           @JsonProperty("assignment") Localized assignment) {
        SessionTemplate.require(agenda != null && !agenda.isEmpty(), "a session needs at least one agenda part");
        this.title = title;
        this.agenda = List.copyOf(agenda);
        this.assignment = assignment;
    }

    /** The agenda's minutes, without the closing part. */
    public int minutes() {
        return agenda.stream().mapToInt(AgendaPart::minutes).sum();
    }
}
