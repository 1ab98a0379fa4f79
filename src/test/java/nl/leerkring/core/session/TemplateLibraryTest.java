package nl.leerkring.core.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import nl.leerkring.core.method.MethodLibrary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shipped templates load, and a broken template file stops start-up naming its file, line and problem. */
class TemplateLibraryTest {

    static final MethodLibrary METHODS = MethodLibrary.load(Path.of("config/methods"));

    @TempDir
    Path dir;

    @Test
    void theShippedTemplatesLoad() {
        TemplateLibrary templates = TemplateLibrary.load(Path.of("config/templates"), METHODS);
        assertEquals(List.of("leergroep", "reconstructie"), templates.ids());
        SessionTemplate leergroep = templates.find("leergroep").orElseThrow();
        assertEquals(6, leergroep.sessions().size());
        for (int n = 1; n <= 6; n++) {
            assertEquals(120, leergroep.session(n).minutes() + leergroep.closingMinutes(), "session " + n + " takes two hours");
        }
        assertEquals(List.of(true, true, false, true, true, false),
                leergroep.sessions().stream().map(s -> s.assignment() != null).toList(), "the assignments of METHODS.md §3");
        assertEquals("intervisie", leergroep.session(4).agenda().get(1).method());
        SessionTemplate reconstructie = templates.find("reconstructie").orElseThrow();
        assertTrue(reconstructie.repeat());
        assertEquals(reconstructie.session(1), reconstructie.session(9), "one agenda for every session");
        assertEquals("reconstructie", reconstructie.session(1).agenda().get(1).method());
    }

    private Path write(String name, String yaml) throws IOException {
        return Files.writeString(dir.resolve(name), yaml);
    }

    private static final String GOOD = """
            id: proef
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

    @Test
    void aGoodFileLoads() throws IOException {
        write("proef.yaml", GOOD);
        assertEquals(List.of("proef"), TemplateLibrary.load(dir, METHODS).ids());
    }

    @Test
    void aMistakeNamesTheFileTheLineAndTheProblem() throws IOException {
        write("proef.yaml", GOOD.replace("minutes: 30", "minutes: 0"));
        TemplateFileException e = assertThrows(TemplateFileException.class, () -> TemplateLibrary.load(dir, METHODS));
        assertTrue(e.getMessage().startsWith(dir.resolve("proef.yaml") + ", line "), e.getMessage());
        assertTrue(e.getMessage().contains("sessions[0].agenda[0]") && e.getMessage().contains("between 1 and 240 minutes"),
                e.getMessage());

        write("proef.yaml", GOOD.replace("closing_minutes: 10", "closing_minutes: 10\nrepeats: true"));
        e = assertThrows(TemplateFileException.class, () -> TemplateLibrary.load(dir, METHODS));
        assertTrue(e.getMessage().contains("line 6") && e.getMessage().contains("Unrecognized field \"repeats\""), e.getMessage());
    }

    @Test
    void aPartNamesAnInstalledMethod() throws IOException {
        write("proef.yaml", GOOD.replace("minutes: 30", "minutes: 30\n        method: vliegen"));
        TemplateFileException e = assertThrows(TemplateFileException.class, () -> TemplateLibrary.load(dir, METHODS));
        assertEquals(dir.resolve("proef.yaml") + ", line 11 (sessions[0].agenda[0].method): unknown method 'vliegen'; choose one of "
                + String.join(", ", METHODS.ids()), e.getMessage());
    }

    @Test
    void theIdMatchesTheFileName() throws IOException {
        write("anders.yaml", GOOD);
        TemplateFileException e = assertThrows(TemplateFileException.class, () -> TemplateLibrary.load(dir, METHODS));
        assertTrue(e.getMessage().contains("the template id 'proef' must match the file name ('anders')"), e.getMessage());
    }
}
