package nl.leerkring.core.method;

import static nl.leerkring.core.method.Step.require;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A case-discussion method, as written in {@code config/methods/<id>.yaml}.
 *
 * @param id how users name it ({@code /kring casus actieleren})
 * @param name its display name
 * @param purpose one line on what it is for
 * @param source where its steps come from
 * @param steps the steps, in order
 */
public record Method(String id, Localized name, Localized purpose, String source, List<Step> steps) {

    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");

    @JsonCreator
    public Method(@JsonProperty(value = "id", required = true) String id,
                  @JsonProperty(value = "name", required = true) Localized name,
                  @JsonProperty(value = "purpose", required = true) Localized purpose,
                  @JsonProperty(value = "source", required = true) String source,
                  @JsonProperty(value = "steps", required = true) List<Step> steps) {
        require(id != null && ID.matcher(id).matches(), "a method needs an id of lower-case letters, digits and '-'");
        require(source != null && !source.isBlank(), "method '" + id + "' must say where its steps come from (source)");
        require(steps != null && !steps.isEmpty(), "method '" + id + "' has no steps");
        Set<String> seen = new HashSet<>();
        for (Step step : steps) {
            require(seen.add(step.id()), "method '" + id + "' has two steps called '" + step.id() + "'");
            if (step.optionsFrom() != null) {
                Step from = steps.stream().filter(s -> s.id().equals(step.optionsFrom())).findFirst().orElse(null);
                require(from != null && steps.indexOf(from) < steps.indexOf(step),
                        "step '" + step.id() + "' votes on '" + step.optionsFrom() + "', which is not an earlier step");
                require(from.input() == InputKind.IDEAS || from.input() == InputKind.TEXT,
                        "step '" + step.id() + "' votes on '" + from.id() + "', which collects no ideas or text");
            }
        }
        this.id = id;
        this.name = name;
        this.purpose = purpose;
        this.source = source.strip();
        this.steps = List.copyOf(steps);
    }

    public Step step(int index) {
        return steps.get(index);
    }

    public int stepCount() {
        return steps.size();
    }

    public int indexOf(String stepId) {
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i).id().equals(stepId)) {
                return i;
            }
        }
        return -1;
    }
}
