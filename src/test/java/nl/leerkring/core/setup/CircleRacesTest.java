package nl.leerkring.core.setup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import nl.leerkring.testing.AtOnce;
import nl.leerkring.testing.BotHarness;
import nl.leerkring.testing.Rows;
import nl.leerkring.testing.TestDatabases;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Decisions about a circle's members made at the same moment hold on both databases. */
class CircleRacesTest {

    @TempDir
    Path tmp;

    /** Each user's command, at the same moment, each as its own event. */
    private static void atOnce(BotHarness kring, List<String[]> userAndCommand) throws Exception {
        AtOnce.run(userAndCommand.stream().map(c -> (java.util.concurrent.Callable<Boolean>) () -> kring.command(c[0], c[1]))
                .toList());
    }

    private static long facilitators(BotHarness kring) {
        return Rows.count(kring.database(), "SELECT COUNT(*) FROM circle_member WHERE role = 'FACILITATOR'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void twoFacilitatorsDemotingEachOtherAtOnceLeaveOne(String kind) throws Exception {
        var db = TestDatabases.of(kind, tmp);
        try (BotHarness kring = new BotHarness(db, Clock.systemUTC()).circle("alice", "bob begeleider")) {
            for (int trial = 0; trial < 10; trial++) {
                assertEquals(2, facilitators(kring));
                atOnce(kring, List.of(new String[] {"alice", "rol <@bob> lid"}, new String[] {"bob", "rol <@alice> lid"}));
                assertEquals(1, facilitators(kring), "trial " + trial + ": a circle keeps one facilitator");
                String left = Rows.one(kring.database(), String.class,
                        "SELECT user_id FROM circle_member WHERE role = 'FACILITATOR'");
                kring.command(left, "rol <@" + (left.equals("alice") ? "bob" : "alice") + "> begeleider");
            }
        } finally {
            TestDatabases.dropIfPostgres(db);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void twentyRolesGivenToOneUserAtOnceAreTwentyAnswersAndOneMembership(String kind) throws Exception {
        var db = TestDatabases.of(kind, tmp);
        try (BotHarness kring = new BotHarness(db, Clock.systemUTC()).circle("alice")) {
            List<String[]> commands = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                commands.add(new String[] {"alice", "rol <@carol> " + (i % 2 == 0 ? "lid" : "cohost")});
            }
            atOnce(kring, commands);
            assertEquals(1L, Rows.count(kring.database(), "SELECT COUNT(*) FROM circle_member WHERE user_id = 'carol'"));
            String internalError = BotHarness.text("error.internal", "").substring(0, 25);
            assertTrue(kring.outbox().stream().noneMatch(m -> m.text().startsWith(internalError)), "no internal error");
            assertEquals(20, kring.outbox().stream().filter(m -> m.text().contains("<@carol>")).count(), "each is answered");
        } finally {
            TestDatabases.dropIfPostgres(db);
        }
    }
}
