package nl.leerkring.core.method;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * {@code java -jar leerkring.jar check [folder]}: reads every method and template file in a
 * folder and prints one line per problem (file, line, place, what to do), all problems of all
 * files. The folder is a configuration folder with {@code methods/} and {@code templates/} (the
 * default, {@code config}), or one folder of files, where a file with {@code sessions:} is a
 * template and any other a method.
 */
public final class DefinitionCheck {

    /** What a template part refers to: the method {@code methodId}, at {@code path} in the file. */
    public record Reference(String path, String methodId) {
    }

    /**
     * How to read templates, which live outside this package.
     *
     * @param references the methods a template names, with where it names them
     */
    public record TemplateKind<T>(Class<T> type, Function<T, String> idOf, Function<T, List<Reference>> references) {
    }

    private static final Pattern TEMPLATE = Pattern.compile("(?m)^(sessions|closing_minutes)\\s*:");

    private final TemplateKind<?> templates;

    public DefinitionCheck(TemplateKind<?> templates) {
        this.templates = templates;
    }

    /**
     * Checks the folder, printing each problem on a line of {@code out} and a last line with
     * the count.
     *
     * @return the exit code: 0 without problems, 1 with problems, 2 when there is no such folder
     */
    public int run(Path folder, PrintStream out) {
        if (!Files.isDirectory(folder)) {
            out.println(folder + ": no such folder; give a folder with method and template files, for example config");
            return 2;
        }
        List<Path> methodFiles = new ArrayList<>();
        List<Path> templateFiles = new ArrayList<>();
        try {
            Path methodsDir = folder.resolve("methods");
            Path templatesDir = folder.resolve("templates");
            if (Files.isDirectory(methodsDir) || Files.isDirectory(templatesDir)) {
                if (Files.isDirectory(methodsDir)) {
                    methodFiles.addAll(YamlFiles.files(methodsDir));
                }
                if (Files.isDirectory(templatesDir)) {
                    templateFiles.addAll(YamlFiles.files(templatesDir));
                }
            }
            for (Path file : YamlFiles.files(folder)) {
                (TEMPLATE.matcher(Files.readString(file, StandardCharsets.UTF_8)).find() ? templateFiles : methodFiles).add(file);
            }
        } catch (IOException e) {
            out.println(folder + ": cannot read: " + e.getMessage());
            return 2;
        }
        List<String> problems = new ArrayList<>();
        Set<String> methodIds = new LinkedHashSet<>();
        List<Method> methods = new ArrayList<>();
        for (Path file : methodFiles) {
            methodIds.add(YamlFiles.idOf(file));
            YamlFiles.Result<Method> r = YamlFiles.read(file, Method.class, Method::id, "method");
            problems.addAll(r.problems());
            if (r.ok()) {
                methods.add(r.value());
            }
        }
        problems.addAll(aliasClashes(methods, methodFiles));
        if (methodFiles.isEmpty()) {
            // templates checked on their own name the methods that are shipped next to them
            Path shipped = Path.of("config", "methods");
            try {
                if (Files.isDirectory(shipped)) {
                    YamlFiles.files(shipped).forEach(f -> methodIds.add(YamlFiles.idOf(f)));
                }
            } catch (IOException e) {
                // then every named method is reported as unknown, which the user will notice
            }
        }
        for (Path file : templateFiles) {
            problems.addAll(checkTemplate(file, templates, methodIds));
        }
        problems.forEach(out::println);
        int files = methodFiles.size() + templateFiles.size();
        long broken = problems.stream().map(p -> p.substring(0, Math.max(0, p.indexOf(".yaml") + 5))).distinct().count();
        out.println(problems.isEmpty()
                ? "check: " + files + " files, no problems"
                : "check: " + problems.size() + " problem" + (problems.size() == 1 ? "" : "s") + " in " + broken + " of " + files + " files");
        return problems.isEmpty() ? 0 : 1;
    }

    private static <T> List<String> checkTemplate(Path file, TemplateKind<T> kind, Set<String> methodIds) {
        YamlFiles.Result<T> r = YamlFiles.read(file, kind.type(), kind.idOf(), "template");
        if (!r.ok()) {
            return r.problems();
        }
        List<String> problems = new ArrayList<>();
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return List.of(file + ": cannot read: " + e.getMessage());
        }
        for (Reference ref : kind.references().apply(r.value())) {
            if (!methodIds.contains(ref.methodId())) {
                String nearest = YamlFiles.nearest(ref.methodId(), List.copyOf(methodIds));
                problems.add(file + ", line " + YamlFiles.lineOf(text, ref.path()) + " (" + ref.path() + "): unknown method '"
                        + ref.methodId() + "'; " + (nearest != null ? "did you mean '" + nearest + "'? " : "")
                        + "choose one of " + String.join(", ", methodIds));
            }
        }
        return problems;
    }

    private static List<String> aliasClashes(List<Method> methods, List<Path> files) {
        List<String> problems = new ArrayList<>();
        java.util.Map<String, String> seen = new java.util.HashMap<>();
        for (Method m : methods) {
            List<String> words = new ArrayList<>(m.aliases());
            words.add(0, m.id());
            for (String word : words) {
                String other = seen.putIfAbsent(MethodLibrary.normalise(word), m.id());
                if (other != null && !other.equals(m.id())) {
                    Path file = files.stream().filter(f -> YamlFiles.idOf(f).equals(m.id())).findFirst().orElseThrow();
                    String text;
                    try {
                        text = Files.readString(file, StandardCharsets.UTF_8);
                    } catch (IOException e) {
                        text = "";
                    }
                    int i = m.aliases().indexOf(word);
                    String path = i >= 0 ? "aliases[" + i + "]" : "id";
                    problems.add(file + ", line " + Math.max(1, YamlFiles.lineOf(text, path)) + " (" + path + "): '" + word
                            + "' already names the method '" + other + "'; choose another alias");
                }
            }
        }
        return problems;
    }
}
