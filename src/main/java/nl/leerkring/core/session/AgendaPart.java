package nl.leerkring.core.session;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import nl.leerkring.core.method.Localized;

/**
 * One part of a session's agenda, as a template file writes it.
 *
 * @param title what the part is called ("Kennismaken")
 * @param minutes how long it takes
 * @param prompt what the group does in it
 * @param method when set, the id of a method the part offers to start as a case discussion
 */
public record AgendaPart(Localized title, int minutes, Localized prompt, String method) {

    static final int LONGEST_PART = 240;

    @JsonCreator
    public AgendaPart(@JsonProperty(value = "title", required = true) Localized title,
                      @JsonProperty(value = "minutes", required = true) int minutes,
                      @JsonProperty(value = "prompt", required = true) Localized prompt,
                      @JsonProperty("method") String method) {
        SessionTemplate.require(minutes >= 1 && minutes <= LONGEST_PART,
                "a part takes between 1 and " + LONGEST_PART + " minutes, not " + minutes);
        SessionTemplate.require(method == null || !method.isBlank(), "method is empty; leave it out or name a method");
        this.title = title;
        this.minutes = minutes;
        this.prompt = prompt;
        this.method = method == null ? null : method.strip();
    }
}
