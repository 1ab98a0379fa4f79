package nl.leerkring.core.thanks;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import nl.leerkring.core.Mentions;
import nl.leerkring.core.circle.Circle;
import nl.leerkring.core.command.CommandRegistry;
import nl.leerkring.core.command.Need;
import nl.leerkring.core.command.Turn;
import nl.leerkring.core.feature.Feature;
import nl.leerkring.core.feature.FeatureContext;
import nl.leerkring.core.feature.Settings;
import org.jdbi.v3.core.Handle;

/**
 * {@code /kring dank <tekst>}: thanks to the whole circle, said in its channel. It counts as a
 * top for nobody in particular: only the moment is stored (not who, not the text), and
 * {@code /kring dank} alone tells how often the circle was thanked in the last
 * {@code thanks.window.weeks}. Moments older than {@code thanks.retention.days} are forgotten.
 */
public final class ThanksFeature implements Feature {

    static final int MAX_TEXT = 1000;

    private final Duration window;
    private final Duration retention;

    public ThanksFeature(FeatureContext context) {
        Settings settings = context.settings(name());
        this.window = Duration.ofDays(7L * settings.getInt("window.weeks", 8));
        this.retention = Duration.ofDays(settings.getInt("retention.days", 365));
    }

    @Override
    public String name() {
        return "thanks";
    }

    @Override
    public void register(CommandRegistry registry) {
        registry.section("help.section.thanks")
                .command("dank", "thanks", Need.MEMBER, this::thank);
    }

    private void thank(Turn turn, String args) {
        Circle circle = turn.theCircle();
        String text = args.strip();
        if (text.isEmpty()) {
            turn.tell(turn.text("thanks.count", count(turn.handle(), circle, turn.now().minus(window)), window.toDays() / 7));
            return;
        }
        if (text.length() > MAX_TEXT) {
            turn.tell(turn.text("error.tooLong", text.length(), MAX_TEXT));
            return;
        }
        turn.handle().createUpdate("INSERT INTO circle_thanks (workspace_id, circle_id, created_at) VALUES (:w, :c, :now)")
                .bind("w", circle.workspaceId()).bind("c", circle.id()).bind("now", turn.now()).execute();
        turn.say(turn.text("thanks.said", Mentions.of(turn.userId()), text));
    }

    private static int count(Handle handle, Circle circle, Instant since) {
        return handle.createQuery("""
                        SELECT COUNT(*) FROM circle_thanks WHERE workspace_id = :w AND circle_id = :c AND created_at >= :since""")
                .bind("w", circle.workspaceId()).bind("c", circle.id()).bind("since", since).mapTo(Integer.class).one();
    }

    @Override
    public Map<String, Integer> forgetExpired(Handle handle, Instant now) {
        return Map.of("thanks", handle.createUpdate("DELETE FROM circle_thanks WHERE created_at < :before")
                .bind("before", now.minus(retention)).execute());
    }

    /** Thanks store no person (neither who thanked nor the text), so there is nothing to export or erase. */
    @Override
    public Map<String, Integer> deleteCircle(Handle handle, Circle circle) {
        return Map.of("thanks", handle.createUpdate("DELETE FROM circle_thanks WHERE circle_id = :c").bind("c", circle.id()).execute());
    }
}
