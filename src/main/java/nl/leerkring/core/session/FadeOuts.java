package nl.leerkring.core.session;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import nl.leerkring.chat.OutgoingMessage;
import nl.leerkring.core.Mentions;
import nl.leerkring.core.circle.Circle;
import nl.leerkring.core.command.Turn;
import nl.leerkring.core.session.FadeOut.Lead;
import org.jdbi.v3.core.Handle;

/**
 * {@code /kring afbouw}: the facilitators step back over the cycle, as the circle agreed: two
 * facilitators, then one, then none. With one, the session's co-host gets the steering prompts
 * (keeping the time, moving the parts on, closing); with none, the co-host leads all of it and a
 * facilitator who presses a steering button hears, kindly, that the co-host leads today. A
 * session without a co-host stays with the facilitator. Everyone hears of a change before the
 * session where it changes, in its reminder; the co-host in their preparation message too.
 */
final class FadeOuts {

    /** {@code /kring afbouw standaard}: two facilitators in the first two sessions, one in the next two, then none. */
    static final String STANDARD = "2:1-2 1:3-4 0:5-";

    private FadeOuts() {
    }

    static Optional<FadeOut> of(Handle handle, Circle circle) {
        return handle.createQuery("SELECT stages FROM fade_out_plan WHERE circle_id = :circle AND workspace_id = :workspace")
                .bind("circle", circle.id()).bind("workspace", circle.workspaceId())
                .mapTo(String.class).findOne().flatMap(FadeOut::stored);
    }

    private static void save(Handle handle, Circle circle, FadeOut plan, Instant now) {
        remove(handle, circle);
        handle.createUpdate("""
                        INSERT INTO fade_out_plan (circle_id, workspace_id, stages, updated_at)
                        VALUES (:circle, :workspace, :stages, :now)""")
                .bind("circle", circle.id()).bind("workspace", circle.workspaceId()).bind("stages", plan.written())
                .bind("now", now).execute();
    }

    private static int remove(Handle handle, Circle circle) {
        return handle.createUpdate("DELETE FROM fade_out_plan WHERE circle_id = :circle AND workspace_id = :workspace")
                .bind("circle", circle.id()).bind("workspace", circle.workspaceId()).execute();
    }

    /**
     * Who leads a session: as the plan says, when the session has a co-host who is a member to
     * hand the steering to; otherwise the facilitators, as always.
     */
    static Lead leadOf(Turn turn, Circle circle, Session s) {
        if (s.cohostId() == null || !SessionContext.isMember(turn, circle, s.cohostId())) {
            return Lead.FACILITATORS;
        }
        return of(turn.handle(), circle).map(p -> p.leadAt(s.number())).orElse(Lead.FACILITATORS);
    }

    /** One line on who leads the session, when the circle has a plan. */
    static Optional<String> describe(Turn turn, Circle circle, Session s) {
        if (of(turn.handle(), circle).isEmpty()) {
            return Optional.empty();
        }
        Lead lead = leadOf(turn, circle, s);
        return Optional.of(turn.text("fadeout.lead." + lead.name().toLowerCase(Locale.ROOT),
                s.cohostId() == null ? "" : Mentions.of(s.cohostId())));
    }

    /** What changes at this session, when it is led differently from the one before it. */
    static Optional<String> news(Turn turn, Circle circle, Session s) {
        return of(turn.handle(), circle).filter(p -> p.changesAt(s.number()))
                .flatMap(p -> describe(turn, circle, s))
                .map(line -> turn.text("fadeout.news", s.number(), line));
    }

    /**
     * The kind word for a facilitator who presses a steering button in a session the co-host
     * leads; null when the facilitator steers this session as always.
     */
    static String stepsBack(Turn turn, Circle circle, Session s) {
        return leadOf(turn, circle, s) == Lead.COHOST
                ? turn.text("fadeout.stepBack", Mentions.of(s.cohostId()), s.number()) : null;
    }

    /** {@code /kring afbouw [plan | standaard | uit]}: the plan shown (members), set or removed (the facilitator). */
    static void command(Turn turn, String args) {
        Circle circle = turn.theCircle();
        String a = args.strip().toLowerCase(Locale.ROOT);
        if (a.isEmpty()) {
            turn.tell(of(turn.handle(), circle).map(p -> summary(turn, p)).orElse(turn.text("fadeout.none"))
                    + "\n\n" + turn.text("fadeout.usage"));
            return;
        }
        if (!turn.requireFacilitator(circle)) {
            return;
        }
        if (a.matches("uit|off|geen|none|stop")) {
            boolean had = remove(turn.handle(), circle) > 0;
            if (had) {
                turn.send(OutgoingMessage.text(Turn.channelOf(circle), turn.text("fadeout.removed")));
            } else {
                turn.tell(turn.text("fadeout.none"));
            }
            return;
        }
        FadeOut.Parsed parsed = FadeOut.parse(a.matches("standaard|default|standard") ? STANDARD : args);
        if (parsed.plan() == null) {
            turn.tell(turn.text(parsed.problemKey(), parsed.args()) + "\n" + turn.text("fadeout.usage"));
            return;
        }
        save(turn.handle(), circle, parsed.plan(), turn.now());
        turn.send(OutgoingMessage.text(Turn.channelOf(circle), summary(turn, parsed.plan()) + "\n\n" + turn.text("fadeout.set.after"))
                .withTitle(turn.text("fadeout.set.title")));
    }

    /** The plan in words, one line per range. */
    private static String summary(Turn turn, FadeOut plan) {
        StringBuilder text = new StringBuilder(turn.text("fadeout.plan", plan.written()));
        for (FadeOut.Stage s : plan.stages()) {
            String range = s.to() == 0 ? turn.text("fadeout.range.open", s.from())
                    : s.to() == s.from() ? turn.text("fadeout.range.one", s.from()) : turn.text("fadeout.range", s.from(), s.to());
            text.append("\n• ").append(range).append(": ").append(turn.text("fadeout.count." + Math.min(s.facilitators(), FadeOut.MOST)));
        }
        return text.toString();
    }

    static int deleteCircle(Handle handle, Circle circle) {
        return remove(handle, circle);
    }
}
