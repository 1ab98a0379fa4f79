package nl.leerkring.core.command;

import java.util.Optional;

/**
 * How one field of a form is read: by the same parser as the command that takes the same
 * answer, so that what works typed after {@code /kring} works in the form. Every door asks it
 * when the answer is given (the console per question, Slack inside the modal's submission,
 * Teams before the card is taken), and the core asks it again before the form's handler runs.
 */
@FunctionalInterface
public interface FieldCheck {

    /** Why this answer cannot be taken, in the turn's language; empty when it is fine. */
    Optional<String> problem(Turn turn, String answer);
}
