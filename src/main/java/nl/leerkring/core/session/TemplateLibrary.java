package nl.leerkring.core.session;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import nl.leerkring.core.method.MethodLibrary;
import nl.leerkring.core.method.YamlFiles;

/**
 * The session templates, read from a folder of YAML files ({@code config/templates}) as the
 * methods are: a mistake stops start-up with a {@link TemplateFileException} naming the file,
 * the line and the problem. A part that names a method must name an installed one.
 */
public final class TemplateLibrary {

    /** The template a plan uses when it names none. */
    public static final String DEFAULT = "leergroep";

    private final Map<String, SessionTemplate> templates;

    private TemplateLibrary(Map<String, SessionTemplate> templates) {
        this.templates = templates;
    }

    public static TemplateLibrary load(Path folder, MethodLibrary methods) {
        Map<String, SessionTemplate> loaded = YamlFiles.load(folder, SessionTemplate.class, SessionTemplate::id, "template",
                TemplateFileException::new);
        for (SessionTemplate t : loaded.values()) {
            for (int s = 0; s < t.sessions().size(); s++) {
                List<AgendaPart> agenda = t.sessions().get(s).agenda();
                for (int p = 0; p < agenda.size(); p++) {
                    String method = agenda.get(p).method();
                    if (method != null && methods.find(method).isEmpty()) {
                        Path file = folder.resolve(t.id() + ".yaml");
                        throw new TemplateFileException(file + lineOf(file, method) + " (sessions[" + s + "].agenda[" + p
                                + "].method): unknown method '" + method + "'; choose one of " + String.join(", ", methods.ids()));
                    }
                }
            }
        }
        return new TemplateLibrary(loaded);
    }

    /** ", line n" of the first {@code method: <id>} line, or nothing when it cannot be read. */
    private static String lineOf(Path file, String method) {
        try {
            List<String> lines = Files.readAllLines(file);
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).matches("\\s*-?\\s*method:\\s*['\"]?" + java.util.regex.Pattern.quote(method) + "['\"]?\\s*(#.*)?")) {
                    return ", line " + (i + 1);
                }
            }
        } catch (IOException e) {
            // the message without a line is still clear
        }
        return "";
    }

    public Optional<SessionTemplate> find(String id) {
        return Optional.ofNullable(id == null ? null : templates.get(id.toLowerCase(java.util.Locale.ROOT)));
    }

    public Collection<SessionTemplate> all() {
        return List.copyOf(templates.values());
    }

    public List<String> ids() {
        return new ArrayList<>(templates.keySet());
    }

    /** The default template, or the first one when there is no {@value #DEFAULT}. */
    public SessionTemplate fallback() {
        return find(DEFAULT).orElseGet(() -> templates.values().iterator().next());
    }
}
