package nl.leerkring.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;

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

    private final HikariDataSource dataSource;
    private final Jdbi jdbi;
    private final boolean postgres;

    private Database(HikariDataSource dataSource, boolean postgres) {
        this.dataSource = dataSource;
        this.postgres = postgres;
        this.jdbi = Jdbi.create(dataSource);
    }

    /** Connects, migrates the schema to the newest version and returns the database. */
    public static Database open(String url, String user, String password) {
        HikariConfig hikari = new HikariConfig();
        hikari.setJdbcUrl(withDialectOptions(url));
        if (!user.isEmpty()) {
            hikari.setUsername(user);
        }
        if (!password.isEmpty()) {
            hikari.setPassword(password);
        }
        hikari.setMaximumPoolSize(10);
        hikari.setPoolName("leerkring");
        HikariDataSource ds = new HikariDataSource(hikari);
        try {
            // Strictly in order: a branch whose migration number was taken meanwhile takes the next free one.
            Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
        } catch (RuntimeException e) {
            ds.close();
            throw e;
        }
        return new Database(ds, url.startsWith("jdbc:postgresql:"));
    }

    static String withDialectOptions(String url) {
        if (url.startsWith("jdbc:h2:") && !url.toUpperCase().contains("MODE=")) {
            return url + H2_OPTIONS;
        }
        return url;
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

    /** True when a connection can be had and answers within two seconds. */
    public boolean isHealthy() {
        try (Connection c = dataSource.getConnection()) {
            return c.isValid(2);
        } catch (SQLException | RuntimeException e) {
            return false;
        }
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
