package nl.leerkring.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A new H2 database is migrated with H2's write delay, and then writes every commit before it returns. */
class DatabaseWriteDelayTest {

    @Test
    void afterTheMigrationsEveryCommitIsWrittenAgain(@TempDir Path dir) throws SQLException {
        try (Database db = Database.open("jdbc:h2:file:" + dir.resolve("db"), "", "")) {
            assertEquals("0", writeDelay(db));
            int migrated = db.jdbi().withHandle(h -> h.select("SELECT COUNT(*) FROM flyway_schema_history WHERE version = '1'")
                    .mapTo(Integer.class).one());
            assertEquals(1, migrated);
        }
    }

    @Test
    void aWriteDelayOfTheUrlsOwnIsKept(@TempDir Path dir) throws SQLException {
        try (Database db = Database.open("jdbc:h2:file:" + dir.resolve("db") + ";WRITE_DELAY=200", "", "")) {
            assertEquals("200", writeDelay(db));
        }
    }

    private static String writeDelay(Database db) throws SQLException {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = 'WRITE_DELAY'")) {
            r.next();
            return r.getString(1);
        }
    }
}
