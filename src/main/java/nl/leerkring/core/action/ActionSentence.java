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
        LocalDate today = LocalDate.ofInstant(turn.now(), zone);
        Optional<DateInput.Found> date = DateInput.find(withoutOwner, today);
        if (date.isEmpty()) {
            turn.tell(turn.text("flow.action.noDate") + " " + turn.text("flow.action.example"));
            return Optional.empty();
        }
        if (date.get().result() instanceof DateInput.NoSuchDay noSuchDay) {
            turn.tell(turn.text("date.noSuchDay", noSuchDay.text()));
            return Optional.empty();
        }
        LocalDate due = ((DateInput.Valid) date.get().result()).date();
        if (due.isBefore(today)) {
            turn.tell(turn.text("date.inPast", format(turn, due)));
            return Optional.empty();
        }
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

    /** A due date as the circle's language writes it. */
    public static String format(Turn turn, LocalDate date) {
        return date.format(DateTimeFormatter.ofPattern("EEEE d MMMM yyyy", Locale.forLanguageTag(turn.texts().language())));
    }
}
