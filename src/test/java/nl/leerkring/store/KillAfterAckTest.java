package nl.leerkring.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import nl.leerkring.testing.Rows;
import nl.leerkring.testing.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Acknowledged means kept, on the default H2 file database and on PostgreSQL: the real app runs
 * as a separate JVM (the console door, on an H2 file in a temp folder or a fresh PostgreSQL
 * schema), gets ten commands that each create a circle and answers each, and is killed with
 * SIGKILL 0, 10 or 100 ms after the last answer. The database is then opened again and every
 * circle that was answered for must be there.
 *
 * <p>{@code -Dkill.h2.options=;WRITE_DELAY=60000} runs the same with a write delay of a minute:
 * then only what Leerkring makes durable reaches the file (docs/configuration.md, "Durability").
 */
class KillAfterAckTest {

    private static final int COMMANDS = 10;

    @TempDir
    Path tmp;

    private TestDatabases.TestDatabase db;

    @AfterEach
    void drop() {
        TestDatabases.dropIfPostgres(db);
    }

    @ParameterizedTest(name = "{0}: SIGKILL {1} ms after the last answer")
    @CsvSource({"h2, 0", "h2, 10", "h2, 100", "postgres, 0", "postgres, 10", "postgres, 100"})
    void everyAnsweredCommandSurvivesAKill(String kind, int killAfterMillis) throws Exception {
        db = kind.equals("h2")
                ? new TestDatabases.TestDatabase("jdbc:h2:file:" + tmp.resolve("db").toAbsolutePath()
                        + System.getProperty("kill.h2.options", ""), "", "")
                : TestDatabases.postgres();
        String url = db.url();
        Process app = start(db);
        LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = readLines(app, lines);
        List<String> answered = new ArrayList<>();
        try (Writer in = new OutputStreamWriter(app.getOutputStream(), StandardCharsets.UTF_8)) {
            for (int i = 0; i < COMMANDS; i++) {
                String channel = "kill" + i;
                in.write("u" + i + "@" + channel + ": /kring start\n");
                in.flush();
                awaitLine(lines, "[" + channel + "] Welkom bij jullie leerkring", app);
                answered.add(channel);
            }
            if (killAfterMillis > 0) {
                Thread.sleep(killAfterMillis);
            }
            app.destroyForcibly(); // SIGKILL: no shutdown hook, no H2 close
        } catch (IOException e) {
            // the pipe breaks when the killed process is gone: nothing more to write
        } finally {
            app.destroyForcibly();
            app.waitFor(30, TimeUnit.SECONDS);
            reader.join(5_000);
        }
        try (Database again = Database.open(url, db.user(), db.password())) {
            long kept = Rows.count(again, "SELECT COUNT(*) FROM circle WHERE channel_id LIKE 'kill%'");
            assertEquals(answered.size(), kept, "circles answered for: " + answered);
        }
    }

    /** {@code java -cp <the test class path> nl.leerkring.Main console} on the given database. */
    private static Process start(TestDatabases.TestDatabase db) throws IOException {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-cp", classPath, "nl.leerkring.Main", "console");
        builder.environment().put("LEERKRING_CONFIG", "does-not-exist.properties");
        builder.environment().put("DATABASE_URL", db.url());
        builder.environment().put("DATABASE_USER", db.user());
        builder.environment().put("DATABASE_PASSWORD", db.password());
        builder.environment().put("METHODS_DIR", Path.of("config/methods").toAbsolutePath().toString());
        builder.environment().put("TEMPLATES_DIR", Path.of("config/templates").toAbsolutePath().toString());
        builder.environment().remove("SLACK_BOT_TOKEN");
        builder.environment().remove("MicrosoftAppId");
        builder.redirectErrorStream(true);
        return builder.start();
    }

    private static Thread readLines(Process app, LinkedBlockingQueue<String> lines) {
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(app.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    lines.add(line);
                }
            } catch (IOException e) {
                // the process was killed
            }
        }, "kill-test-reader");
        reader.setDaemon(true);
        reader.start();
        return reader;
    }

    private static void awaitLine(LinkedBlockingQueue<String> lines, String wanted, Process app) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        List<String> seen = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            String line = lines.poll(100, TimeUnit.MILLISECONDS);
            if (line != null) {
                seen.add(line);
                if (line.contains(wanted)) {
                    return;
                }
            } else if (!app.isAlive()) {
                break;
            }
        }
        throw new AssertionError("no answer '" + wanted + "'; the app printed: " + seen);
    }
}
