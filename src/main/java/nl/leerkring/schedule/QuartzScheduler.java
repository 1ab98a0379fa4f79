package nl.leerkring.schedule;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Map;
import java.util.Set;
import java.util.TimeZone;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.quartz.CronScheduleBuilder;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobKey;
import org.quartz.SchedulerConfigException;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.TriggerBuilder;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.spi.JobFactory;
import org.quartz.spi.ThreadPool;
import org.quartz.utils.ConnectionProvider;
import org.quartz.utils.DBConnectionManager;
import org.slf4j.LoggerFactory;

/**
 * Quartz with its JDBC job store in Leerkring's own database (tables from migration V2), so
 * that scheduled work survives restarts and is shared by every instance on one PostgreSQL.
 *
 * <p>Jobs are built by a {@link JobFactory} that hands them their collaborators, so job classes
 * stay plain: they read ids from their JobDataMap and call into core.
 */
public final class QuartzScheduler implements AutoCloseable {

    /** Jobs run at once; each runs one turn of the bot. */
    static final int THREADS = 8;

    private final Scheduler scheduler;
    private final DataSource dataSource;

    private QuartzScheduler(Scheduler scheduler, DataSource dataSource) {
        this.scheduler = scheduler;
        this.dataSource = dataSource;
    }

    /**
     * Starts a scheduler.
     *
     * @param name the scheduler name; instances sharing a database and name form one cluster
     * @param jobs how to build each job class
     */
    public static QuartzScheduler start(DataSource dataSource, String name, Map<Class<? extends Job>, Supplier<Job>> jobs) {
        // Quartz looks data sources up by name in a JVM-wide registry; a unique name keeps two
        // Leerkring instances in one JVM (tests) apart.
        String dataSourceName = "leerkring-" + UUID.randomUUID();
        DBConnectionManager.getInstance().addConnectionProvider(dataSourceName, new PooledConnections(dataSource));

        Properties p = new Properties();
        p.setProperty(StdSchedulerFactory.PROP_SCHED_INSTANCE_NAME, name);
        p.setProperty(StdSchedulerFactory.PROP_SCHED_INSTANCE_ID, "AUTO");
        p.setProperty("org.quartz.threadPool.class", IdleEndingThreads.class.getName());
        p.setProperty("org.quartz.threadPool.threadCount", Integer.toString(THREADS));
        // A burst of timers (a thousand reminders at nine o'clock) is taken from the store in
        // batches, under the store's lock (which batches need), and its misfires, once it runs
        // late, a hundred at a time: one trigger at a time it went at about 9 a second.
        p.setProperty("org.quartz.scheduler.batchTriggerAcquisitionMaxCount", Integer.toString(THREADS));
        p.setProperty("org.quartz.jobStore.acquireTriggersWithinLock", "true");
        p.setProperty("org.quartz.jobStore.maxMisfiresToHandleAtATime", "100");
        p.setProperty("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
        // PostgreSQLDelegate reads BYTEA with getBytes, which H2's VARBINARY understands as well.
        p.setProperty("org.quartz.jobStore.driverDelegateClass", "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate");
        p.setProperty("org.quartz.jobStore.dataSource", dataSourceName);
        p.setProperty("org.quartz.jobStore.tablePrefix", "QRTZ_");
        p.setProperty("org.quartz.jobStore.isClustered", "true");
        // A timer later than this counts as misfired and is rewritten (a few statements each, under
        // the store's lock) before it fires; in a burst that runs a minute behind, that rewriting
        // held up the firing. A timer missed while every server was down is later than this.
        p.setProperty("org.quartz.jobStore.misfireThreshold", "600000");
        try {
            StdSchedulerFactory factory = new StdSchedulerFactory(p);
            Scheduler scheduler = factory.getScheduler();
            scheduler.setJobFactory((bundle, s) -> {
                Supplier<Job> supplier = jobs.get(bundle.getJobDetail().getJobClass());
                if (supplier == null) {
                    throw new SchedulerException("No factory for job " + bundle.getJobDetail().getJobClass().getName());
                }
                return supplier.get();
            });
            scheduler.start();
            return new QuartzScheduler(scheduler, dataSource);
        } catch (SchedulerException e) {
            throw new IllegalStateException("Cannot start the scheduler: " + e.getMessage(), e);
        }
    }

    /**
     * A job at a local time on some days of the week, in a zone. Written on every start
     * (replacing what the store held under its name), so a changed time or job class applies.
     */
    public void daily(String name, JobBuilder job, LocalTime at, Set<DayOfWeek> days, ZoneId zone) {
        JobKey key = JobKey.jobKey(name, "leerkring");
        Integer[] quartzDays = days.stream().map(d -> d.getValue() % 7 + 1).sorted().toArray(Integer[]::new);
        try {
            scheduler.scheduleJob(job.withIdentity(key).build(), Set.of(TriggerBuilder.newTrigger()
                    .withIdentity(name, "leerkring")
                    .withSchedule(CronScheduleBuilder.atHourAndMinuteOnGivenDaysOfWeek(at.getHour(), at.getMinute(), quartzDays)
                            .inTimeZone(TimeZone.getTimeZone(zone)))
                    .build()), true);
        } catch (SchedulerException e) {
            throw new IllegalStateException("Cannot schedule " + name + ": " + e.getMessage(), e);
        }
    }

    public Scheduler quartz() {
        return scheduler;
    }

    public boolean isHealthy() {
        try {
            return scheduler.isStarted() && !scheduler.isShutdown() && !scheduler.isInStandbyMode();
        } catch (SchedulerException e) {
            return false;
        }
    }

    /** Stops after the running jobs, and hands back the triggers it had taken ahead of time. */
    @Override
    public void close() {
        try {
            String name = scheduler.getSchedulerName();
            String instance = scheduler.getSchedulerInstanceId();
            scheduler.shutdown(true);
            releaseAcquiredTriggers(name, instance);
        } catch (SchedulerException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Quartz takes the triggers due within its idle wait (30 s) ahead of time (state ACQUIRED, with
     * a row in QRTZ_FIRED_TRIGGERS) and does not give them back when it shuts down. In a cluster
     * only the recovery of this instance by a live one frees them, and that waits until this
     * instance's check-in is some 15 s old: a server restarted shortly before a step timer was
     * due fired it that much late. So a clean stop does what that recovery would do, at once:
     * the triggers back to WAITING, and this instance out of the cluster's table.
     */
    private void releaseAcquiredTriggers(String name, String instance) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement waiting = c.prepareStatement("""
                         UPDATE QRTZ_TRIGGERS t SET TRIGGER_STATE = 'WAITING'
                         WHERE t.SCHED_NAME = ? AND t.TRIGGER_STATE = 'ACQUIRED'
                           AND EXISTS (SELECT 1 FROM QRTZ_FIRED_TRIGGERS f
                                       WHERE f.SCHED_NAME = t.SCHED_NAME AND f.TRIGGER_NAME = t.TRIGGER_NAME
                                         AND f.TRIGGER_GROUP = t.TRIGGER_GROUP AND f.INSTANCE_NAME = ? AND f.STATE = 'ACQUIRED')""");
                 PreparedStatement fired = c.prepareStatement(
                         "DELETE FROM QRTZ_FIRED_TRIGGERS WHERE SCHED_NAME = ? AND INSTANCE_NAME = ? AND STATE = 'ACQUIRED'");
                 PreparedStatement state = c.prepareStatement(
                         "DELETE FROM QRTZ_SCHEDULER_STATE WHERE SCHED_NAME = ? AND INSTANCE_NAME = ?")) {
                for (PreparedStatement statement : new PreparedStatement[] {waiting, fired, state}) {
                    statement.setString(1, name);
                    statement.setString(2, instance);
                    statement.executeUpdate();
                }
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            // not fatal: another instance (or the next start) recovers them, only later
            LoggerFactory.getLogger(QuartzScheduler.class).warn("Could not hand back the scheduler's acquired triggers", e);
        }
    }

    /**
     * Quartz's job threads, at most {@code threadCount} at once, started when a job comes and
     * ended after {@link #IDLE} without one: Quartz's own pool keeps all of them from the start,
     * and most days a server runs no job for hours. Built by Quartz from its properties.
     */
    public static final class IdleEndingThreads implements ThreadPool {

        static final Duration IDLE = Duration.ofSeconds(60);

        private int threadCount = THREADS;
        private String instanceName = "QuartzScheduler";
        private ThreadPoolExecutor executor;
        /** Jobs handed over and not yet finished; never more than {@code threadCount}. */
        private int busy;
        private boolean shutDown;

        public void setThreadCount(int threadCount) {
            this.threadCount = threadCount;
        }

        @Override
        public void setInstanceName(String instanceName) {
            this.instanceName = instanceName;
        }

        @Override
        public void setInstanceId(String instanceId) {
            // the threads are named after the scheduler, as Quartz names its own
        }

        @Override
        public void initialize() throws SchedulerConfigException {
            if (threadCount < 1) {
                throw new SchedulerConfigException("Quartz needs at least one job thread, not " + threadCount);
            }
            AtomicInteger made = new AtomicInteger();
            // as many core threads as jobs at once, each ending when idle: a job never waits in the queue
            executor = new ThreadPoolExecutor(threadCount, threadCount, IDLE.toMillis(), TimeUnit.MILLISECONDS,
                    new LinkedBlockingQueue<>(), job -> {
                        Thread thread = new Thread(job, instanceName + "_Worker-" + made.incrementAndGet());
                        thread.setDaemon(false);
                        return thread;
                    });
            executor.allowCoreThreadTimeOut(true);
        }

        @Override
        public int getPoolSize() {
            return threadCount;
        }

        /** Waits until a thread is free (or the pool shuts down) and says how many are. */
        @Override
        public synchronized int blockForAvailableThreads() {
            while (busy >= threadCount && !shutDown) {
                try {
                    wait(500);
                } catch (InterruptedException ignored) {
                    // as Quartz's own pool: its scheduler thread is stopped by a flag, not an interrupt
                }
            }
            return shutDown ? 0 : threadCount - busy;
        }

        @Override
        public boolean runInThread(Runnable job) {
            synchronized (this) {
                if (blockForAvailableThreads() == 0) {
                    return false;
                }
                busy++;
            }
            try {
                executor.execute(() -> {
                    try {
                        job.run();
                    } finally {
                        finished();
                    }
                });
                return true;
            } catch (RejectedExecutionException e) {
                finished();
                return false;
            }
        }

        private synchronized void finished() {
            busy--;
            notifyAll();
        }

        @Override
        public void shutdown(boolean waitForJobsToComplete) {
            synchronized (this) {
                shutDown = true;
                notifyAll();
            }
            executor.shutdown();
            if (waitForJobsToComplete) {
                try {
                    executor.awaitTermination(Long.MAX_VALUE, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    /** Hands Quartz connections from Leerkring's own pool. */
    private record PooledConnections(DataSource dataSource) implements ConnectionProvider {
        @Override
        public Connection getConnection() throws SQLException {
            return dataSource.getConnection();
        }

        @Override
        public void shutdown() {
            // the pool belongs to Leerkring's Database and is closed there
        }

        @Override
        public void initialize() {
        }
    }
}
