package nl.leerkring.core.method;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import nl.leerkring.chat.Choice;
import nl.leerkring.chat.Form;
import nl.leerkring.chat.OutgoingMessage;
import nl.leerkring.testing.BotHarness;
import nl.leerkring.testing.MutableClock;
import nl.leerkring.testing.TestDatabases;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every shipped method walked to its end by a circle of five over {@code Bot.handle}, in Dutch
 * and English, pressing the buttons each step actually offers rather than a script: at each step
 * every offered choice but the two that leave it is pressed (each by another of the step's
 * actors, a form it opens filled in field by field from what the form asks), the talk the step
 * asks is written in its thread, and then the step's advancing button is pressed; a prompt that
 * a press brings up (a tied vote for the bringer to decide) is answered the same way. The
 * same circle walks the method a second time holding back the answer that would close a step
 * by itself, so that its way-on button is pressed too; and a third case is ended at its first
 * step by the terminal "end the case" button, cancelled once and then confirmed. Every button
 * any step offered must have been pressed. The first walk's report must hold every step's
 * outcome: each answer, action and board item given in a step that keeps its outcome, and the
 * idea a vote chose.
 */
class GeneratedWalkTest {

    static final MethodLibrary LIBRARY = MethodLibrary.load(Path.of("config/methods"));
    static final List<String> OTHERS = List.of("bob", "carol", "dave", "erin");
    static final String NEXT = "flow.next";
    static final String END = "flow.end";
    static final String END_CONFIRM = "flow.end.confirm";
    static final String END_CANCEL = "flow.end.cancel";

    @TempDir
    Path tmp;

    static Stream<Arguments> methodsAndLanguages() {
        return LIBRARY.ids().stream().flatMap(id -> Stream.of(Arguments.of(id, "nl"), Arguments.of(id, "en")));
    }

    private BotHarness circle(MutableClock clock, String language) {
        BotHarness kring = new BotHarness(TestDatabases.h2(tmp), clock);
        kring.command("alice", "start");
        OTHERS.forEach(m -> kring.command("alice", "rol <@" + m + "> lid"));
        if (language.equals("en")) {
            kring.command("alice", "taal en");
        }
        return kring;
    }

    private static void startCase(BotHarness kring, Method method, String language) {
        if (language.equals("en")) {
            kring.command("alice", "case " + method.id() + " A case for " + method.id());
        } else {
            kring.command("alice", "casus " + method.id() + " Een casus voor " + method.id());
        }
        kring.deliver();
    }

    /** What one step gave: the texts typed into it, and for a vote the options any of which may be chosen. */
    private record Outcome(List<String> texts, List<String> voteOptions) {
    }

    @ParameterizedTest(name = "{0} ({1})")
    @MethodSource("methodsAndLanguages")
    void everyOfferedButtonIsPressedAndTheReportHoldsEveryOutcome(String id, String language) {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-23T09:00:00Z"));
        Method method = LIBRARY.find(id).orElseThrow();
        try (BotHarness kring = circle(clock, language)) {
            Set<String> offered = new LinkedHashSet<>();
            Set<String> pressed = new LinkedHashSet<>();
            // first walk: every step answered as it asks, so every outcome can reach the report
            Map<Integer, Outcome> outcomes = walk(kring, clock, method, language, true, offered, pressed);
            String report = kring.lastTitled(language.equals("en") ? "Report: " : "Verslag: ").plainText();
            for (Map.Entry<Integer, Outcome> e : outcomes.entrySet()) {
                Step s = method.step(e.getKey());
                if (!s.inReport() && s.input() != InputKind.ACTIONS) {
                    continue;
                }
                for (String text : e.getValue().texts()) {
                    assertTrue(report.contains(text), id + " (" + language + ") reports '" + text + "' of " + s.id() + ":\n" + report);
                }
                if (!e.getValue().voteOptions().isEmpty()) {
                    assertTrue(e.getValue().voteOptions().stream().anyMatch(report::contains),
                            id + " reports the chosen idea of " + s.id() + ":\n" + report);
                }
                if (s.inReport() && !(e.getValue().texts().isEmpty() && e.getValue().voteOptions().isEmpty())) {
                    assertTrue(report.contains(s.title().in(language) + ":"), id + " reports step " + s.id() + ":\n" + report);
                }
            }
            // second walk, a new case: the answer that would close a step by itself is held back, so that
            // its way on is pressed too (a step of the bringer alone closes with the bringer's answer)
            walk(kring, clock, method, language, false, offered, pressed);

            // third, a case ended at its first step by the terminal button (which no step of a walk presses)
            endEarly(kring, method, language, pressed);

            Set<String> notPressed = new LinkedHashSet<>(offered);
            notPressed.removeAll(pressed);
            notPressed.removeIf(o -> o.contains("|" + END + "|") && !o.startsWith("0|")); // the same button on every step
            assertEquals(Set.of(), notPressed, id + " (" + language + "): every button a step offered was pressed");
            assertTrue(pressed.stream().anyMatch(p -> p.contains("|" + NEXT + "|")), id + " " + pressed);
        }
    }

