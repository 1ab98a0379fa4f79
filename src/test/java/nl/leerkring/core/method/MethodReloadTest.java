package nl.leerkring.core.method;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import nl.leerkring.Leerkring;
import nl.leerkring.console.ConsoleApp;
import nl.leerkring.console.ConsoleSender;
import nl.leerkring.testing.TestConfigs;
import nl.leerkring.testing.TestDatabases;
import nl.leerkring.testing.TestMethods;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A changed or new method file is picked up while the app runs; a broken one is refused and the running version stays. */
class MethodReloadTest {

    @TempDir
    Path tmp;

    static String method(String id, String... stepTitles) {
        StringBuilder yaml = new StringBuilder("""
                id: %s
                name: {nl: Proef, en: Trial}
                purpose: {nl: Proberen, en: Trying}
                source: Eigen praktijk van deze kring.
                steps:
                """.formatted(id));
        for (int i = 0; i < stepTitles.length; i++) {
            yaml.append("""
                      - id: s%d
                        title: {nl: %s, en: %s}
                        prompt: {nl: Vertel, en: Tell}
                        actor: bringer
                        input: text
                        complete: all_answered
                    """.formatted(i, stepTitles[i], stepTitles[i]));
        }
        return yaml.toString();
    }

    private static String run(Leerkring app, ConsoleSender sender, ByteArrayOutputStream bytes, PrintStream out, String... lines)
            throws Exception {
        bytes.reset();
        new ConsoleApp(app.bot(), app.delivery(), sender, out).run(new BufferedReader(new StringReader(String.join("\n", lines) + "\n")));
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aChangedFileShowsInTheNextCaseAndABrokenEditIsRefused() throws Exception {
        Path methods = TestMethods.withFile(tmp.resolve("methods"), "proef.yaml", method("proef", "Eerste stap", "Laatste stap"));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        ConsoleSender sender = new ConsoleSender(out);
        try (Leerkring app = Leerkring.create(TestConfigs.withMethods(TestConfigs.server(TestDatabases.h2(tmp)), methods),
                Clock.systemUTC()).startConsole(sender)) {
            String first = run(app, sender, bytes, out, "alice: /kring start", "alice: /kring casus proef Eerste keer");
            assertTrue(first.contains("Stap 1 van 2 — Eerste stap"), first);

            Files.writeString(methods.resolve("proef.yaml"), method("proef", "Nieuwe stap", "Eerste stap", "Laatste stap"));
            Files.writeString(methods.resolve("erbij.yaml"), method("erbij", "Stap van een nieuwe methode"));
            Thread.sleep(MethodLibrary.DEFAULT_RECHECK.toMillis() + 200);
            String second = run(app, sender, bytes, out, "alice: /kring casus proef Tweede keer", "alice: /kring casus erbij Derde keer");
            assertTrue(second.contains("Stap 1 van 3 — Nieuwe stap"), second);
            assertTrue(second.contains("Stap 1 van 1 — Stap van een nieuwe methode"), second);

            Files.writeString(methods.resolve("proef.yaml"), method("proef", "Kapotte stap").replace("actor: bringer", "actor: iedereen"));
            Thread.sleep(MethodLibrary.DEFAULT_RECHECK.toMillis() + 200);
            String third = run(app, sender, bytes, out, "alice: /kring casus proef Vierde keer");
            assertTrue(third.contains("Stap 1 van 3 — Nieuwe stap"), "the running version stays: " + third);
            assertFalse(third.contains("Kapotte stap"), third);
        }
    }

    @Test
    void theLibraryRefusesABrokenFileInOneLineAndKeepsTheRunningVersion() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("m"));
        Files.writeString(dir.resolve("proef.yaml"), method("proef", "Een"));
        MethodLibrary library = MethodLibrary.load(dir, Duration.ZERO);
        Method before = library.find("proef").orElseThrow();

        Files.writeString(dir.resolve("proef.yaml"), method("proef", "Een", "Twee").replace("prompt:", "promt:"));
        List<String> refused = library.recheck();
        assertEquals(1, refused.size(), refused.toString());
        assertTrue(refused.get(0).startsWith(dir.resolve("proef.yaml") + ", line 8 (steps[0].promt): Unrecognized field \"promt\"; "
                + "did you mean \"prompt\"?"), refused.get(0));
        assertFalse(refused.get(0).contains("\n"), "one line");
        assertEquals(before, library.find("proef").orElseThrow());
        assertEquals(List.of(), library.recheck(), "a refused file is not read again until it changes");

        Files.writeString(dir.resolve("proef.yaml"), method("proef", "Een", "Twee"));
        Files.writeString(dir.resolve("kapot.yaml"), "id: kapot\nname: {nl: Kapot\n");
        assertEquals(1, library.recheck().size(), "the new broken file is refused");
        assertEquals(2, library.find("proef").orElseThrow().stepCount(), "the fixed file is taken in");
        assertFalse(library.find("kapot").isPresent());

        Files.writeString(dir.resolve("ander.yaml"), method("ander", "Een").replace("steps:", "aliases: [proef]\nsteps:"));
        List<String> clash = library.recheck();
        assertTrue(clash.stream().anyMatch(l -> l.contains("ander.yaml") && l.contains("'proef' already names the method 'proef'")), clash.toString());
        assertFalse(library.find("ander").isPresent());

        Files.delete(dir.resolve("proef.yaml"));
        library.recheck();
        assertFalse(library.find("proef").isPresent(), "a removed file's method goes");
    }
}
