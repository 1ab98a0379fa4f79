package nl.leerkring.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.callback.BaseCallback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementExceptions;

/**
 * The one database: a connection pool, the schema migrated by Flyway, and Jdbi on top.
 *
 * <p>H2 runs in PostgreSQL mode with lower-case identifiers, so that the migrations and every
 * query run unchanged on both.
 */
public final class Database implements AutoCloseable {

    /**
     * PostgreSQL mode with lower-case names; and H2 must not close itself in its own JVM shutdown
     * hook: Leerkring's hook stops the scheduler and the delivery worker first, then the pool.
     */
    private static final String H2_OPTIONS = ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH"
            + ";DB_CLOSE_ON_EXIT=FALSE";

    /**
     * H2 writes a commit to its file up to {@code WRITE_DELAY} ms later (500 by default), so a
     * process killed just after a commit loses it. With 0 each commit is written to the file
     * before the commit returns: it survives the process dying (not a power cut: H2 does not
     * fsync every commit).
     */
    private static final int DURABLE_WRITE_DELAY_MILLIS = 0;
    private static final String H2_DURABLE = ";WRITE_DELAY=" + DURABLE_WRITE_DELAY_MILLIS;
    /** H2's own default: what the migrations of a new database are written with. */
    private static final int MIGRATION_WRITE_DELAY_MILLIS = 500;

    public static final int DEFAULT_POOL_SIZE = 10;
    public static final Duration DEFAULT_CONNECTION_TIMEOUT = Duration.ofSeconds(1);
    static final int MINIMUM_IDLE = 2;

    private final HikariDataSource dataSource;
    private final Jdbi jdbi;
    private final boolean postgres;

    private Database(HikariDataSource dataSource, boolean postgres) {
        this.dataSource = dataSource;
        this.postgres = postgres;
        this.jdbi = Jdbi.create(dataSource);
        // A failed statement's message names the statement, never its arguments (Jdbi's default
        // lists them, and they can be what people wrote); the driver's own message is the cause's.
        jdbi.getConfig(StatementExceptions.class).setMessageRendering(e -> {
            String sql = e.getStatementContext() == null ? null : e.getStatementContext().getRenderedSql();
            return "statement failed: " + (sql == null ? "(not rendered)" : sql.strip().replaceAll("\\s+", " "));
        });
    }

    /** Connects, migrates the schema to the newest version and returns the database. */
    public static Database open(String url, String user, String password) {
        return open(url, user, password, DEFAULT_POOL_SIZE, DEFAULT_CONNECTION_TIMEOUT);
    }

    /**
     * The same with a pool of {@code poolSize} connections, and a wait for a connection of at most
     * {@code connectionTimeout}: with the database unreachable a request fails that fast.
     */
    public static Database open(String url, String user, String password, int poolSize, Duration connectionTimeout) {
        if (poolSize < 1) {
            throw new IllegalArgumentException("The database pool needs at least one connection, not " + poolSize);
        }
        HikariConfig hikari = new HikariConfig();
        hikari.setJdbcUrl(withDialectOptions(url));
        if (!user.isEmpty()) {
            hikari.setUsername(user);
        }
        if (!password.isEmpty()) {
            hikari.setPassword(password);
        }
        if (url.startsWith("jdbc:postgresql:")) {
            // PostgreSQL's DETAIL quotes row values (a key violation's key); keep it out of exception messages
            hikari.addDataSourceProperty("logServerErrorDetail", "false");
        }
        hikari.setMaximumPoolSize(poolSize);
        // Connections are opened as the work asks for them (one at a time, milliseconds each) and
        // those above this number closed again after ten idle minutes: an idle server, and one
        // just started, keeps these few open rather than the whole pool.
        hikari.setMinimumIdle(Math.min(poolSize, MINIMUM_IDLE));
        hikari.setConnectionTimeout(connectionTimeout.toMillis());
        // checking a connection taken from the pool must fit in the wait for one (Hikari's minimum is 250 ms)
        hikari.setValidationTimeout(Math.max(250, connectionTimeout.toMillis() / 2));
        hikari.setPoolName("leerkring");
        HikariDataSource ds = new HikariDataSource(hikari);
        try {
            // Strictly in order: a branch whose migration number was taken meanwhile takes the next free one.
            var flyway = Flyway.configure().dataSource(ds).locations("classpath:db/migration");
            boolean batched = writesEveryCommit(url);
            if (batched) {
                flyway.callbacks(new MigrationWriteDelay());
            }
            flyway.load().migrate();
            if (batched) {
                writeEveryCommitAgain(ds);
            }
        } catch (RuntimeException e) {
            ds.close();
            throw e;
        }
        return new Database(ds, url.startsWith("jdbc:postgresql:"));
    }

    /**
     * H2 with {@link #H2_DURABLE}, ours (a write delay of the URL's own is kept): then the
     * migrations are written as H2 does by default, every {@link #MIGRATION_WRITE_DELAY_MILLIS} ms,
     * rather than at each of their commits (every statement of a schema change is one). On a new
     * database that is a fifth of the migrations' CPU. A process that dies during them leaves the
     * schema as of a moment up to that much earlier: what a death in the middle of a migration
     * leaves in any case.
     */
    private static boolean writesEveryCommit(String url) {
        return url.startsWith("jdbc:h2:") && !url.toUpperCase().contains("WRITE_DELAY=");
    }

    /** Sets the write delay on each connection Flyway takes (a new connection of the pool sets the URL's). */
    private static final class MigrationWriteDelay extends BaseCallback {
        @Override
        public boolean supports(Event event, Context context) {
            return event == Event.AFTER_CONNECT;
        }

        @Override
        public void handle(Event event, Context context) {
            try (Statement s = context.getConnection().createStatement()) {
                s.execute("SET WRITE_DELAY " + MIGRATION_WRITE_DELAY_MILLIS);
            } catch (SQLException e) {
                throw new IllegalStateException("Cannot set the database's write delay: " + e.getMessage(), e);
            }
        }
    }

    /** The migrations on disk (H2's CHECKPOINT), and every commit from here on written before it returns. */
    private static void writeEveryCommitAgain(DataSource ds) {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("CHECKPOINT");
            s.execute("SET WRITE_DELAY " + DURABLE_WRITE_DELAY_MILLIS);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot make the database write every commit: " + e.getMessage(), e);
        }
    }

    static String withDialectOptions(String url) {
        if (!url.startsWith("jdbc:h2:")) {
            return url;
        }
        // With every commit written by the committing thread, an interrupt of that thread (a worker
        // stopped mid-commit) would close a FileChannel and with it the whole database; H2's
        // async file system is not closed by interrupts.
        if (url.startsWith("jdbc:h2:file:")) {
            url = "jdbc:h2:async:" + url.substring("jdbc:h2:file:".length());
        }
        String withOptions = url.toUpperCase().contains("MODE=") ? url : url + H2_OPTIONS;
        return withOptions.toUpperCase().contains("WRITE_DELAY=") ? withOptions : withOptions + H2_DURABLE;
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public boolean isPostgres() {
        return postgres;
    }

    /** True when a connection can be had (within the pool's connection timeout) and answers within a second. */
    public boolean isHealthy() {
        try (Connection c = dataSource.getConnection()) {
            return c.isValid(1);
        } catch (SQLException | RuntimeException e) {
            return false;
        }
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
