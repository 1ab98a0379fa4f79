package nl.leerkring.core.command;

import java.util.Map;

/**
 * How a whole form is read once each of its answers passed its {@link FieldCheck}: what is wrong
 * only together (a first session at a time already past today, more sessions than the template
 * has), by the field to change, in the turn's language. Read by the same parser as the command.
 */
@FunctionalInterface
public interface FormCheck {

    /** The problems by field id; empty when the answers can be taken. */
    Map<String, String> problems(Turn turn, Map<String, String> answers);
}
