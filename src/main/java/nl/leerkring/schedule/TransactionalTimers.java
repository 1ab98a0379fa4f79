package nl.leerkring.schedule;

import java.time.Instant;
import nl.leerkring.chat.Address;
import nl.leerkring.core.feature.Timers;
import org.jdbi.v3.core.Handle;

/**
 * The core's {@link Timers}: a request row in the caller's transaction, which the
 * {@link TimerRelay} moves into Quartz once that transaction has committed. A command never
 * needs a second connection for its timers and never waits for Quartz; a change that rolls back
 * leaves no timer, and a timer due at once cannot fire before its change is visible.
 */
public final class TransactionalTimers implements Timers {

    private final TimerRelay relay;

    public TransactionalTimers(TimerRelay relay) {
        this.relay = relay;
    }

    @Override
    public void schedule(Handle tx, String key, Instant when, Address where, String action, String value) {
        tx.createUpdate("""
                        INSERT INTO timer_request (timer_key, due_at, platform, workspace_id, channel_id, action, action_value)
                        VALUES (:key, :due, :platform, :workspace, :channel, :action, :value)""")
                .bind("key", key).bind("due", when)
                .bind("platform", where.platform().name()).bind("workspace", where.workspaceId()).bind("channel", where.channelId())
                .bind("action", action).bind("value", value)
                .execute();
        tx.afterCommit(relay::wake);
    }

    @Override
    public void cancel(Handle tx, String key) {
        tx.createUpdate("INSERT INTO timer_request (timer_key) VALUES (:key)").bind("key", key).execute();
        tx.afterCommit(relay::wake);
    }
}
