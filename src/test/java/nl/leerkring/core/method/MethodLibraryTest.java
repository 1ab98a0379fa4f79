package nl.leerkring.core.method;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shipped method files, and what a broken one tells the person who wrote it. */
class MethodLibraryTest {

    static final Path SHIPPED = Path.of("config/methods");

    @Test
    void everyShippedMethodLoads() {
        MethodLibrary library = MethodLibrary.load(SHIPPED);
        assertTrue(library.ids().contains("actieleren"), library.ids().toString());
        for (Method m : library.all()) {
            assertTrue(m.source().length() > 20, m.id() + " names its source");
        }
    }

    @Test
    void actielerenHasTheNineStepsOfMethodsMd() {
        Method m = MethodLibrary.load(SHIPPED).find("actieleren").orElseThrow();
        assertEquals(List.of("casus", "reflectievraag", "antwoorden", "voorlezen", "selecteren", "dialoog",
                "samenvatten", "aanscherpen", "vervolgacties"), m.steps().stream().map(Step::id).toList());
        Step answers = m.step(2);
        assertEquals(Actor.EVERYONE, answers.actor());
        assertTrue(answers.hidden());
        assertEquals(Duration.ofMinutes(1), answers.timer());
        assertEquals(Completion.TIMER, answers.complete());
        assertEquals(Actor.PICKED, m.step(3).actor());
        assertEquals(2, m.step(3).pick());
        assertEquals(InputKind.VOTE, m.step(4).input());
        assertEquals("antwoorden", m.step(4).optionsFrom());
        assertEquals(Actor.SUMMARISER, m.step(6).actor());
        assertEquals(InputKind.ACTIONS, m.step(8).input());
    }

    /** Chat messages: a step's title fits on a line, its prompt in a sentence or two. */
    @Test
    void everyShippedMethodHasASourceShortTitlesAndShortPrompts() {
        for (Method m : MethodLibrary.load(SHIPPED).all()) {
            assertFalse(m.source().isBlank(), m.id() + " names its source");
            for (Step s : m.steps()) {
                for (String title : List.of(s.title().nl(), s.title().en())) {
                    assertTrue(title.length() <= 50, m.id() + "/" + s.id() + " title too long: " + title);
                }
                for (String prompt : List.of(s.prompt().nl(), s.prompt().en())) {
                    assertTrue(prompt.length() <= 260, m.id() + "/" + s.id() + " prompt too long: " + prompt);
                }
            }
        }
    }

    /** The steps that look back on the round show the Top/Tip buttons (METHODS.md §5). */
    @Test
    void theShippedEvaluationStepsAreMarked() {
        for (Method m : MethodLibrary.load(SHIPPED).all()) {
            List<String> evaluations = m.steps().stream().filter(Step::evaluation).map(Step::id).toList();
            List<String> expected = List.of("actieleren", "reconstructie").contains(m.id()) ? List.of() : List.of("evaluatie");
            assertEquals(expected, evaluations, m.id());
        }
    }

    private static Method shipped(String id) {
        return MethodLibrary.load(SHIPPED).find(id).orElseThrow(() -> new AssertionError("no method " + id));
    }

    private static List<String> stepIds(Method m) {
        return m.steps().stream().map(Step::id).toList();
    }

    private static Step step(Method m, String id) {
        int i = m.indexOf(id);
        assertTrue(i >= 0, m.id() + " has no step " + id);
        return m.step(i);
    }

    private static void assertStep(Step s, Actor actor, InputKind input, Completion complete) {
        assertEquals(actor, s.actor(), s.id() + " actor");
        assertEquals(input, s.input(), s.id() + " input");
        assertEquals(complete, s.complete(), s.id() + " complete");
    }

    @Test
    void intervisieIsTheGenericRoundOfMethodsMd() {
        Method m = shipped("intervisie");
        assertEquals(List.of("casus", "verhelderen", "analyse", "meenemen", "evaluatie"), stepIds(m));
        assertStep(m.step(0), Actor.BRINGER, InputKind.TEXT, Completion.ALL_ANSWERED);
        assertTrue(m.step(0).prompt().nl().contains("herkenbare details"), "the case is told without identifying details");
        // Clarifying questions go member by member; the bringer answers the last one before moving on.
        assertStep(step(m, "verhelderen"), Actor.EACH_IN_TURN, InputKind.TEXT, Completion.MOVED_ON);
        assertStep(step(m, "analyse"), Actor.EACH_IN_TURN, InputKind.TEXT, Completion.ALL_ANSWERED);
        // Intervision holds nobody to their intentions: the take-away is text, not tracked actions.
        assertStep(step(m, "meenemen"), Actor.BRINGER, InputKind.TEXT, Completion.ALL_ANSWERED);
        assertStep(step(m, "evaluatie"), Actor.ALL, InputKind.TEXT, Completion.MOVED_ON);
        assertTrue(m.source().contains("seeds/002"), m.source());
    }

