package nl.leerkring.core.method;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nl.leerkring.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code java -jar leerkring.jar check [folder]}: one line per problem, all files, exit code 1. */
class CheckCommandTest {

    @TempDir
    Path dir;

    static final String METHOD = """
            id: %s
            name: {nl: Proef, en: Trial}
            purpose: {nl: Proberen, en: Trying}
            source: Eigen praktijk van deze kring.
            steps:
              - id: een
                title: {nl: Een, en: One}
                prompt: {nl: Zeg iets, en: Say something}
                actor: bringer
                input: ideas
                complete: all_answered
              - id: twee
                title: {nl: Twee, en: Two}
                prompt: {nl: Kies, en: Choose}
                actor: everyone
                input: vote
                options_from: een
                complete: all_answered
            """;

    static final String TEMPLATE = """
            id: %s
            name: {nl: Proef, en: Trial}
            purpose: {nl: Proberen, en: Trying}
            source: eigen praktijk
            closing_minutes: 10
            sessions:
              - title: {nl: Een, en: One}
                agenda:
                  - title: {nl: Praten, en: Talking}
                    minutes: 30
                    prompt: {nl: Praat, en: Talk}
            """;

    record Broken(String file, String content, int line, String says) {
    }

    private record Run(int code, List<String> lines) {
    }

    private Run check(Path folder) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int code = Main.check(new String[] {"check", folder.toString()}, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return new Run(code, bytes.toString(StandardCharsets.UTF_8).lines().toList());
    }

    private static String method(String id, String from, String to) {
        String text = METHOD.formatted(id);
        if (!text.contains(from)) {
            throw new IllegalArgumentException(from);
        }
        return text.replace(from, to);
    }

    @Test
    void tenBrokenFilesGiveTenOneLineProblemsWithTheirLinesAndExitOne() throws Exception {
        List<Broken> broken = List.of(
                new Broken("a-typo.yaml", method("a-typo", "prompt: {nl: Zeg", "promt: {nl: Zeg"), 8,
                        "(steps[0].promt): Unrecognized field \"promt\"; did you mean \"prompt\"?"),
                new Broken("b-actor.yaml", method("b-actor", "actor: bringer", "actor: iedereen"), 9,
                        "(steps[0].actor): unknown actor 'iedereen'; choose one of bringer, each_in_turn"),
                new Broken("c-timer.yaml", method("c-timer", "input: ideas\n", "input: ideas\n    timer: vijf minuten\n"), 11,
                        "(steps[0].timer): timer 'vijf minuten' is not a duration like 60s, 5m or 1h"),
                new Broken("d-no-timer.yaml", method("d-no-timer", "complete: all_answered\n  - id: twee", "complete: timer\n  - id: twee"), 11,
                        "(steps[0].complete): step 'een' completes on its timer but has no timer"),
                new Broken("e-vote.yaml", method("e-vote", "options_from: een", "options_from: drie"), 17,
                        "(steps[1].options_from): step 'twee' votes on 'drie', which is not an earlier step"),
                new Broken("f-name.yaml", METHOD.formatted("anders"), 1,
                        "(id): the method id 'anders' must match the file name ('f-name')"),
                new Broken("g-colon.yaml", method("g-colon", "prompt: {nl: Zeg iets, en: Say something}",
                        "prompt:\n      nl: Wat doe je: nu of later?\n      en: Now or later?"), 9,
                        "not valid YAML (mapping values are not allowed here); a text that contains ': ' must be quoted"),
                new Broken("h-missing.yaml", method("h-missing", "    prompt: {nl: Kies, en: Choose}\n", ""), 12,
                        "(steps[1]): missing 'prompt' in steps[1]; add 'prompt: …' (a text in Dutch and English, like {nl: …, en: …})"),
                new Broken("i-minutes.yaml", TEMPLATE.formatted("i-minutes").replace("minutes: 30", "minutes: vijfentwintig"), 10,
                        "(sessions[0].agenda[0].minutes): 'vijfentwintig' is not a number; write a number of minutes, for example 25"),
                new Broken("j-method.yaml", TEMPLATE.formatted("j-method").replace("minutes: 30", "minutes: 30\n        method: vliegen"), 11,
                        "(sessions[0].agenda[0].method): unknown method 'vliegen'; choose one of "));
        for (Broken b : broken) {
            Files.writeString(dir.resolve(b.file()), b.content());
        }
        Files.writeString(dir.resolve("goed.yaml"), METHOD.formatted("goed"));

        Run run = check(dir);

        assertEquals(1, run.code(), String.join("\n", run.lines()));
        List<String> problems = run.lines().stream().filter(l -> l.contains(".yaml")).toList();
        assertEquals(10, problems.size(), String.join("\n", run.lines()));
        Map<String, String> byFile = new LinkedHashMap<>();
        for (String p : problems) {
            byFile.put(Path.of(p.substring(0, p.indexOf(".yaml") + 5)).getFileName().toString(), p);
        }
        for (Broken b : broken) {
            String line = byFile.get(b.file());
            assertTrue(line != null, b.file() + " has a problem: " + run.lines());
            String at = dir.resolve(b.file()) + ", line " + b.line();
            assertTrue(line.startsWith(at + " ") || line.startsWith(at + ":"), "line " + b.line() + " expected: " + line);
            assertTrue(line.contains(b.says()), line);
            assertFalse(line.contains("Exception") || line.contains("nl.leerkring") || line.contains("\tat "), "no stack trace: " + line);
        }
        assertFalse(byFile.containsKey("goed.yaml"));
        assertEquals("check: 10 problems in 10 of 11 files", run.lines().get(run.lines().size() - 1));
    }

    @Test
    void theShippedConfigurationHasNoProblems() {
        Run run = check(Path.of("config"));
        assertEquals(0, run.code(), String.join("\n", run.lines()));
        assertEquals(List.of("check: 19 files, no problems"), run.lines());
    }

    @Test
    void aFileWithSeveralMistakesListsThemAll() throws Exception {
        Files.writeString(dir.resolve("veel.yaml"), method("veel", "actor: bringer", "actor: inbrenger\n    hiden: true")
                .replace("purpose:", "doel:"));
        Run run = check(dir);
        assertEquals(1, run.code());
        List<String> problems = run.lines().stream().filter(l -> l.contains(".yaml")).toList();
        assertEquals(4, problems.size(), String.join("\n", run.lines()));
        assertTrue(problems.get(0).contains("line 3 (doel): Unrecognized field \"doel\""), problems.get(0));
        assertTrue(problems.get(1).contains("line 9 (steps[0].actor): unknown actor 'inbrenger'"), problems.get(1));
        assertTrue(problems.get(2).contains("line 10 (steps[0].hiden): Unrecognized field \"hiden\"; did you mean \"hidden\"?"), problems.get(2));
        assertTrue(problems.get(3).contains("line 1: missing 'purpose'"), problems.get(3));
    }

    @Test
    void aMissingFolderIsAUsageError() {
        assertEquals(2, check(dir.resolve("nergens")).code());
    }
}
