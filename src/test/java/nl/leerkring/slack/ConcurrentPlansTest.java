package nl.leerkring.slack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import nl.leerkring.testing.AtOnce;
import nl.leerkring.testing.Await;
import nl.leerkring.testing.Rows;
import nl.leerkring.testing.SlackChannel;
import nl.leerkring.testing.SlackRequests;
import nl.leerkring.testing.SlackServer;
import nl.leerkring.testing.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Fifty facilitators plan their circle's cycle at the same moment, over signed requests into
 * {@code /slack/events} on one app with its default pool: every one is acked within Slack's
 * 3 s and every plan is saved with its reminders. A plan's timers are rows in its own
 * transaction, so a command needs one connection, however many timers it sets.
 */
class ConcurrentPlansTest {

    static final int CIRCLES = 50;

    @TempDir
    Path tmp;
    private SlackServer slack;
    private TestDatabases.TestDatabase db;

    @AfterEach
    void stop() {
        if (slack != null) {
            slack.close();
        }
        TestDatabases.dropIfPostgres(db);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void fiftyPlansAtOnceAreAllAckedWithinThreeSecondsAndSaved(String database) throws Exception {
        db = TestDatabases.of(database, tmp.resolve("db"));
        slack = SlackServer.start(tmp, Clock.systemUTC(), db);
        for (int i = 0; i < CIRCLES; i++) {
            SlackChannel channel = slack.channel("C" + (5000 + i));
            channel.command("U1", "start");
            channel.command("U1", "rol <@U2> lid");
            channel.command("U1", "rol <@U3> lid");
        }

        Map<String, Duration> acked = new ConcurrentHashMap<>();
        Map<String, Integer> status = new ConcurrentHashMap<>();
        List<Callable<Object>> plans = new ArrayList<>();
        for (int i = 0; i < CIRCLES; i++) {
            String channel = "C" + (5000 + i);
            plans.add(() -> {
                long started = System.nanoTime();
                HttpResponse<String> response = slack.ack(SlackRequests.FORM,
                        SlackRequests.slashCommand(SlackChannel.TEAM, channel, "U1", "plan 12-01-2027 19:30"));
                acked.put(channel, Duration.ofNanos(System.nanoTime() - started));
                status.put(channel, response.statusCode());
                return null;
            });
        }
        AtOnce.run(plans);
        Await.handled(slack.app());

        assertEquals(CIRCLES, status.size());
        assertTrue(status.values().stream().allMatch(s -> s == 200), "every plan acked: " + status);
        Duration slowest = acked.values().stream().max(Duration::compareTo).orElseThrow();
        assertTrue(slowest.compareTo(Duration.ofSeconds(3)) < 0, "slowest ack " + slowest.toMillis() + " ms");
        assertEquals(CIRCLES, Rows.count(slack.app().database(), "SELECT COUNT(DISTINCT circle_id) FROM circle_session"),
                "every plan saved");
        assertEquals(CIRCLES * 6L, Rows.count(slack.app().database(), "SELECT COUNT(*) FROM circle_session"));
        assertEquals(0, Rows.count(slack.app().database(),
                "SELECT COUNT(*) FROM circle c WHERE NOT EXISTS (SELECT 1 FROM scheduled_reminder r"
                        + " JOIN circle_session s ON r.subject_id = s.id AND r.subject = 'SESSION' WHERE s.circle_id = c.id)"),
                "every plan has its reminders");
    }
}
