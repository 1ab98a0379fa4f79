package nl.leerkring.schedule;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.quartz.JobBuilder;
import org.quartz.JobDataMap;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.JobPersistenceException;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves committed timer requests ({@link TransactionalTimers}) into Quartz's store, in the order
 * they were written, and deletes them. It runs right after a commit that wrote one and every
 * few seconds besides, so requests left by an instance that died between its commit and its
 * relay are moved by any instance. Relays on one database take turns under the lock row of
 * {@code timer_relay}; applying a request twice does no harm (a schedule replaces, a cancel of
 * nothing is nothing).
 */
public final class TimerRelay implements AutoCloseable {

    static final String GROUP = "timers";
    private static final Logger log = LoggerFactory.getLogger(TimerRelay.class);
    private static final int BATCH = 200;

    private final Duration sweep;
    private final AtomicBoolean queued = new AtomicBoolean();
    private volatile Jdbi jdbi;
    private volatile Scheduler quartz;
    private ScheduledExecutorService thread;

    public TimerRelay(Duration sweep) {
        this.sweep = sweep;
    }

    /** Starts relaying into a started scheduler: at once (what an earlier run left), then on wake-ups and sweeps. */
    public synchronized void start(Jdbi database, QuartzScheduler scheduler) {
        this.jdbi = database;
        this.quartz = scheduler.quartz();
        thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "leerkring-timer-relay");
            t.setDaemon(true);
            return t;
        });
        thread.scheduleWithFixedDelay(this::relayQuietly, 0, sweep.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** A transaction with timer requests committed: relay soon (several wake-ups make one run). */
    public void wake() {
        ScheduledExecutorService running = thread;
        if (running != null && queued.compareAndSet(false, true)) {
            try {
                running.execute(this::relayQuietly);
            } catch (java.util.concurrent.RejectedExecutionException closing) {
                queued.set(false); // the next start's first run relays it
            }
        }
    }

    /** Relays everything committed so far; for tests that need it done before they look. */
    public void relayNow() {
        relay();
    }

    private void relayQuietly() {
        queued.set(false);
        try {
            relay();
        } catch (RuntimeException e) {
            // the requests stay and the next sweep tries again (the database or Quartz's store was away)
            log.warn("Timer requests not relayed yet: {}", e.getMessage());
        }
    }

    private synchronized void relay() {
        while (jdbi.inTransaction(this::relayBatch) == BATCH) {
            // a full batch: there may be more
        }
    }

    private int relayBatch(Handle h) {
        h.createQuery("SELECT id FROM timer_relay WHERE id = 1 FOR UPDATE").mapTo(Integer.class).one();
        List<Request> requests = h.createQuery("""
                        SELECT seq, timer_key, due_at, platform, workspace_id, channel_id, action, action_value
                        FROM timer_request ORDER BY seq""")
                .setMaxRows(BATCH)
                .map((rs, ctx) -> {
                    OffsetDateTime due = rs.getObject("due_at", OffsetDateTime.class);
                    return new Request(rs.getLong("seq"), rs.getString("timer_key"), due == null ? null : due.toInstant(),
                            rs.getString("platform"), rs.getString("workspace_id"), rs.getString("channel_id"),
                            rs.getString("action"), rs.getString("action_value"));
                })
                .list();
        if (requests.isEmpty()) {
            return 0;
        }
        // the last request for a key is the one that counts; one Quartz call (one store
        // transaction) for the batch's schedules and one for its cancellations
        Map<String, Request> last = new LinkedHashMap<>();
        requests.forEach(r -> last.put(r.key(), r));
        Map<JobDetail, Set<? extends Trigger>> schedules = new LinkedHashMap<>();
        List<JobKey> cancels = new ArrayList<>();
        for (Request r : last.values()) {
            if (r.due() == null) {
                cancels.add(JobKey.jobKey(r.key(), GROUP));
            } else {
                schedules.put(job(r), Set.of(trigger(r)));
            }
        }
        try {
            if (!cancels.isEmpty()) {
                quartz.deleteJobs(cancels);
            }
            if (!schedules.isEmpty()) {
                quartz.scheduleJobs(schedules, true);
            }
        } catch (JobPersistenceException e) {
            throw new IllegalStateException(e.getMessage(), e); // the store is away: all stay for the next run
        } catch (SchedulerException e) {
            log.error("Timers {} refused by the scheduler and dropped: {}", last.keySet(), e.getMessage());
        }
        h.createUpdate("DELETE FROM timer_request WHERE seq IN (<seqs>)")
                .bindList("seqs", requests.stream().map(Request::seq).toList()).execute();
        return requests.size();
    }

    private static JobDetail job(Request r) {
        JobDataMap data = new JobDataMap();
        data.put(ScheduledEventJob.PLATFORM, r.platform());
        data.put(ScheduledEventJob.WORKSPACE, r.workspace());
        data.put(ScheduledEventJob.CHANNEL, r.channel());
        data.put(ScheduledEventJob.ACTION, r.action());
        data.put(ScheduledEventJob.VALUE, r.value());
        data.put(ScheduledEventJob.DUE, r.due().toEpochMilli());
        // requestRecovery: a job cut off by a crash fires again on another instance (or the next
        // start); the event's key (job and moment) makes that second firing act once.
        return JobBuilder.newJob(ScheduledEventJob.class).withIdentity(JobKey.jobKey(r.key(), GROUP)).usingJobData(data)
                .requestRecovery().build();
    }

    private static Trigger trigger(Request r) {
        return TriggerBuilder.newTrigger().withIdentity(r.key(), GROUP).forJob(JobKey.jobKey(r.key(), GROUP))
                .startAt(Date.from(r.due()))
                .withSchedule(SimpleScheduleBuilder.simpleSchedule().withMisfireHandlingInstructionFireNow())
                .build();
    }

    @Override
    public synchronized void close() {
        if (thread != null) {
            thread.shutdownNow();
            thread = null;
        }
    }

    private record Request(long seq, String key, Instant due, String platform, String workspace, String channel,
                           String action, String value) {
    }
}
