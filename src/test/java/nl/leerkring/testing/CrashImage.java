package nl.leerkring.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import nl.leerkring.store.Database;

/**
 * What a kill leaves of an open H2 database: its file, copied while the database runs and then
 * opened on its own (H2 recovers it as after a kill).
 */
public final class CrashImage {

    private CrashImage() {
    }

    /**
     * Copies {@code live} (an H2 file without its {@code .mv.db}) into a new folder under
     * {@code scratch}, opens the copy and returns what {@code count} counts in it.
     */
    public static long count(Path live, Path scratch, String count) {
        try {
            Path copy = Files.createTempDirectory(scratch, "killed");
            Files.copy(live.resolveSibling(live.getFileName() + ".mv.db"), copy.resolve("db.mv.db"));
            try (Database killed = Database.open("jdbc:h2:file:" + copy.resolve("db"), "", "")) {
                return killed.jdbi().withHandle(h -> h.select(count).mapTo(Long.class).one());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
