package nl.leerkring.schedule;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.quartz.Job;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.spi.JobFactory;
import org.quartz.utils.ConnectionProvider;
import org.quartz.utils.DBConnectionManager;

/**
 * Quartz with its JDBC job store in Leerkring's own database (tables from migration V2), so
 * that scheduled work survives restarts and is shared by every instance on one PostgreSQL.
 *
 * <p>Jobs are built by a {@link JobFactory} that hands them their collaborators, so job classes
 * stay plain: they read ids from their JobDataMap and call into core.
 */
public final class QuartzScheduler implements AutoCloseable {

    private final Scheduler scheduler;

    private QuartzScheduler(Scheduler scheduler) {
        this.scheduler = scheduler;
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
        p.setProperty("org.quartz.threadPool.threadCount", "4");
        p.setProperty("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
        // PostgreSQLDelegate reads BYTEA with getBytes, which H2's VARBINARY understands as well.
        p.setProperty("org.quartz.jobStore.driverDelegateClass", "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate");
        p.setProperty("org.quartz.jobStore.dataSource", dataSourceName);
        p.setProperty("org.quartz.jobStore.tablePrefix", "QRTZ_");
        p.setProperty("org.quartz.jobStore.isClustered", "true");
        p.setProperty("org.quartz.jobStore.misfireThreshold", "60000");
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
            return new QuartzScheduler(scheduler);
        } catch (SchedulerException e) {
            throw new IllegalStateException("Cannot start the scheduler: " + e.getMessage(), e);
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

    @Override
    public void close() {
        try {
            scheduler.shutdown(true);
        } catch (SchedulerException e) {
            throw new IllegalStateException(e);
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
