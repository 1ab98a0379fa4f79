package nl.leerkring.core.session;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import nl.leerkring.chat.Address;
import nl.leerkring.chat.Choice;
import nl.leerkring.chat.OutgoingMessage;
import nl.leerkring.core.Mentions;
import nl.leerkring.core.command.ChoiceValue;
import nl.leerkring.core.command.Turn;
import nl.leerkring.core.circle.Circle;
import nl.leerkring.core.circle.Member;
import nl.leerkring.core.circle.Role;

/**
 * The rotating co-host: a fair rotation announced with the plan, the role handed on when a
 * session starts, and swaps that the other member accepts.
 */
final class Cohosts {

    static final String SWAP = "cohost.swap";
    static final String ASK = "cohost.ask";
    static final String ACCEPT = "cohost.accept";
    static final String DECLINE = "cohost.decline";

    private final CircleTime time;
    private final PrepReminder prep;

    Cohosts(CircleTime time, PrepReminder prep) {
        this.time = time;
        this.prep = prep;
    }

    /**
     * Who co-hosts each of {@code count} sessions: every member but the facilitators in turn, in
     * the order they joined, starting with the current co-host if there is one. Everyone takes a
     * turn before anyone takes a second. Nulls when there is nobody but the facilitator.
     */
    static List<String> rotation(List<Member> members, int count) {
        List<String> candidates = new ArrayList<>(members.stream().filter(m -> m.role() != Role.FACILITATOR)
                .map(Member::userId).toList());
        members.stream().filter(m -> m.role() == Role.COHOST).findFirst().ifPresent(current -> {
            int at = candidates.indexOf(current.userId());
            List<String> rotated = new ArrayList<>(candidates.subList(at, candidates.size()));
            rotated.addAll(candidates.subList(0, at));
            candidates.clear();
            candidates.addAll(rotated);
        });
        List<String> turns = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            turns.add(candidates.isEmpty() ? null : candidates.get(i % candidates.size()));
        }
        return turns;
    }

    /**
     * The session's co-host becomes the circle's co-host (so every co-host right applies) and
     * the previous co-host a member again. Facilitators keep their role.
     */
    static void handOver(Turn turn, Circle circle, Session session) {
        String next = session.cohostId();
        List<Member> members = turn.circles().members(circle);
        if (next == null || members.stream().noneMatch(m -> m.userId().equals(next) && m.role() != Role.FACILITATOR)) {
            return;
        }
        for (Member m : members) {
            if (m.role() == Role.COHOST && !m.userId().equals(next)) {
                turn.circles().setRole(circle, m.userId(), Role.MEMBER, turn.now());
            }
        }
        turn.circles().setRole(circle, next, Role.COHOST, turn.now());
    }

    // ------------------------------------------------------------------------------------------
    // Swapping: the co-host proposes, the other accepts or declines

    /** The co-host's "swap" button: {@code <circle id>:<session id>}. */
    record OwnSession(long circleId, long id) implements SessionContext.IdInCircle {

        static Optional<OwnSession> parse(String value) {
            return SessionContext.pair(value, OwnSession::new);
        }
    }

    /**
     * A swap button, {@code <circle id>:<session id>:<user id>}: whom to ask (for the co-host), or
     * who proposed (for the one asked). The user id comes last: Teams ids contain ':'. It is only
     * ever checked against the session as stored, never trusted.
     */
    record Swap(long circleId, long sessionId, String userId) implements ChoiceValue.OfCircle {

        @Override
        public String encode() {
            return circleId + ":" + sessionId + ":" + userId;
        }

        static Optional<Swap> parse(String value) {
            String[] p = value == null ? new String[0] : value.split(":", 3);
            return p.length < 3 || p[2].isBlank() ? Optional.empty() : ChoiceValue.number(p[0])
                    .flatMap(circle -> ChoiceValue.number(p[1]).map(session -> new Swap(circle, session, p[2])));
        }
    }

    /** The co-host's "swap" button: whom to ask. */
    void chooseWhom(Turn turn, OwnSession value) {
        Circle circle = turn.theCircle();
        Optional<Session> session = ownPlannedSession(turn, circle, value.id());
        if (session.isEmpty()) {
            return;
        }
        List<Choice> whom = turn.circles().members(circle).stream()
                .filter(m -> m.role() != Role.FACILITATOR && !m.userId().equals(turn.userId()))
                .map(m -> new Choice(turn.text("cohost.choice.ask", Mentions.of(m.userId())), ASK,
                        new Swap(circle.id(), session.get().id(), m.userId()).encode()))
                .toList();
        if (whom.isEmpty()) {
            turn.tell(turn.text("cohost.nobodyToAsk"));
            return;
        }
        turn.tell(turn.text("cohost.whom", session.get().number()), whom);
    }

    /** {@code /kring sessie ruil <n> @naam}. */
    void askByCommand(Turn turn, Circle circle, String args) {
        String[] words = args.strip().split("\\s+", 2);
        Optional<Mentions.Found> other = Mentions.first(args);
        long number = SessionContext.number(words[0]);
        if (number < 1 || other.isEmpty()) {
            turn.tell(turn.text("cohost.usage"));
            return;
        }
        Optional<Session> session = new SessionStore(turn.handle()).byNumber(circle, (int) number);
        if (session.isEmpty()) {
            turn.tell(turn.text("sessions.unknownNumber", number));
            return;
        }
        ask(turn, circle, session.get().id(), other.get().userId());
    }

    /**
     * {@code /kring sessie cohost <n> @naam}: the facilitator hands a session's co-host turn to
     * another member, also while it runs (its co-host is not there).
     */
    void handTo(Turn turn, Circle circle, String args) {
        if (!turn.requireFacilitator(circle)) {
            return;
        }
        String[] words = args.strip().split("\\s+", 2);
        Optional<Mentions.Found> other = Mentions.first(args);
        long number = SessionContext.number(words[0]);
        if (number < 1 || other.isEmpty()) {
            turn.tell(turn.text("cohost.handTo.usage"));
            return;
        }
        SessionStore store = new SessionStore(turn.handle());
        Optional<Session> session = store.byNumber(circle, (int) number);
        if (session.isEmpty()) {
            turn.tell(turn.text("sessions.unknownNumber", number));
            return;
        }
        boolean running = session.get().status() == Session.Status.RUNNING;
        if (!session.get().isPlanned() && !running) {
            turn.tell(turn.text("session.notPlanned", number));
            return;
        }
        String to = other.get().userId();
        if (!SessionContext.isMember(turn, circle, to)) {
            turn.tell(turn.text("cohost.notAMember", Mentions.of(to)));
            return;
        }
        Session given = session.get().withCohost(to);
        store.setCohost(given, to);
        if (running) {
            // the co-host of a session that runs is missing: another member takes the wheel now
            handOver(turn, circle, given);
        } else {
            prep.schedule(turn, circle, given);
        }
        turn.send(OutgoingMessage.text(Turn.channelOf(circle), turn.text("cohost.handedTo", given.number(), Mentions.of(to))));
    }

    /** The proposal, sent privately to the member the co-host chose. */
    void ask(Turn turn, Swap value) {
        ask(turn, turn.theCircle(), value.sessionId(), value.userId());
    }

    private void ask(Turn turn, Circle circle, long sessionId, String otherId) {
        Optional<Session> session = ownPlannedSession(turn, circle, sessionId);
        if (session.isEmpty()) {
            return;
        }
        if (otherId.equals(turn.userId()) || !SessionContext.isMember(turn, circle, otherId)) {
            turn.tell(turn.text("cohost.notAMember", Mentions.of(otherId)));
            return;
        }
        Session s = session.get();
        Optional<Session> theirs = nextTurnOf(turn, circle, otherId, s);
        String when = CircleTime.dateTime(turn.texts(), s.startsAt(), time.zoneOf(turn, circle, otherId));
        String text = turn.text("cohost.proposal", Mentions.of(turn.userId()), s.number(), when)
                + theirs.map(t -> " " + turn.text("cohost.proposalSwap", t.number(),
                        CircleTime.dateTime(turn.texts(), t.startsAt(), time.zoneOf(turn, circle, otherId)))).orElse("");
        String answer = new Swap(circle.id(), s.id(), turn.userId()).encode();
        remember(turn, s, otherId);
        turn.send(OutgoingMessage.text(Address.direct(circle.platform(), circle.workspaceId(), otherId), text)
                .withTitle(turn.text("cohost.proposal.title"))
                .withChoices(List.of(new Choice(turn.text("cohost.choice.accept"), ACCEPT, answer),
                        new Choice(turn.text("cohost.choice.decline"), DECLINE, answer))));
        turn.tell(turn.text("cohost.asked", Mentions.of(otherId)));
    }

    /** The other member takes the session over; the proposer takes their next turn, if they have one. */
    void accept(Turn turn, Swap value) {
        Circle circle = turn.theCircle();
        Optional<Session> session = proposed(turn, circle, value);
        if (session.isEmpty()) {
            return;
        }
        forget(turn, session.get(), null);
        String proposer = session.get().cohostId();
        SessionStore store = new SessionStore(turn.handle());
        Optional<Session> theirs = nextTurnOf(turn, circle, turn.userId(), session.get());
        Session taken = session.get().withCohost(turn.userId());
        store.setCohost(taken, turn.userId());
        prep.schedule(turn, circle, taken);
        String swapped = "";
        if (theirs.isPresent()) {
            Session given = theirs.get().withCohost(proposer);
            store.setCohost(given, proposer);
            prep.schedule(turn, circle, given);
            swapped = " " + turn.text("cohost.swapped.back", Mentions.of(proposer), given.number());
        }
        turn.send(OutgoingMessage.text(Turn.channelOf(circle),
                turn.text("cohost.swapped", Mentions.of(turn.userId()), taken.number()) + swapped));
        turn.send(OutgoingMessage.text(Address.direct(circle.platform(), circle.workspaceId(), proposer),
                turn.text("cohost.acceptedYou", Mentions.of(turn.userId()), taken.number())));
        turn.tell(turn.text("cohost.acceptedMe", taken.number()));
    }

    /** The co-host hears that the presser will not take their turn over. */
    void decline(Turn turn, Swap value) {
        Circle circle = turn.theCircle();
        proposed(turn, circle, value).ifPresent(s -> {
            forget(turn, s, turn.userId());
            turn.send(OutgoingMessage.text(Address.direct(circle.platform(), circle.workspaceId(), s.cohostId()),
                    turn.text("cohost.declinedYou", Mentions.of(turn.userId()))));
            turn.tell(turn.text("cohost.declinedMe"));
        });
    }

    /**
     * The session a proposal is about, while it still stands: planned, in this circle, still
     * co-hosted by the proposer the value names, and the presser is someone else. Whom an answer
     * goes to is the stored co-host, never a user named only in the value.
     */
    private static Optional<Session> proposed(Turn turn, Circle circle, Swap value) {
        Optional<Session> session = new SessionStore(turn.handle()).find(circle.workspaceId(), value.sessionId())
                .filter(s -> s.circleId() == circle.id() && s.isPlanned() && value.userId().equals(s.cohostId()))
                .filter(s -> !turn.userId().equals(s.cohostId()))
                .filter(s -> wasAsked(turn, s, turn.userId()));
        if (session.isEmpty()) {
            turn.tell(turn.text("cohost.proposalStale"));
        }
        return session;
    }

    /** Notes whom the co-host asked, so that only they can answer (a button's value is never proof). */
    private static void remember(Turn turn, Session session, String askedId) {
        forget(turn, session, askedId);
        turn.handle().createUpdate("""
                        INSERT INTO cohost_proposal (session_id, workspace_id, asked_id, created_at)
                        VALUES (:session, :workspace, :asked, :now)""")
                .bind("session", session.id()).bind("workspace", session.workspaceId()).bind("asked", askedId)
                .bind("now", turn.now()).execute();
    }

    private static boolean wasAsked(Turn turn, Session session, String userId) {
        return turn.handle().createQuery("""
                        SELECT COUNT(*) FROM cohost_proposal
                        WHERE session_id = :session AND workspace_id = :workspace AND asked_id = :user""")
                .bind("session", session.id()).bind("workspace", session.workspaceId()).bind("user", userId)
                .mapTo(Integer.class).one() > 0;
    }

    /** An answered proposal is gone: all of the session's once it is taken over, else the one declined. */
    private static void forget(Turn turn, Session session, String askedId) {
        var delete = turn.handle().createUpdate("DELETE FROM cohost_proposal WHERE session_id = :session AND workspace_id = :workspace"
                        + (askedId == null ? "" : " AND asked_id = :asked"))
                .bind("session", session.id()).bind("workspace", session.workspaceId());
        (askedId == null ? delete : delete.bind("asked", askedId)).execute();
    }

    /** A session still to come that the acting user co-hosts; tells them when it is not. */
    private Optional<Session> ownPlannedSession(Turn turn, Circle circle, long sessionId) {
        Optional<Session> session = new SessionStore(turn.handle()).find(circle.workspaceId(), sessionId)
                .filter(s -> s.circleId() == circle.id());
        if (session.isEmpty() || !session.get().isPlanned()) {
            turn.tell(turn.text("cohost.notPlanned"));
            return Optional.empty();
        }
        if (!turn.userId().equals(session.get().cohostId())) {
            turn.tell(turn.text("cohost.notYours", session.get().number()));
            return Optional.empty();
        }
        return session;
    }

    /** The next session still to come that this member co-hosts, other than {@code except}. */
    private static Optional<Session> nextTurnOf(Turn turn, Circle circle, String userId, Session except) {
        return new SessionStore(turn.handle()).current(circle).stream()
                .filter(s -> s.isPlanned() && s.id() != except.id() && userId.equals(s.cohostId()))
                .findFirst();
    }
}