    /**
     * One case of {@code method} walked to its end, pressing what each step offers (added to
     * {@code offered} and {@code pressed} as step|action|label).
     *
     * @param closeByAnswers whether to give the answer that closes a step by itself (the last one
     *     missing where all answer); without it, the step is left by its way-on button
     * @return what each step gave, by step index
     */
    private static Map<Integer, Outcome> walk(BotHarness kring, MutableClock clock, Method method, String language,
                                              boolean closeByAnswers, Set<String> offered, Set<String> pressed) {
        String id = method.id();
        {
            startCase(kring, method, language);
            long flow = kring.flows().newestFlow();
            String thread = kring.threadOf(flow);
            Map<Integer, Outcome> outcomes = new LinkedHashMap<>();
            int guard = 0;

            while ("RUNNING".equals(kring.flows().status(flow))) {
                assertTrue(guard++ < 3 * method.stepCount(), id + " does not get stuck");
                int index = kring.flows().stepIndex(flow);
                Step step = method.step(index);
                OutgoingMessage shown = stepMessage(kring, index, method.stepCount());
                List<String> actors = actors(kring, flow);
                List<String> texts = new ArrayList<>();
                List<String> voteOptions = new ArrayList<>();
                Set<String> passed = new LinkedHashSet<>();
                Set<String> answered = new LinkedHashSet<>();
                shown.choices().forEach(c -> offered.add(index + "|" + c.action() + "|" + c.label()));

                // every choice that does not leave the step, each pressed by the next of the step's actors; where a
                // vote has more options than voters and closes when all voted, members who do not vote in this step
                // press the first options (the engine answers them privately and counts nothing)
                List<Choice> votes = shown.choices().stream().filter(c -> c.action().equals("flow.vote")).toList();
                List<String> bystanders = members(kring).stream().filter(u -> !actors.contains(u)).toList();
                int byBystanders = step.complete() != Completion.ALL_ANSWERED ? 0
                        : closeByAnswers ? Math.max(0, votes.size() - actors.size())
                        : Math.max(0, votes.size() - actors.size() + 1);
                assertTrue(byBystanders == 0 || !bystanders.isEmpty(), id + "/" + step.id() + ": more options than members");
                int presser = 0;
                for (Choice choice : shown.choices()) {
                    if (choice.action().equals(NEXT) || choice.action().equals(END)) {
                        continue;
                    }
                    if (!"RUNNING".equals(kring.flows().status(flow)) || kring.flows().stepIndex(flow) != index) {
                        fail(id + "/" + step.id() + " closed before '" + choice.label() + "' was pressed");
                    }
                    if (!closeByAnswers && choice.action().equals("flow.pass") && actors.size() == 1
                            && step.complete() == Completion.ALL_ANSWERED) {
                        continue; // the only actor passing closes the step: pressed in the first walk
                    }
                    int vote = votes.indexOf(choice);
                    boolean bystander = vote >= 0 && vote < byBystanders;
                    String user = bystander ? bystanders.get(vote % bystanders.size())
                            : choice.action().equals("flow.pass") ? actors.get(actors.size() - 1)
                            : actors.get(presser++ % actors.size());
                    int before = kring.outbox().size();
                    kring.press(user, choice.action(), choice.value());
                    if (bystander) {
                        pressed.add(index + "|" + choice.action() + "|" + choice.label());
                        assertEquals(index, kring.flows().stepIndex(flow), "a vote from outside the step counts nothing");
                        assertTrue(kring.last().to().isPrivate() && user.equals(kring.last().to().privateTo()),
                                "told privately: " + kring.last().plainText());
                        continue;
                    }
                    pressed.add(index + "|" + choice.action() + "|" + choice.label());
                    if (choice.action().equals("flow.pass")) {
                        passed.add(user);
                    }
                    if (choice.action().equals("flow.vote")) {
                        voteOptions.add(choice.label());
                    }
                    List<String> typed = answerWhatItAsks(kring, before, user, step, language);
                    if (!typed.isEmpty()) {
                        answered.add(user);
                        if (!choice.action().equals("flow.feedback")) {
                            texts.addAll(typed);
                        }
                    }
                }

                // the talk the step asks, in its thread; one writer left out where all answering would close it
                if (!step.hidden() && (step.input() == InputKind.TEXT || step.input() == InputKind.IDEAS)
                        && kring.flows().stepIndex(flow) == index && "RUNNING".equals(kring.flows().status(flow))) {
                    List<String> writers = new ArrayList<>(actors.stream().filter(u -> !passed.contains(u)).toList());
                    if (step.complete() == Completion.ALL_ANSWERED && (writers.size() > 1 || !closeByAnswers) && !writers.isEmpty()) {
                        writers.remove(writers.size() - 1);
                    }
                    for (int i = 0; i < writers.size(); i++) {
                        String user = step.actor() == Actor.EACH_IN_TURN ? currentTurn(kring, flow) : writers.get(i);
                        String text = step.id() + " " + language + " by " + user;
                        String sent = step.input() == InputKind.IDEAS ? text + " (1)\n" + text + " (2)" : text;
                        kring.reply(user, thread, sent);
                        texts.addAll(sent.lines().toList());
                    }
                }

                // then the button that moves on, as the case bringer; a prompt it brings up is answered
                if ("RUNNING".equals(kring.flows().status(flow)) && kring.flows().stepIndex(flow) == index) {
                    Choice next = shown.choices().stream().filter(c -> c.action().equals(NEXT)).findFirst()
                            .orElseThrow(() -> new AssertionError(id + "/" + step.id() + " offers no way on"));
                    int before = kring.outbox().size();
                    kring.press("alice", next.action(), next.value());
                    pressed.add(index + "|" + next.action() + "|" + next.label());
                    if ("RUNNING".equals(kring.flows().status(flow)) && kring.flows().stepIndex(flow) == index) {
                        Choice follow = newPrompt(kring, before).orElseThrow(() -> new AssertionError(
                                id + "/" + step.id() + " did not move on: " + kring.last().plainText()));
                        kring.press("alice", follow.action(), follow.value());
                    }
                } else {
                    assertTrue(closeByAnswers, id + "/" + step.id() + " closed though its last answer was held back");
                }
                assertTrue(!"RUNNING".equals(kring.flows().status(flow)) || kring.flows().stepIndex(flow) > index,
                        id + " moved on from step " + step.id() + ": " + kring.last().plainText());
                outcomes.put(index, new Outcome(texts, voteOptions));
            }

            assertEquals("ENDED", kring.flows().status(flow));
            return outcomes;
        }
    }

