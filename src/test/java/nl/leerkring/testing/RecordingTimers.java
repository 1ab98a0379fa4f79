package nl.leerkring.testing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import nl.leerkring.chat.Address;
import nl.leerkring.chat.InboundEvent;
import nl.leerkring.core.Bot;
import nl.leerkring.core.feature.Timers;
import org.jdbi.v3.core.Handle;

/**
 * Timers for core tests: remembers what is scheduled and fires what is due when the test says
 * so. Quartz itself is tested in the end-to-end and database tests.
 */
public final class RecordingTimers implements Timers {

    public record Scheduled(String key, Instant when, Address where, String action, String value) {
    }

    private final Map<String, Scheduled> scheduled = new ConcurrentHashMap<>();

    /** Like the real timers: what a transaction sets or cancels counts once it commits. */
    @Override
    public void schedule(Handle tx, String key, Instant when, Address where, String action, String value) {
        Scheduled timer = new Scheduled(key, when, where, action, value);
        tx.afterCommit(() -> scheduled.put(key, timer));
    }

    @Override
    public void cancel(Handle tx, String key) {
        tx.afterCommit(() -> scheduled.remove(key));
    }

    public Map<String, Scheduled> scheduled() {
        return Map.copyOf(scheduled);
    }

    /** When the timer with this key is due; fails the test when there is no such timer. */
    public Instant when(String key) {
        Scheduled s = scheduled.get(key);
        if (s == null) {
            throw new AssertionError("no timer " + key + " in " + scheduled.keySet());
        }
        return s.when();
    }

    /** Hands every timer due at {@code now} to the bot, as the Quartz job would. */
    public int fireDue(Bot bot, Instant now) {
        List<Scheduled> due = new ArrayList<>(scheduled.values().stream().filter(s -> !s.when().isAfter(now)).toList());
        for (Scheduled s : due) {
            scheduled.remove(s.key());
            bot.handle(InboundEvent.scheduled("scheduled:" + s.key() + "@" + s.when().toEpochMilli(), s.where(), s.action(), s.value()));
        }
        return due.size();
    }
}
