package nl.leerkring.core.action;

import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;
import nl.leerkring.core.Mentions;
import nl.leerkring.core.command.Turn;
import nl.leerkring.core.circle.Circle;
import nl.leerkring.core.time.DateInput;

/**
 * Follow-up actions written as a sentence: {@code @bob belt de wijkagent voor 12-01-2027}. An
 * action needs an owner who is a member, something to do, and a date that is not in the past.
 */
public final class ActionSentence {

    /** Words that join the task to its date and are not part of the task. */
    private static final String TRAILING_LINK_WORDS = "(?i)\\s*\\b(voor|vóór|uiterlijk|tot|op|doet|by|before|on|due)\\s*$";
    private static final String LEADING_LINK_WORDS = "(?i)^\\s*(doet|gaat|will|does)\\b\\s*";
    /** The longest task an action may have. */
    public static final int MAX_TEXT = 1000;

    private ActionSentence() {
    }

    /** An action read from a sentence: who, what, by when. */
    public record Parsed(String ownerId, String task, LocalDate due) {
    }

    /** Reads an action from a sentence, or tells the user what is missing or wrong. */
    public static Optional<Parsed> parse(Turn turn, Circle circle, String text, ZoneId zone) {
        Optional<Mentions.Found> owner = Mentions.first(text);
        if (owner.isEmpty()) {
            turn.tell(turn.text("flow.action.noOwner") + " " + turn.text("flow.action.example"));
            return Optional.empty();
        }
        String ownerId = owner.get().userId();
        if (turn.circles().roleOf(circle, ownerId).isEmpty()) {
            turn.tell(turn.text("flow.action.ownerNotMember", Mentions.of(ownerId)));
            return Optional.empty();
        }
        String withoutOwner = (text.substring(0, text.indexOf('<')) + " " + owner.get().rest()).strip();
        Optional<DateInput.Found> date = DateInput.find(withoutOwner, LocalDate.ofInstant(turn.now(), zone));
        Optional<String> wrongDate = dueProblem(turn, date, zone);
        if (wrongDate.isPresent()) {
            turn.tell(wrongDate.get());
            return Optional.empty();
        }
        LocalDate due = ((DateInput.Valid) date.orElseThrow().result()).date();
        String task = date.get().rest().replaceAll(TRAILING_LINK_WORDS, "").replaceAll(LEADING_LINK_WORDS, "").strip();
        if (task.isEmpty()) {
            turn.tell(turn.text("flow.action.noTask") + " " + turn.text("flow.action.example"));
            return Optional.empty();
        }
        if (task.length() > MAX_TEXT) {
            turn.tell(turn.text("error.tooLong", task.length(), MAX_TEXT));
            return Optional.empty();
        }
        return Optional.of(new Parsed(ownerId, task, due));
    }

    /**
     * What is wrong with the due date an action's text names, read as {@link #parse} reads it;
     * empty when there is one and it is not past. For a form's due field on its own.
     */
    public static Optional<String> dueProblem(Turn turn, String text, ZoneId zone) {
        return dueProblem(turn, DateInput.find(text, LocalDate.ofInstant(turn.now(), zone)), zone);
    }

    private static Optional<String> dueProblem(Turn turn, Optional<DateInput.Found> date, ZoneId zone) {
        if (date.isEmpty()) {
            return Optional.of(turn.text("flow.action.noDate") + " " + turn.text("flow.action.example"));
        }
        if (date.get().result() instanceof DateInput.NoSuchDay noSuchDay) {
            return Optional.of(turn.text("date.noSuchDay", noSuchDay.text()));
        }
        LocalDate due = ((DateInput.Valid) date.get().result()).date();
        if (due.isBefore(LocalDate.ofInstant(turn.now(), zone))) {
            return Optional.of(turn.text("date.inPast", format(turn, due)));
        }
        return Optional.empty();
    }

    /** A due date as the circle's language writes it. */
    public static String format(Turn turn, LocalDate date) {
        return date.format(DateTimeFormatter.ofPattern("EEEE d MMMM yyyy", Locale.forLanguageTag(turn.texts().language())));
    }
}