    /** A case of its own ended with the terminal button at its first step: it asks once, can be cancelled, then ends with a report. */
    private static void endEarly(BotHarness kring, Method method, String language, Set<String> pressed) {
        String id = method.id();
        startCase(kring, method, language);
        long flow = kring.flows().newestFlow();
        OutgoingMessage shown = stepMessage(kring, 0, method.stepCount());
        Choice end = shown.choices().stream().filter(c -> c.action().equals(END)).findFirst()
                .orElseThrow(() -> new AssertionError(id + " offers no end button: " + shown.choices()));

        kring.press("alice", end.action(), end.value());
        Choice cancel = only(kring.last(), END_CANCEL);
        kring.press("alice", cancel.action(), cancel.value());
        assertEquals("RUNNING", kring.flows().status(flow), "cancelled: still running");

        kring.press("alice", end.action(), end.value());
        Choice confirm = only(kring.last(), END_CONFIRM);
        kring.press("alice", confirm.action(), confirm.value());
        assertNotEquals("RUNNING", kring.flows().status(flow));
        pressed.add("0|" + END + "|" + end.label());
        String report = kring.lastTitled(language.equals("en") ? "Report: " : "Verslag: ").plainText();
        assertTrue(report.contains(method.name().in(language)), report);
    }

    private static Choice only(OutgoingMessage message, String action) {
        return message.choices().stream().filter(c -> c.action().equals(action)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + action + " on " + message.plainText() + " " + message.choices()));
    }

    private static OutgoingMessage stepMessage(BotHarness kring, int index, int count) {
        List<OutgoingMessage> all = kring.outbox();
        for (int i = all.size() - 1; i >= 0; i--) {
            OutgoingMessage m = all.get(i);
            if (m.title() != null && !m.choices().isEmpty()
                    && (m.title().startsWith("Stap " + (index + 1) + " van " + count + " ")
                    || m.title().startsWith("Step " + (index + 1) + " of " + count + " "))) {
                return m;
            }
        }
        throw new AssertionError("no open message for step " + (index + 1));
    }

    /** A new message with choices since {@code before} (a tie to decide), its first choice. */
    private static java.util.Optional<Choice> newPrompt(BotHarness kring, int before) {
        List<OutgoingMessage> all = kring.outbox();
        for (int i = all.size() - 1; i >= before; i--) {
            if (!all.get(i).choices().isEmpty() && all.get(i).form() == null) {
                return all.get(i).choices().stream().filter(c -> !c.action().equals(END)).findFirst();
            }
        }
        return java.util.Optional.empty();
    }

    /**
     * A press that opened a form for {@code user}: each field answered from what it asks (a pick
     * list by an option that is not the user where it can, a date field by a date, text by a
     * text naming the step); returns the texts typed.
     */
    private static List<String> answerWhatItAsks(BotHarness kring, int before, String user, Step step, String language) {
        List<OutgoingMessage> all = kring.outbox();
        for (int i = all.size() - 1; i >= before; i--) {
            Form form = all.get(i).form();
            if (form == null || !user.equals(all.get(i).to().privateTo())) {
                continue;
            }
            Map<String, String> answers = new LinkedHashMap<>();
            List<String> typed = new ArrayList<>();
            for (Form.FormField field : form.fields()) {
                if (!field.options().isEmpty()) {
                    answers.put(field.id(), field.options().stream().map(Choice::value).filter(v -> !v.equals(user)).findFirst()
                            .orElse(field.options().get(0).value()));
                } else if (field.id().equals("due")) {
                    answers.put(field.id(), language.equals("en") ? "2027-01-12" : "12-01-2027");
                } else {
                    String text = field.id() + " " + step.id() + " " + language + " of " + user;
                    answers.put(field.id(), text);
                    typed.add(text);
                }
            }
            kring.submit(user, form.action(), form.context(), answers);
            return typed;
        }
        return List.of();
    }

    private static List<String> actors(BotHarness kring, long flow) {
        String actors = kring.database().jdbi().withHandle(h -> h.createQuery("SELECT actors FROM flow_run WHERE id = :id")
                .bind("id", flow).mapTo(String.class).one());
        return List.of(actors.split(","));
    }

    private static List<String> members(BotHarness kring) {
        return kring.database().jdbi().withHandle(h -> h.createQuery("SELECT user_id FROM circle_member ORDER BY user_id")
                .mapTo(String.class).list());
    }

    private static String currentTurn(BotHarness kring, long flow) {
        return kring.database().jdbi().withHandle(h -> h.createQuery("SELECT actors, turn_index FROM flow_run WHERE id = :id")
                .bind("id", flow).map((rs, ctx) -> rs.getString("actors").split(",")[rs.getInt("turn_index")]).one());
    }
}
