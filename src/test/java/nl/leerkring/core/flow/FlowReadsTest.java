package nl.leerkring.core.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import nl.leerkring.testing.BotHarness;
import nl.leerkring.testing.MutableClock;
import nl.leerkring.testing.TestDatabases;
import org.jdbi.v3.core.statement.SqlLogger;
import org.jdbi.v3.core.statement.SqlStatements;
import org.jdbi.v3.core.statement.StatementContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One event reads what it needs once: the members of the circle and each step's contributions
 * are read once per turn, however often the engine asks (who acts, who answered, what to show).
 */
class FlowReadsTest {

    @TempDir
    Path tmp;
    private BotHarness kring;
    private final List<String> statements = new CopyOnWriteArrayList<>();

    @BeforeEach
    void circleOfFive() {
        kring = new BotHarness(TestDatabases.h2(tmp), new MutableClock(Instant.parse("2026-11-23T09:00:00Z")))
                .circle("alice", "bob lid", "carol lid", "dave lid", "erin lid");
        kring.database().jdbi().getConfig(SqlStatements.class).setSqlLogger(new SqlLogger() {
            @Override
            public void logBeforeExecution(StatementContext context) {
                statements.add(context.getRenderedSql().replaceAll("\\s+", " "));
            }
        });
    }

    @AfterEach
    void close() {
        kring.close();
    }

    private long reads(String table) {
        return statements.stream().filter(s -> s.strip().startsWith("SELECT") && s.contains("FROM " + table)).count();
    }

    @Test
    void anAnswerThatClosesAStepReadsMembersOnceAndEachStepsContributionsOnce() {
        kring.command("alice", "casus actieleren Overdracht in het wijkteam");
        kring.deliver();
        String thread = kring.threadOf(kring.flows().newestFlow());
        statements.clear();

        kring.reply("alice", thread, "Een cliënt valt tussen twee teams in.");

        assertEquals(1, kring.flows().stepIndex(kring.flows().newestFlow()), "the answer closed step 1");
        assertEquals(1, reads("circle_member m"), "members, once: " + statements);
        assertEquals(2, reads("flow_contribution"), "the closed step's and the new step's contributions, once each: " + statements);
    }
}
