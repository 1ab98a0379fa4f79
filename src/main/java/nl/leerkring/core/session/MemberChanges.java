package nl.leerkring.core.session;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import nl.leerkring.chat.OutgoingMessage;
import nl.leerkring.core.Mentions;
import nl.leerkring.core.assignment.AssignmentStore;
import nl.leerkring.core.circle.Circle;
import nl.leerkring.core.circle.Member;
import nl.leerkring.core.circle.Role;
import nl.leerkring.core.command.Turn;

/**
 * A member who joins after the plan gets the reminders of the sessions still to come, the open
 * assignment's reminder and a fair share of the co-host turns; one who leaves loses them, and
 * their turns go to others. Sessions already held stay as they were.
 */
final class MemberChanges {

    private final SessionReminder sessionReminder;
    private final PrepReminder prep;
    private final AssignmentReminder assignmentReminder;

    MemberChanges(SessionReminder sessionReminder, PrepReminder prep, AssignmentReminder assignmentReminder) {
        this.sessionReminder = sessionReminder;
        this.prep = prep;
        this.assignmentReminder = assignmentReminder;
    }

    void changed(Turn turn, Circle circle, String userId, boolean joined) {
        SessionStore store = new SessionStore(turn.handle());
        List<Session> cycle = store.current(circle);
        List<Session> toCome = cycle.stream().filter(s -> s.isPlanned() && s.startsAt().isAfter(turn.now())).toList();
        var open = new AssignmentStore(turn.handle()).open(circle);
        if (joined) {
            toCome.forEach(s -> sessionReminder.schedule(turn, circle, s, List.of(userId)));
            open.ifPresent(a -> assignmentReminder.schedule(turn, circle, a, List.of(userId)));
        } else {
            toCome.forEach(s -> sessionReminder.cancelFor(turn, s, userId));
            open.ifPresent(a -> assignmentReminder.cancel(turn, a, userId));
        }
        List<String> candidates = turn.circles().members(circle).stream().filter(m -> m.role() != Role.FACILITATOR)
                .map(Member::userId).toList();
        List<String> held = cycle.stream().filter(s -> s.status() == Session.Status.HELD || s.status() == Session.Status.RUNNING)
                .map(Session::cohostId).filter(Objects::nonNull).toList();
        List<String> turns = rebalance(candidates, held, toCome.stream().map(Session::cohostId).toList());
        List<String> changes = new ArrayList<>();
        for (int i = 0; i < toCome.size(); i++) {
            Session s = toCome.get(i);
            if (!Objects.equals(s.cohostId(), turns.get(i))) {
                Session updated = s.withCohost(turns.get(i));
                store.setCohost(updated, turns.get(i));
                prep.schedule(turn, circle, updated);
                changes.add(turn.text("cohost.rotation.line", s.number(),
                        updated.cohostId() == null ? turn.text("cohost.rotation.nobody") : Mentions.of(updated.cohostId())));
            }
        }
        if (!changes.isEmpty()) {
            turn.send(OutgoingMessage.text(Turn.channelOf(circle),
                    turn.text("cohost.rotation.updated") + "\n" + changes.stream().collect(Collectors.joining("\n"))));
        }
    }

    /**
     * The co-hosts of the sessions still to come, fair over the whole cycle: everyone takes a
     * turn before anyone takes a second, counting the sessions already held. A session keeps its
     * co-host while that is fair, so a change moves as few turns as it can.
     *
     * @param candidates who may co-host, in the order they joined
     * @param held the co-hosts of the cycle's sessions already held
     * @param current the co-hosts the sessions still to come have now (null for none)
     */
    static List<String> rebalance(List<String> candidates, List<String> held, List<String> current) {
        List<String> turns = new ArrayList<>();
        if (candidates.isEmpty()) {
            current.forEach(c -> turns.add(null));
            return turns;
        }
        Map<String, Integer> count = new HashMap<>();
        candidates.forEach(c -> count.put(c, 0));
        held.stream().filter(count::containsKey).forEach(c -> count.merge(c, 1, Integer::sum));
        for (String now : current) {
            int fewest = candidates.stream().mapToInt(count::get).min().orElse(0);
            String pick = now != null && count.containsKey(now) && count.get(now) == fewest ? now
                    : candidates.stream().filter(c -> count.get(c) == fewest).findFirst().orElseThrow();
            count.merge(pick, 1, Integer::sum);
            turns.add(pick);
        }
        return turns;
    }
}
