package nl.leerkring.core.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.function.Function;
import nl.leerkring.core.command.ChoiceValue;
import org.junit.jupiter.api.Test;

/**
 * The values of the session buttons read back exactly what buttons already posted carry, and
 * write the same strings; anything else is a stale button.
 */
class SessionChoiceValuesTest {

    static <V extends ChoiceValue> void roundTrip(String value, Function<String, Optional<V>> parse, V expected) {
        assertEquals(Optional.of(expected), parse.apply(value));
        assertEquals(value, expected.encode());
    }

    @Test
    void eachButtonKeepsItsValueString() {
        roundTrip("7", SessionRun.SessionButton::parse, new SessionRun.SessionButton(7));
        roundTrip("7:2", SessionRun.PartButton::parse, new SessionRun.PartButton(7, 2));
        roundTrip("3:12", Assignments.AnswerButton::parse, new Assignments.AnswerButton(3, 12));
        roundTrip("3", Assignments.SetForm::parse, new Assignments.SetForm(3));
        roundTrip("3:44", ActionCommands.ActionButton::parse, new ActionCommands.ActionButton(3, 44));
        roundTrip("3:7", Cohosts.OwnSession::parse, new Cohosts.OwnSession(3, 7));
        roundTrip("3:7:U123", Cohosts.Swap::parse, new Cohosts.Swap(3, 7, "U123"));
        roundTrip("3:7:29:1a2b-teams:user", Cohosts.Swap::parse, new Cohosts.Swap(3, 7, "29:1a2b-teams:user"));
    }

    @Test
    void editedOrOldValuesAreStale() {
        assertTrue(SessionRun.SessionButton.parse("x").isEmpty());
        assertTrue(SessionRun.PartButton.parse("7").isEmpty());
        assertTrue(Assignments.AnswerButton.parse("3:12:9").isEmpty());
        assertTrue(Assignments.SetForm.parse("").isEmpty());
        assertTrue(ActionCommands.ActionButton.parse("3:").isEmpty());
        assertTrue(Cohosts.OwnSession.parse(null).isEmpty());
        assertTrue(Cohosts.Swap.parse("3:7").isEmpty());
        assertTrue(Cohosts.Swap.parse("3:7:").isEmpty());
        assertTrue(Cohosts.Swap.parse("3:x:U1").isEmpty());
    }
}