    @Test
    void lerenVanSuccessenCollectsSuccessFactorsPrivatelyThenDeepens() {
        Method m = shipped("leren-van-successen");
        assertEquals(List.of("succes", "succesfactoren", "aanvullen", "verdiepen", "lessen", "herhalen", "evaluatie"), stepIds(m));
        assertStep(step(m, "succes"), Actor.BRINGER, InputKind.TEXT, Completion.ALL_ANSWERED);
        Step factors = step(m, "succesfactoren");
        assertStep(factors, Actor.EVERYONE, InputKind.IDEAS, Completion.ALL_ANSWERED);
        assertTrue(factors.hidden(), "members name factors before seeing each other's");
        assertStep(step(m, "aanvullen"), Actor.BRINGER, InputKind.TEXT, Completion.ALL_ANSWERED);
        assertStep(step(m, "verdiepen"), Actor.EACH_IN_TURN, InputKind.TEXT, Completion.MOVED_ON);
        assertStep(step(m, "lessen"), Actor.EVERYONE, InputKind.TEXT, Completion.ALL_ANSWERED);
        assertStep(step(m, "herhalen"), Actor.BRINGER, InputKind.TEXT, Completion.ALL_ANSWERED);
        assertTrue(m.source().contains("2889"), m.source());
    }

    @Test
    void roddelmethodeLetsTheBringerOnlyListenWhileTheHelpersTalk() {
        Method m = shipped("roddelmethode");
        assertEquals(List.of("vraag", "verkennen", "roddelen", "reactie", "evaluatie"), stepIds(m));
        assertStep(step(m, "vraag"), Actor.BRINGER, InputKind.TEXT, Completion.ALL_ANSWERED);
        assertStep(step(m, "verkennen"), Actor.EACH_IN_TURN, InputKind.TEXT, Completion.MOVED_ON);
        // 'everyone' is the members other than the bringer, who only reads along and says when it is enough.
        assertStep(step(m, "roddelen"), Actor.EVERYONE, InputKind.TEXT, Completion.MOVED_ON);
        assertTrue(m.indexOf("reactie") == m.indexOf("roddelen") + 1, "the bringer responds right after the gossip");
        assertStep(step(m, "reactie"), Actor.BRINGER, InputKind.TEXT, Completion.ALL_ANSWERED);
        assertStep(step(m, "evaluatie"), Actor.ALL, InputKind.TEXT, Completion.MOVED_ON);
        assertTrue(m.source().contains("2900"), m.source());
    }

    @Test
    void vijfStappenmethodeHasFiveStepsEndingInAdviceAndTheBringersEvaluation() {
        Method m = shipped("vijf-stappenmethode");
        assertEquals(List.of("vraag", "verkennen", "kern", "advies", "evaluatie"), stepIds(m));
        assertStep(step(m, "vraag"), Actor.BRINGER, InputKind.TEXT, Completion.ALL_ANSWERED);
        assertStep(step(m, "verkennen"), Actor.EACH_IN_TURN, InputKind.TEXT, Completion.MOVED_ON);
        assertStep(step(m, "kern"), Actor.EVERYONE, InputKind.TEXT, Completion.MOVED_ON);
        // Every member gives at least one piece of advice, in turn; the bringer reacts before moving on.
        assertStep(step(m, "advies"), Actor.EACH_IN_TURN, InputKind.IDEAS, Completion.MOVED_ON);
        assertStep(step(m, "evaluatie"), Actor.BRINGER, InputKind.TEXT, Completion.ALL_ANSWERED);
        assertTrue(m.source().contains("2897"), m.source());
    }

    @Test
    void reconstructieHasAKeepImproveChangeBoardAndTheCohostsSmartActions() {
        Method m = shipped("reconstructie");
        assertEquals(List.of("vorige-afspraken", "werkproces", "bord", "bespreken", "afspraken"), stepIds(m));
        assertStep(step(m, "vorige-afspraken"), Actor.ALL, InputKind.TEXT, Completion.MOVED_ON);
        assertTrue(step(m, "vorige-afspraken").prompt().nl().contains("wie heeft wat nodig van wie"));
        assertStep(step(m, "werkproces"), Actor.BRINGER, InputKind.TEXT, Completion.ALL_ANSWERED);
        Step board = step(m, "bord");
        assertStep(board, Actor.ALL, InputKind.KIC, Completion.ALL_ANSWERED);
        assertTrue(board.hidden(), "members fill the board before seeing each other's points");
        Step talk = step(m, "bespreken");
        assertStep(talk, Actor.ALL, InputKind.NONE, Completion.MOVED_ON);
        assertTrue(talk.prompt().nl().contains("hooguit drie"), "the agenda is capped");
        Step actions = step(m, "afspraken");
        assertStep(actions, Actor.COHOST, InputKind.ACTIONS, Completion.MOVED_ON);
        assertTrue(actions.prompt().nl().contains("SMART"), actions.prompt().nl());
        assertTrue(actions.prompt().nl().contains("eerste stap"), "a first step is good enough");
        assertTrue(actions.prompt().nl().contains("volgende keer co-host"), "the co-host role rotates");
        assertEquals(m.stepCount() - 1, m.indexOf("afspraken"), "the session ends with the agreements");
        assertTrue(m.source().contains("seeds/001"), m.source());
    }

