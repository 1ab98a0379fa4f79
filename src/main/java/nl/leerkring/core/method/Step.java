package nl.leerkring.core.method;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One step of a method.
 *
 * @param id a short name, unique in the method (referred to by {@code options_from})
 * @param title what the step is called ("De reflectievraag")
 * @param prompt what the bot asks or says in this step
 * @param actor who acts
 * @param input what is asked of them
 * @param hidden answers stay hidden until the step ends, then are revealed together
 * @param timer how long the step runs, or null
 * @param complete when the step ends by itself
 * @param pick how many members are picked ({@link Actor#PICKED}), otherwise 1
 * @param optionsFrom for a vote: the step whose contributions are voted on
 * @param fills "case" or "question": the bringer's answer to this step can be given up front,
 *     in the form that starts the case
 * @param inReport the step's outcome goes into the report at the end of the case
 * @param evaluation the step looks back on the round: it shows the buttons to give a top or a tip,
 *     and feedback given there counts for this case discussion
 */
public record Step(String id, Localized title, Localized prompt, Actor actor, InputKind input, boolean hidden,
                   Duration timer, Completion complete, int pick, String optionsFrom, String fills, boolean inReport,
                   boolean evaluation) {

    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,39}");
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(s|m|h)");
    static final Duration SHORTEST_TIMER = Duration.ofSeconds(5);
    static final Duration LONGEST_TIMER = Duration.ofHours(4);

    public Step {
        require(id != null && ID.matcher(id).matches(), "id", "a step needs an id of lower-case letters, digits, '-' or '_'");
        require(title != null, "step '" + id + "' needs a title");
        require(prompt != null, "step '" + id + "' needs a prompt");
        require(actor != null, "step '" + id + "' needs an actor");
        require(input != null, "step '" + id + "' needs an input");
        require(complete != null, "step '" + id + "' needs 'complete'");
        require(complete != Completion.TIMER || timer != null, "complete", "step '" + id + "' completes on its timer but has no timer");
        require(timer == null || (timer.compareTo(SHORTEST_TIMER) >= 0 && timer.compareTo(LONGEST_TIMER) <= 0),
                "timer", "step '" + id + "': a timer runs between 5s and 4h");
        require(input != InputKind.VOTE || optionsFrom != null, "input", "step '" + id + "' is a vote but names no options_from step");
        require(optionsFrom == null || input == InputKind.VOTE, "options_from", "step '" + id + "': options_from belongs to a vote");
        require(!hidden || input != InputKind.NONE, "hidden", "step '" + id + "' hides answers but asks for none");
        require(pick >= 1 && pick <= 10, "pick", "step '" + id + "': pick is between 1 and 10");
        require(pick == 1 || actor == Actor.PICKED, "pick", "step '" + id + "': pick belongs to actor 'picked'");
        require(fills == null || ((fills.equals("case") || fills.equals("question"))
                        && actor == Actor.BRINGER && input == InputKind.TEXT),
                "fills", "step '" + id + "': fills is 'case' or 'question', on a text step of the bringer");
        require(input != InputKind.NONE || complete != Completion.ALL_ANSWERED, "complete",
                "step '" + id + "' asks nothing, so it cannot complete when all have answered");
    }

    @JsonCreator
    static Step fromYaml(@JsonProperty(value = "id", required = true) String id,
                         @JsonProperty(value = "title", required = true) Localized title,
                         @JsonProperty(value = "prompt", required = true) Localized prompt,
                         @JsonProperty(value = "actor", required = true) Actor actor,
                         @JsonProperty(value = "input", required = true) InputKind input,
                         @JsonProperty("hidden") Boolean hidden,
                         @JsonProperty("timer") String timer,
                         @JsonProperty(value = "complete", required = true) Completion complete,
                         @JsonProperty("pick") Integer pick,
                         @JsonProperty("options_from") String optionsFrom,
                         @JsonProperty("fills") String fills,
                         @JsonProperty("in_report") Boolean inReport,
                         @JsonProperty("evaluation") Boolean evaluation) {
        return new Step(id, title, prompt, actor, input, hidden != null && hidden, parseDuration(timer), complete,
                pick == null ? 1 : pick, optionsFrom, fills, inReport != null && inReport, evaluation != null && evaluation);
    }

    /** "60s", "2m", "1h"; null stays null. */
    static Duration parseDuration(String text) {
        if (text == null) {
            return null;
        }
        Matcher m = DURATION.matcher(text.strip());
        require(m.matches(), "timer", "timer '" + text + "' is not a duration like 60s, 5m or 1h");
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofHours(n);
        };
    }

    static void require(boolean condition, String problem) {
        if (!condition) {
            throw new IllegalArgumentException(problem);
        }
    }

    /** @param key the key the rule is about, so the message can name its line */
    static void require(boolean condition, String key, String problem) {
        if (!condition) {
            throw new DefinitionProblem(key, problem);
        }
    }
}
