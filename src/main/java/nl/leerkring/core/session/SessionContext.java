package nl.leerkring.core.session;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import nl.leerkring.chat.Address;
import nl.leerkring.chat.Choice;
import nl.leerkring.chat.OutgoingMessage;
import nl.leerkring.core.command.ChoiceValue;
import nl.leerkring.core.command.Turn;
import nl.leerkring.core.circle.Circle;
import nl.leerkring.core.circle.Member;
import nl.leerkring.core.circle.Role;

/** What the session commands share: the ids in a button's value, users' texts, a reminder of something due, and who may steer. */
final class SessionContext {

    private SessionContext() {
    }

    /** A button's value {@code <number>:<number>}, read into its record. */
    static <V> Optional<V> pair(String value, BiFunction<Long, Long, V> record) {
        return ChoiceValue.parts(value, 2).flatMap(p -> ChoiceValue.number(p[0])
                .flatMap(first -> ChoiceValue.number(p[1]).map(second -> record.apply(first, second))));
    }

    /** A button's value {@code <circle id>:<id>}: one thing of a circle (a session, an assignment, an action). */
    interface IdInCircle extends ChoiceValue.OfCircle {

        /** The id of the thing, only ever looked up in the circle. */
        long id();

        @Override
        default String encode() {
            return circleId() + ":" + id();
        }
    }

    /** A text of the user's, stripped; empty after telling them it is empty or too long. */
    static Optional<String> text(Turn turn, String text, int max, String emptyKey) {
        String t = text.strip();
        if (t.isEmpty()) {
            turn.tell(turn.text(emptyKey));
            return Optional.empty();
        }
        if (t.length() > max) {
            turn.tell(turn.text("error.tooLong", t.length(), max));
            return Optional.empty();
        }
        return Optional.of(t);
    }

    static long number(String text) {
        try {
            return Long.parseLong(text);
        } catch (RuntimeException e) {
            return -1;
        }
    }

    /**
     * A member's reminder of something due on a date: the text {@code reminder.<kind>} (with its
     * title {@code reminder.<kind>.title}), the button that does it and "remind me later".
     */
    static OutgoingMessage dueReminder(Turn turn, Circle c, String userId, String kind, String text, LocalDate due,
                                       Choice act, Choice snooze) {
        return OutgoingMessage.text(Address.direct(c.platform(), c.workspaceId(), userId),
                        turn.text("reminder." + kind, text, CircleTime.date(turn.texts(), due)))
                .withTitle(turn.text("reminder." + kind + ".title"))
                .withChoices(List.of(act, snooze));
    }

    static List<String> memberIds(Turn turn, Circle circle) {
        return turn.circles().members(circle).stream().map(Member::userId).toList();
    }

    static boolean isMember(Turn turn, Circle circle, String userId) {
        return turn.circles().roleOf(circle, userId).isPresent();
    }

    /**
     * Facilitator, co-host, or the co-host of the running or the next session may steer a
     * session and set an assignment.
     */
    static boolean steers(Turn turn, Circle circle) {
        Optional<Role> role = turn.circles().roleOf(circle, turn.userId());
        return role.isPresent() && (role.get().canSteer() || turn.userId().equals(sessionCohost(turn, circle)));
    }

    /** {@link #steers}, or tells the member who can: the circle's one steering rule, with this session's co-host. */
    static boolean requireSteering(Turn turn, Circle circle) {
        return turn.requireSteering(circle, sessionCohost(turn, circle), null);
    }

    /**
     * The steering rule for a session that runs: its co-host steers with the facilitator and the
     * circle's co-host; in a session the circle runs without its facilitator ({@link FadeOuts})
     * the facilitator steps back and hears who leads.
     */
    static boolean requireSteering(Turn turn, Circle circle, Session running) {
        return turn.requireSteering(circle, running.cohostId(), null, FadeOuts.stepsBack(turn, circle, running));
    }

    /** The co-host of the running session, or else of the next one (null without one). */
    private static String sessionCohost(Turn turn, Circle circle) {
        SessionStore sessions = new SessionStore(turn.handle());
        return sessions.running(circle).or(() -> sessions.next(circle, turn.now())).map(Session::cohostId).orElse(null);
    }
}
