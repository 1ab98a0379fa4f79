package nl.leerkring.core.privacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nl.leerkring.store.Database;
import nl.leerkring.testing.TestDatabases;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The data inventory in docs/privacy.md lists every column of every table after the last
 * migration, and nothing that is gone. Quartz's {@code qrtz_*} tables are its scheduler's store
 * (described there in prose, not column by column: they are Quartz's schema, not ours), and
 * {@code flyway_schema_history} holds only which migrations ran. Checked on H2 and on PostgreSQL.
 */
class PrivacyInventoryTest {

    private static final Pattern TABLE = Pattern.compile("^### `([a-z_]+)`\\s*$");
    private static final Pattern COLUMN = Pattern.compile("^\\| `([a-z_]+)` \\|");

    @TempDir
    Path tmp;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgres"})
    void everyColumnOfTheSchemaIsInTheInventoryAndNoMore(String kind) throws IOException {
        Set<String> documented = new TreeSet<>();
        String table = null;
        for (String line : Files.readAllLines(Path.of("docs/privacy.md"))) {
            Matcher t = TABLE.matcher(line);
            Matcher c = COLUMN.matcher(line);
            if (t.matches()) {
                table = t.group(1);
            } else if (line.startsWith("## ")) {
                table = null;
            } else if (table != null && c.find()) {
                documented.add(table + "." + c.group(1));
            }
        }
        assertTrue(documented.size() > 50, "the inventory was read: " + documented);

        TestDatabases.TestDatabase db = TestDatabases.of(kind, tmp);
        Set<String> schema = new TreeSet<>();
        try (Database database = Database.open(db.url(), db.user(), db.password())) {
            schema.addAll(database.jdbi().withHandle(h -> h.createQuery("""
                            SELECT LOWER(table_name) || '.' || LOWER(column_name) FROM information_schema.columns
                            WHERE table_schema = CURRENT_SCHEMA
                              AND LOWER(table_name) NOT LIKE 'qrtz\\_%' AND LOWER(table_name) <> 'flyway_schema_history'""")
                    .mapTo(String.class).list()));
        } finally {
            TestDatabases.dropIfPostgres(db);
        }
        Set<String> missing = new TreeSet<>(schema);
        missing.removeAll(documented);
        Set<String> gone = new TreeSet<>(documented);
        gone.removeAll(schema);
        assertEquals(Set.of(), missing, "columns the inventory in docs/privacy.md does not list");
        assertEquals(Set.of(), gone, "columns the inventory lists that the schema no longer has");
    }
}
