package nl.leerkring.core.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import nl.leerkring.testing.AtOnce;
import nl.leerkring.testing.BotHarness;
import nl.leerkring.testing.TestDatabases;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/** What happens to one case at the same moment happens once, on both databases. */
class FlowRacesTest {

    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void twoPressesOfNextStepAtOnceAdvanceOnce(String kind) throws Exception {
        var db = TestDatabases.of(kind, tmp);
        try (BotHarness kring = new BotHarness(db, Clock.systemUTC()).circle("alice", "bob lid", "carol lid")) {
            for (int trial = 0; trial < 5; trial++) {
                kring.command("alice", "casus actieleren Race " + trial);
                long flow = kring.flows().newestFlow();
                String value = flow + ":0";
                AtOnce.run(List.<Callable<Boolean>>of(() -> kring.press("alice", "flow.next", value),
                        () -> kring.press("alice", "flow.next", value)));
                assertEquals(1, kring.flows().stepIndex(flow), "trial " + trial + ": one step on");
                long posted = kring.outbox().stream().filter(m -> m.title() != null && m.title().startsWith("Stap 2 van 9")
                        && ("flow:" + flow).equals(m.threadAnchor())).count();
                assertEquals(1, posted, "trial " + trial + ": step 2 posted once");
                kring.press("alice", "flow.end", String.valueOf(flow));
                kring.pressLabelled("alice", "Ja, beëindigen");
            }
        } finally {
            TestDatabases.dropIfPostgres(db);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void twentyMembersAnsweringAHiddenStepAtOnceCompleteItOnce(String kind) throws Exception {
        var db = TestDatabases.of(kind, tmp);
        List<String> members = new ArrayList<>();
        for (int i = 1; i <= 20; i++) {
            members.add(String.format("m%02d", i));
        }
        try (BotHarness kring = new BotHarness(db, Clock.systemUTC())
                .circle("alice", members.stream().map(m -> m + " lid").toArray(String[]::new))) {
            kring.command("alice", "casus leren-van-successen Samen");
            long flow = kring.flows().newestFlow();
            kring.command("alice", "antwoord De overdracht ging soepel.");
            assertEquals(1, kring.flows().stepIndex(flow), "the hidden step runs");
            List<Callable<Boolean>> answers = new ArrayList<>();
            for (String m : members) {
                answers.add(() -> kring.command(m, "antwoord Idee van " + m));
            }
            AtOnce.run(answers);
            assertEquals(2, kring.flows().stepIndex(flow), "everyone answered: the step closed");
            assertEquals(1, kring.outbox().stream().filter(m -> m.title() != null && m.title().startsWith("De antwoorden (20)"))
                    .count(), "revealed once, with all twenty");
            assertEquals(1, kring.outbox().stream().filter(m -> m.title() != null && m.title().startsWith("Stap 3 van"))
                    .count(), "the next step posted once");
        } finally {
            TestDatabases.dropIfPostgres(db);
        }
    }
}
