package nl.leerkring.core.method;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/** A text in Dutch and English, as method and template files write it: {@code {nl: …, en: …}}. */
public record Localized(String nl, String en) {

    @JsonCreator
    public Localized(@JsonProperty(value = "nl", required = true) String nl, @JsonProperty(value = "en", required = true) String en) {
        if (nl == null || nl.isBlank() || en == null || en.isBlank()) {
            throw new IllegalArgumentException("a text needs both 'nl' and 'en', neither empty");
        }
        this.nl = nl.strip();
        this.en = en.strip();
    }

    public String in(String language) {
        return "en".equals(language) ? en : nl;
    }
}
