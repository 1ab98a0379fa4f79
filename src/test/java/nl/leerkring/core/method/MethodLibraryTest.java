package nl.leerkring.core.method;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
        assertTrue(misspelled.contains("missing 'title'"), misspelled);
        assertTrue(misspelled.contains("(steps[0].title)"), misspelled);
        assertTrue(misspelled.contains("line 8"), misspelled);

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
