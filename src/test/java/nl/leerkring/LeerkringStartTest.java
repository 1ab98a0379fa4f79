package nl.leerkring;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import nl.leerkring.store.Database;
import nl.leerkring.testing.Await;
import nl.leerkring.testing.TestConfigs;
import nl.leerkring.testing.TestDatabases;
import nl.leerkring.testing.TestMethods;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Start-up reads the method files while the database opens; a broken file still stops it cleanly. */
class LeerkringStartTest {

    @TempDir
    Path tmp;

    @Test
    void aBrokenMethodFileStopsStartUpWithItsProblemAndLeavesNoConnectionOpen() throws IOException {
        Path methods = TestMethods.copy(tmp.resolve("methods"));
        Path file = methods.resolve("actieleren.yaml");
        Files.writeString(file, Files.readString(file, StandardCharsets.UTF_8).replaceFirst("\nsteps:", "\nstappen:"),
                StandardCharsets.UTF_8);
        TestDatabases.TestDatabase db = TestDatabases.h2(tmp.resolve("db"));

        RuntimeException refused = assertThrows(RuntimeException.class,
                () -> Leerkring.create(TestConfigs.withMethods(TestConfigs.server(db), methods), Clock.systemUTC()));
        assertTrue(refused.getMessage().contains("actieleren.yaml") && refused.getMessage().contains("stappen"),
                refused.getMessage());

        // the pool opened meanwhile was closed again: the database's only sessions are a new pool's
        try (Database again = Database.open(db.url(), db.user(), db.password(), 2, Database.DEFAULT_CONNECTION_TIMEOUT)) {
            HikariPoolMXBean pool = ((HikariDataSource) again.dataSource()).getHikariPoolMXBean();
            Await.until(() -> sessions(again) == pool.getTotalConnections(), () -> sessions(again) + " sessions in the database, "
                    + pool.getTotalConnections() + " of them the new pool's");
        }
    }

    private static int sessions(Database db) {
        return db.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM information_schema.sessions").mapTo(Integer.class).one());
    }
}
