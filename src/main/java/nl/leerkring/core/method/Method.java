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
 * @param aliases other words users may name it by ({@code /kring case intervision}), often its
 *     English id; never empty strings, never null
 * @param suits the kinds of question it suits, the best fit first; empty when the file says
 *     none (then it is never suggested by {@code /kring methodes})
 * @param group how many members it works with, the case bringer included
 */
public record Method(String id, Localized name, Localized purpose, String source, List<Step> steps, List<String> aliases,
                     List<Suit> suits, GroupSize group) {

    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");

    public Method(String id, Localized name, Localized purpose, String source, List<Step> steps) {
        this(id, name, purpose, source, steps, List.of());
    }

    public Method(String id, Localized name, Localized purpose, String source, List<Step> steps, List<String> aliases) {
        this(id, name, purpose, source, steps, aliases, List.of(), null);
    }

    @JsonCreator
    public Method(@JsonProperty(value = "id", required = true) String id,
                  @JsonProperty(value = "name", required = true) Localized name,
                  @JsonProperty(value = "purpose", required = true) Localized purpose,
                  @JsonProperty(value = "source", required = true) String source,
                  @JsonProperty(value = "steps", required = true) List<Step> steps,
                  @JsonProperty("aliases") List<String> aliases,
                  @JsonProperty("suits") List<Suit> suits,
                  @JsonProperty("group") GroupSize group) {
        require(id != null && ID.matcher(id).matches(), "id", "a method needs an id of lower-case letters, digits and '-'");
        if (aliases != null) {
            for (String alias : aliases) {
                require(alias != null && ID.matcher(MethodLibrary.normalise(alias)).matches(), "aliases",
                        "an alias is a word of letters, digits and '-', at most 40 characters, like 'five-step-method'");
            }
        }
        require(source != null && !source.isBlank(), "source", "method '" + id + "' must say where its steps come from (source)");
        require(steps != null && !steps.isEmpty(), "method '" + id + "' has no steps");
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < steps.size(); i++) {
            Step step = steps.get(i);
            require(seen.add(step.id()), "steps[" + i + "].id", "method '" + id + "' has two steps called '" + step.id() + "'");
            if (step.optionsFrom() != null) {
                Step from = steps.stream().filter(s -> s.id().equals(step.optionsFrom())).findFirst().orElse(null);
                require(from != null && steps.indexOf(from) < i, "steps[" + i + "].options_from",
                        "step '" + step.id() + "' votes on '" + step.optionsFrom() + "', which is not an earlier step; name the id of a step above it");
                require(from.input() == InputKind.IDEAS || from.input() == InputKind.TEXT, "steps[" + i + "].options_from",
                        "step '" + step.id() + "' votes on '" + from.id() + "', which collects no ideas or text");
            }
        }
        this.id = id;
        this.name = name;
        this.purpose = purpose;
        this.source = source.strip();
        this.steps = List.copyOf(steps);
        this.aliases = aliases == null ? List.of() : aliases.stream().map(String::strip).distinct().toList();
        require(suits == null || suits.stream().allMatch(java.util.Objects::nonNull), "suits",
                "suits is a list of practical, acting and person, like [practical, acting]");
        require(suits == null || suits.stream().distinct().count() == suits.size(), "suits",
                "method '" + id + "' names a kind of question twice in suits; name each once");
        this.suits = suits == null ? List.of() : List.copyOf(suits);
        this.group = group == null ? GroupSize.ANY : group;
    }

    /**
     * How long it takes: the sum of its steps' timers, when every step has one; empty when a
     * step has none (it lasts as long as the circle takes).
     */
    public java.util.Optional<java.time.Duration> duration() {
        java.time.Duration total = java.time.Duration.ZERO;
        for (Step step : steps) {
            if (step.timer() == null) {
                return java.util.Optional.empty();
            }
            total = total.plus(step.timer());
        }
        return java.util.Optional.of(total);
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
