package nl.leerkring.core.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import nl.leerkring.chat.OutgoingMessage;
import nl.leerkring.testing.AtOnce;
import nl.leerkring.testing.BotHarness;
import nl.leerkring.testing.MutableClock;
import nl.leerkring.testing.TestDatabases;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A running session is changed under its row lock: the facilitator and the co-host pressing
 * "Volgende onderdeel" on the same part at the same moment move the session on once, post the
 * next part once, and the second presser is told that part has moved on.
 */
class SessionRacesTest {

    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void twoPressesOfNextPartAtOnceMoveTheSessionOnOnce(String kind) throws Exception {
        var db = TestDatabases.of(kind, tmp);
        MutableClock clock = new MutableClock(Instant.parse("2027-01-04T10:00:00Z"));
        try (BotHarness kring = new BotHarness(db, clock).circle("alice", "bob lid", "carol lid", "dave lid")) {
            kring.command("alice", "plan 12-01-2027 19:30");
            clock.set(Instant.parse("2027-01-12T18:30:00Z"));
            kring.command("bob", "sessie start");
            for (int trial = 1; trial <= 3; trial++) {
                OutgoingMessage part = kring.lastTitled("Onderdeel " + trial + " van 5");
                List<Callable<Object>> presses = List.of(
                        () -> { kring.press("alice", part, "Volgende onderdeel"); return null; },
                        () -> { kring.press("bob", part, "Volgende onderdeel"); return null; });
                AtOnce.run(presses);
                int next = trial + 1;
                assertEquals(1, kring.outbox().stream().filter(m -> m.title() != null
                        && m.title().startsWith("Onderdeel " + next + " van 5")).count(), "part " + next + " posted once");
                int index = kring.database().jdbi().withHandle(h -> h.createQuery(
                        "SELECT part_index FROM circle_session WHERE number = 1").mapTo(Integer.class).one());
                assertEquals(trial, index, "moved on by one part");
            }
        } finally {
            TestDatabases.dropIfPostgres(db);
        }
    }
}
