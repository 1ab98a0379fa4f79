package nl.leerkring.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementExceptions;

/**
 * The one database: a connection pool, the schema migrated by Flyway, and Jdbi on top.
 *
 * <p>H2 runs in PostgreSQL mode with lower-case identifiers, so that the migrations and every
 * query run unchanged on both. What must survive a kill is made durable by {@link Durability}.
 */
public final class Database implements AutoCloseable {

    /**
     * PostgreSQL mode with lower-case names; and H2 must not close itself in its own JVM shutdown
     * hook: Leerkring's hook stops the scheduler and the delivery worker first, then the pool.
     */
    private static final String H2_OPTIONS = ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH"
            + ";DB_CLOSE_ON_EXIT=FALSE";

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
        if (!postgres) {
            jdbi.getConfig(Durability.class).checkpointOnEnsure();
        }
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
            Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
            Database db = new Database(ds, url.startsWith("jdbc:postgresql:"));
            // the schema on disk before anything is answered for
            db.jdbi.useHandle(Durability::ensure);
            return db;
        } catch (RuntimeException e) {
            ds.close();
            throw e;
        }
    }

    static String withDialectOptions(String url) {
        if (!url.startsWith("jdbc:h2:")) {
            return url;
        }
        // A thread that writes the file (Durability.ensure) and is interrupted meanwhile (a worker
        // stopped mid-write) would close a FileChannel and with it the whole database; H2's async
        // file system is not closed by interrupts.
        if (url.startsWith("jdbc:h2:file:")) {
            url = "jdbc:h2:async:" + url.substring("jdbc:h2:file:".length());
        }
        return url.toUpperCase().contains("MODE=") ? url : url + H2_OPTIONS;
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