    private static String errorFor(Path dir, String fileName, String yaml) throws Exception {
        Files.writeString(dir.resolve(fileName), yaml);
        return assertThrows(MethodFileException.class, () -> MethodLibrary.load(dir)).getMessage();
    }

    static final String GOOD_HEAD = """
            id: proef
            name: {nl: Proef, en: Trial}
            purpose: {nl: Proberen, en: Trying}
            source: Een bron die hier lang genoeg voor is.
            steps:
            """;

    @Test
    void anUnknownActorNamesFileLineAndTheValidChoices(@TempDir Path dir) throws Exception {
        String message = errorFor(dir, "proef.yaml", GOOD_HEAD + """
                  - id: een
                    title: {nl: Een, en: One}
                    prompt: {nl: Zeg iets, en: Say something}
                    actor: iedereen
                    input: text
                    complete: all_answered
                """);
        assertTrue(message.contains("proef.yaml"), message);
        assertTrue(message.contains("line 9"), message);
        assertTrue(message.contains("unknown actor 'iedereen'"), message);
        assertTrue(message.contains("each_in_turn"), message);
    }

    @Test
    void aTimerStepWithoutTimerIsRefused(@TempDir Path dir) throws Exception {
        String message = errorFor(dir, "proef.yaml", GOOD_HEAD + """
                  - id: snel
                    title: {nl: Snel, en: Quick}
                    prompt: {nl: Schrijf, en: Write}
                    actor: everyone
                    input: ideas
                    complete: timer
                """);
        assertTrue(message.contains("completes on its timer but has no timer"), message);
        assertTrue(message.contains("steps[0]"), message);
        assertTrue(message.matches("(?s).*line \\d+.*"), message);
    }

    @Test
    void aMissingFieldAndAHalfTranslatedTextAreNamed(@TempDir Path dir) throws Exception {
        String misspelled = errorFor(dir, "proef.yaml", GOOD_HEAD + """
                  - id: een
                    titel: {nl: Een, en: One}
                """);
        assertTrue(misspelled.contains("line 7 (steps[0].titel): Unrecognized field \"titel\"; did you mean \"title\"?"), misspelled);
        assertTrue(misspelled.contains("(and 4 more in this file)"), "prompt, actor, input and complete are missing too: " + misspelled);

        Files.delete(dir.resolve("proef.yaml"));
        String halfTranslated = errorFor(dir, "proef.yaml", GOOD_HEAD.replace("en: Trial", "en: ''") + "  []\n");
        assertTrue(halfTranslated.contains("both 'nl' and 'en'"), halfTranslated);
        assertTrue(halfTranslated.contains("line 2"), halfTranslated);
    }

    @Test
    void aVoteMustReferToAnEarlierIdeasStep(@TempDir Path dir) throws Exception {
        String message = errorFor(dir, "proef.yaml", GOOD_HEAD + """
                  - id: kies
                    title: {nl: Kies, en: Choose}
                    prompt: {nl: Kies, en: Choose}
                    actor: everyone
                    input: vote
                    options_from: later
                    complete: all_answered
                """);
        assertTrue(message.contains("votes on 'later', which is not an earlier step"), message);
    }

    @Test
    void brokenYamlAndAWrongFileNameAreNamed(@TempDir Path dir) throws Exception {
        String syntax = errorFor(dir, "proef.yaml", "id: proef\nname: {nl: Proef, en: Trial\n");
        assertTrue(syntax.contains("proef.yaml, line"), syntax);

        Files.delete(dir.resolve("proef.yaml"));
        String wrongName = errorFor(dir, "andere.yaml", GOOD_HEAD + """
                  - id: een
                    title: {nl: Een, en: One}
                    prompt: {nl: Zeg iets, en: Say something}
                    actor: bringer
                    input: text
                    complete: all_answered
                """);
        assertTrue(wrongName.contains("must match the file name"), wrongName);
    }
}
