package nl.leerkring.core.session;

import java.util.List;
import java.util.Optional;
import nl.leerkring.core.Turn;
import nl.leerkring.core.circle.Circle;
import nl.leerkring.core.circle.Member;
import nl.leerkring.core.circle.Role;

/** What the session commands share: the circle of a button pressed anywhere, and who may steer. */
final class SessionContext {

    private SessionContext() {
    }

    /**
     * The circle a button or form names by id ({@code <circle id>:…}), for buttons in direct
     * messages, where the channel says nothing about the circle. The turn then speaks the
     * circle's language. Tells the user when it is gone.
     */
    static Optional<Circle> circleOf(Turn turn, String[] value) {
        Optional<Circle> circle = Optional.empty();
        try {
            circle = turn.circles().byId(turn.event().platform(), turn.event().where().workspaceId(), Long.parseLong(value[0]));
        } catch (RuntimeException e) {
            // a value we did not write: answered below as a stale button
        }
        circle.ifPresentOrElse(turn::circleChanged, () -> turn.tell(turn.text("error.staleChoice")));
        return circle;
    }

    /** A button's value split in {@code parts} at ':' (the last part may hold ':', as Teams user ids do). */
    static String[] split(String value, int parts) {
        String[] split = value.split(":", parts);
        return split.length == parts ? split : new String[parts];
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
