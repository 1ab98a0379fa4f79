package nl.leerkring.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import nl.leerkring.testing.AtOnce;
import nl.leerkring.testing.Rows;
import nl.leerkring.testing.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Writes from many threads share commits; one that fails takes nothing of the others with it. */
class GroupCommitTest {

    @TempDir
    Path tmp;

    private TestDatabases.TestDatabase db;
    private Database database;
    private GroupCommit commits;

    @AfterEach
    void close() {
        if (commits != null) {
            commits.close();
        }
        if (database != null) {
            database.close();
        }
        TestDatabases.dropIfPostgres(db);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void fiftyWritersAtOnceAreAllCommittedAndAFailingOneAlone(String kind) throws Exception {
        db = kind.equals("h2") ? TestDatabases.h2(tmp) : TestDatabases.postgres();
        database = Database.open(db.url(), db.user(), db.password());
        commits = new GroupCommit(database.jdbi(), "test");
        Map<Integer, Object> outcome = new ConcurrentHashMap<>();
        List<Callable<Object>> writers = new ArrayList<>();
        for (int i = 0; i < 51; i++) {
            int n = i;
            writers.add(() -> {
                try {
                    outcome.put(n, commits.write(h -> {
                        h.createUpdate("INSERT INTO installation_secret (name, secret) VALUES (:name, 'x')")
                                .bind("name", n == 50 ? "w0" : "w" + n) // the last one collides with the first
                                .execute();
                        return "written " + n;
                    }, Duration.ofSeconds(10)));
                } catch (RuntimeException e) {
                    outcome.put(n, e);
                }
                return null;
            });
        }
        AtOnce.run(writers);

        long failed = outcome.values().stream().filter(o -> o instanceof RuntimeException).count();
        assertEquals(1, failed, "only one of the two writes of w0 fails: " + outcome);
        assertEquals(50, Rows.count(database, "SELECT COUNT(*) FROM installation_secret WHERE name LIKE 'w%'"));
        assertTrue(outcome.entrySet().stream().filter(e -> !(e.getValue() instanceof RuntimeException))
                .allMatch(e -> e.getValue().equals("written " + e.getKey())), "each gets its own result");
    }

    @org.junit.jupiter.api.Test
    void aClosedGroupRefusesAtOnce() {
        db = TestDatabases.h2(tmp);
        database = Database.open(db.url(), db.user(), db.password());
        commits = new GroupCommit(database.jdbi(), "test");
        commits.close();
        assertThrows(GroupCommit.NotCommitted.class, () -> commits.write(h -> 1, Duration.ofSeconds(1)));
    }
}
