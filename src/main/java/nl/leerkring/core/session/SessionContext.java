package nl.leerkring.core.session;

import java.util.List;
import java.util.Optional;
import nl.leerkring.core.command.Turn;
import nl.leerkring.core.circle.Circle;
import nl.leerkring.core.circle.Member;
import nl.leerkring.core.circle.Role;

/** What the session commands share: the circle of a button pressed anywhere, and who may steer. */
final class SessionContext {

    private SessionContext() {
    }

    /** What a button or form does in the circle it names. */
    @FunctionalInterface
    interface InCircle {
        /** @param value the button's value split in its parts; {@code value[0]} is the circle's id */
        void run(Circle circle, String[] value);
    }

    /**
     * Runs a button's or form's action in the circle its value names by id
     * ({@code <circle id>:…}, split in {@code parts} at ':'; the last part may hold ':', as Teams
     * user ids do). For buttons in direct messages, where the channel says nothing about the
     * circle; the turn then speaks the circle's language. Tells the user when it is gone.
     */
    static void inCircle(Turn turn, String value, int parts, InCircle action) {
        String[] v = value.split(":", parts);
        Optional<Circle> circle = v.length == parts ? turn.circleNamed(number(v[0])) : Optional.empty();
        circle.ifPresentOrElse(c -> action.run(c, v), () -> turn.tell(turn.text("error.staleChoice")));
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
        if (role.isEmpty()) {
            return false;
        }
        if (role.get().canSteer()) {
            return true;
        }
        SessionStore sessions = new SessionStore(turn.handle());
        return sessions.running(circle).or(() -> sessions.next(circle, turn.now()))
                .map(s -> turn.userId().equals(s.cohostId())).orElse(false);
    }

    /** {@link #steers}, or tells the user who can. */
    static boolean requireSteering(Turn turn, Circle circle) {
        if (turn.requireMember(circle).isEmpty()) {
            return false;
        }
        if (!steers(turn, circle)) {
            turn.tell(turn.text("session.error.onlySteering"));
            return false;
        }
        return true;
    }
}
