package nl.leerkring.testing;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;

/**
 * Databases for tests: a fresh H2 file database in a temporary folder, or a fresh schema in
 * the local PostgreSQL ({@code LEERKRING_TEST_POSTGRES_URL}, default
 * {@code jdbc:postgresql://127.0.0.1:5432/test} as user {@code postgres}).
 *
 * <p>Without a reachable PostgreSQL the PostgreSQL tests are skipped with a message, except
 * under {@code CI=true}, where they fail: CI must prove both databases.
 */
public final class TestDatabases {

    public static final String POSTGRES_URL = System.getenv().getOrDefault("LEERKRING_TEST_POSTGRES_URL",
            "jdbc:postgresql://127.0.0.1:5432/test");
    public static final String POSTGRES_USER = System.getenv().getOrDefault("LEERKRING_TEST_POSTGRES_USER", "postgres");

    /** A JDBC URL with user and password, as Leerkring's configuration takes it. */
    public record TestDatabase(String url, String user, String password) {
    }

    private TestDatabases() {
    }

    public static TestDatabase h2(Path folder) {
        return new TestDatabase("jdbc:h2:file:" + folder.resolve("leerkring").toAbsolutePath(), "", "");
    }

    /** A new, empty schema in the local PostgreSQL; skips (or fails under CI) when there is none. */
    public static TestDatabase postgres() {
        String schema = "lk_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = DriverManager.getConnection(POSTGRES_URL, POSTGRES_USER, "");
             Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            String message = "PostgreSQL not reachable at " + POSTGRES_URL + " (" + e.getMessage()
                    + "): PostgreSQL tests skipped. Set LEERKRING_TEST_POSTGRES_URL to run them.";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new AssertionError("Under CI=true the PostgreSQL tests must run. " + message, e);
            }
            Assumptions.abort(message);
        }
        String separator = POSTGRES_URL.contains("?") ? "&" : "?";
        return new TestDatabase(POSTGRES_URL + separator + "currentSchema=" + schema, POSTGRES_USER, "");
    }

    /** {@code "h2"}: an H2 file database in {@code folder}; {@code "postgres"}: a fresh PostgreSQL schema. */
    public static TestDatabase of(String kind, Path folder) {
        return kind.equals("h2") ? h2(folder) : postgres();
    }

    /** Drops the schema when the database is one made by {@link #postgres()}; null and H2 are left alone. */
    public static void dropIfPostgres(TestDatabase db) {
        if (db != null && db.url().startsWith("jdbc:postgresql:")) {
            dropPostgres(db);
        }
    }

    /** Drops a schema made by {@link #postgres()}. */
    public static void dropPostgres(TestDatabase db) {
        String schema = db.url().substring(db.url().indexOf("currentSchema=") + "currentSchema=".length());
        try (Connection c = DriverManager.getConnection(POSTGRES_URL, POSTGRES_USER, "");
             Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot drop test schema " + schema, e);
        }
    }
}
