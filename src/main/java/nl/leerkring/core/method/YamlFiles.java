package nl.leerkring.core.method;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import nl.leerkring.core.i18n.Typos;

/**
 * A folder of YAML definition files (methods, session templates), read strictly: a file with a
 * mistake gives one line per problem with the file, the line, the place in the file and what to
 * do about it, so that a broken definition stops start-up (or a reload) instead of reaching a
 * running circle, and whoever wrote it can fix it without reading Java.
 *
 * <p>A file is read in two passes. The first walks the YAML against the keys and types the
 * definition's {@link JsonCreator} accepts, and reports every unknown key (with the nearest
 * valid one), every missing key and every value of the wrong type, each at its own line. Only a
 * file without such problems goes to the second pass, Jackson, whose rules about a step or a
 * method as a whole ("a vote needs options_from") are reported at the line of the key they are
 * about.
 */
public final class YamlFiles {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /** What a number means, by key, for "write a number of …". */
    private static final Map<String, String> NUMBER_OF = Map.of(
            "minutes", "a number of minutes, for example 25",
            "closing_minutes", "a number of minutes, for example 15",
            "pick", "a number of members, for example 2",
            "min", "a number of members, for example 3",
            "max", "a number of members, for example 8");

    private YamlFiles() {
    }

    /**
     * One file read: the definition, or the problems that keep it out, each a complete line
     * ({@code config/methods/x.yaml, line 9 (steps[0].actor): …}).
     */
    public record Result<T>(T value, List<String> problems) {
        public boolean ok() {
            return problems.isEmpty();
        }
    }

    /** The {@code *.yaml} files of a folder, in name order. */
    public static List<Path> files(Path folder) throws IOException {
        try (Stream<Path> listing = Files.list(folder)) {
            return listing.filter(p -> p.getFileName().toString().endsWith(".yaml") && Files.isRegularFile(p)).sorted().toList();
        }
    }

    /** The id a file must have: its name without {@code .yaml}. */
    public static String idOf(Path file) {
        return file.getFileName().toString().replaceFirst("\\.yaml$", "");
    }

    /**
     * Every {@code *.yaml} file in the folder, in name order, by id; each id must match its
     * file name. Throws at the first broken file.
     *
     * @param what what the files hold, for messages ("method", "template")
     * @param error turns a message into the exception to throw
     */
    public static <T> Map<String, T> load(Path folder, Class<T> type, Function<T, String> idOf, String what,
                                          Function<String, RuntimeException> error) {
        if (!Files.isDirectory(folder)) {
            throw error.apply("The " + what + "s folder " + folder + " does not exist");
        }
        List<Path> files;
        try {
            files = files(folder);
        } catch (IOException e) {
            throw error.apply("Cannot list " + folder + ": " + e.getMessage());
        }
        Map<String, T> byId = new LinkedHashMap<>();
        for (Path file : files) {
            Result<T> result = read(file, type, idOf, what);
            if (!result.ok()) {
                throw error.apply(oneLine(result.problems()));
            }
            byId.put(idOf.apply(result.value()), result.value());
        }
        if (byId.isEmpty()) {
            throw error.apply("The " + what + "s folder " + folder + " holds no *.yaml " + what);
        }
        return byId;
    }

    /** The first problem, and how many more there are. */
    public static String oneLine(List<String> problems) {
        return problems.get(0) + (problems.size() > 1 ? " (and " + (problems.size() - 1) + " more in this file)" : "");
    }

    /** Reads one file and checks that its id matches the file name. */
    public static <T> Result<T> read(Path file, Class<T> type, Function<T, String> idOf, String what) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return new Result<>(null, List.of(file + ": cannot read: " + e.getMessage()));
        }
        Result<T> result = read(text, file.toString(), type);
        if (!result.ok()) {
            return result;
        }
        String id = idOf.apply(result.value());
        String expected = idOf(file);
        if (!id.equals(expected)) {
            int line = new Lines(text).keyLine("id");
            return new Result<>(null, List.of(file + ", line " + Math.max(1, line) + " (id): the " + what + " id '" + id
                    + "' must match the file name ('" + expected + "'); write 'id: " + expected + "' or rename the file to " + id + ".yaml"));
        }
        return result;
    }

    /** Reads one file; {@code name} is used in error messages. Throws at its first problem. */
    public static <T> T parse(InputStream in, String name, Class<T> type, Function<String, RuntimeException> error) {
        String text;
        try {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw error.apply(name + ": cannot read: " + e.getMessage());
        }
        Result<T> result = read(text, name, type);
        if (!result.ok()) {
            throw error.apply(oneLine(result.problems()));
        }
        return result.value();
    }

    /** Reads one definition from text; {@code name} is used in the problems. */
    public static <T> Result<T> read(String text, String name, Class<T> type) {
        Node root;
        try {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(false);
            root = new Yaml(options).compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            return new Result<>(null, List.of(syntax(name, e)));
        } catch (YAMLException e) {
            return new Result<>(null, List.of(name + ": not valid YAML: " + e.getMessage().lines().findFirst().orElse("")));
        }
        if (root == null || (root instanceof ScalarNode s && s.getTag().equals(Tag.NULL))) {
            return new Result<>(null, List.of(name + ": the file is empty; start from a shipped file"));
        }
        Lines lines = new Lines(text);
        List<String> problems = new ArrayList<>();
        new Shape(name, problems).check(root, type, "", "");
        if (!problems.isEmpty()) {
            return new Result<>(null, problems);
        }
        Map<String, Integer> index = new HashMap<>();
        indexLines(root, "", index);
        try {
            T item = YAML.readValue(text, type);
            if (item == null) {
                return new Result<>(null, List.of(name + ": the file is empty; start from a shipped file"));
            }
            return new Result<>(item, List.of());
        } catch (JsonMappingException e) {
            String path = path(e);
            return new Result<>(null, List.of(ruleProblem(name, e, path, index, lines)));
        } catch (JsonProcessingException e) {
            return new Result<>(null, List.of(name + at(e.getLocation()) + ": " + e.getOriginalMessage()));
        }
    }

    private static String syntax(String name, MarkedYAMLException e) {
        var mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
        String problem = e.getProblem() == null ? e.getMessage().lines().findFirst().orElse("") : e.getProblem();
        String hint;
        if (problem.contains("'\\t'") || problem.contains("tab")) {
            hint = "indent with spaces, not tabs";
        } else if (problem.contains("mapping values are not allowed")) {
            hint = "a text that contains ': ' must be quoted, like 'Wat doe je: nu of later?'; or check the indentation";
        } else if (problem.contains("found duplicate key")) {
            hint = "write each key once";
        } else {
            hint = "check the indentation, quotes and brackets around this line";
        }
        return name + (mark == null ? "" : ", line " + (mark.getLine() + 1)) + ": not valid YAML (" + problem.strip() + "); " + hint;
    }

    // ----------------------------------------------------------------------------------------
    // Pass 1: keys and types, from the definition's creator

    /** The keys a definition class accepts, from its {@link JsonCreator}, in declaration order. */
    record Key(String name, boolean required, Type type) {
    }

    /**
     * The keys of each type, reflected once: every mapping in every file asks for its type's keys,
     * and reading a constructor's parameter annotations parses them anew each time.
     */
    private static final ClassValue<Optional<List<Key>>> KEYS = new ClassValue<>() {
        @Override
        protected Optional<List<Key>> computeValue(Class<?> type) {
            return Optional.ofNullable(reflectKeys(type));
        }
    };

    /** The keys a type's creator accepts, in its order; null for a type without keys (text, number, enum). */
    static List<Key> keysOf(Class<?> type) {
        return KEYS.get(type).orElse(null);
    }

    private static List<Key> reflectKeys(Class<?> type) {
        Executable creator = creatorOf(type);
        if (creator == null) {
            return null;
        }
        List<Key> keys = new ArrayList<>();
        Parameter[] parameters = creator.getParameters();
        Type[] types = creator.getGenericParameterTypes();
        for (int i = 0; i < parameters.length; i++) {
            JsonProperty p = parameters[i].getAnnotation(JsonProperty.class);
            if (p != null) {
                keys.add(new Key(p.value(), p.required(), types[i]));
            }
        }
        return List.copyOf(keys);
    }

    private static Executable creatorOf(Class<?> type) {
        if (type.isEnum() || type == String.class || type.isPrimitive() || Number.class.isAssignableFrom(type) || type == Boolean.class) {
            return null;
        }
        List<Executable> candidates = new ArrayList<>();
        candidates.addAll(Arrays.asList(type.getDeclaredConstructors()));
        candidates.addAll(Arrays.stream(type.getDeclaredMethods()).filter(m -> Modifier.isStatic(m.getModifiers())).toList());
        for (Executable e : candidates) {
            if (e.isAnnotationPresent(JsonCreator.class)) {
                return e;
            }
        }
        for (Constructor<?> c : type.getDeclaredConstructors()) {
            if (c.getParameterCount() > 0 && Arrays.stream(c.getParameters()).allMatch(p -> p.isAnnotationPresent(JsonProperty.class))) {
                return c;
            }
        }
        return null;
    }

    /** Walks one file against the shape its type expects, collecting one line per problem. */
    private static final class Shape {
        private final String name;
        private final List<String> problems;

        Shape(String name, List<String> problems) {
            this.name = name;
            this.problems = problems;
        }

        private void problem(Node at, String path, String text) {
            problems.add(name + ", line " + (at.getStartMark().getLine() + 1) + (path.isEmpty() ? "" : " (" + path + ")") + ": " + text);
        }

        void check(Node node, Type type, String path, String key) {
            Class<?> raw = type instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) type;
            if (node instanceof ScalarNode s && s.getTag().equals(Tag.NULL)) {
                problem(node, path, "'" + key + "' has no value; write " + expected(raw, type, key));
                return;
            }
            if (List.class.isAssignableFrom(raw)) {
                if (!(node instanceof SequenceNode seq)) {
                    problem(node, path, "'" + key + "' must be a list, each item on its own line starting with '- '");
                    return;
                }
                Type item = ((ParameterizedType) type).getActualTypeArguments()[0];
                for (int i = 0; i < seq.getValue().size(); i++) {
                    check(seq.getValue().get(i), item, path + "[" + i + "]", key);
                }
                return;
            }
            if (raw.isEnum()) {
                enumValue(node, raw, path, key);
                return;
            }
            if (raw == String.class) {
                if (!(node instanceof ScalarNode)) {
                    problem(node, path, "'" + key + "' must be " + expected(raw, type, key)
                            + (node instanceof MappingNode ? "; quote a text that contains ': '" : ""));
                }
                return;
            }
            if (raw == int.class || raw == Integer.class) {
                if (!(node instanceof ScalarNode s) || !s.getTag().equals(Tag.INT)) {
                    problem(node, path, shown(node) + " is not a number; write " + expected(raw, type, key));
                }
                return;
            }
            if (raw == boolean.class || raw == Boolean.class) {
                if (!(node instanceof ScalarNode s) || !(s.getValue().equals("true") || s.getValue().equals("false"))) {
                    problem(node, path, shown(node) + " is not true or false; write true or false");
                }
                return;
            }
            List<Key> keys = keysOf(raw);
            if (keys == null) {
                return;
            }
            if (!(node instanceof MappingNode map)) {
                problem(node, path, (key.isEmpty() ? "the file" : "'" + key + "'") + " must be " + expected(raw, type, key));
                return;
            }
            List<String> known = keys.stream().map(Key::name).toList();
            List<String> present = new ArrayList<>();
            List<String> guessed = new ArrayList<>();
            for (NodeTuple tuple : map.getValue()) {
                String k = tuple.getKeyNode() instanceof ScalarNode s ? s.getValue() : String.valueOf(tuple.getKeyNode());
                String at = path.isEmpty() ? k : path + "." + k;
                Key definition = keys.stream().filter(x -> x.name().equals(k)).findFirst().orElse(null);
                if (definition == null) {
                    String nearest = nearest(k, known);
                    if (nearest != null) {
                        guessed.add(nearest);
                    }
                    problem(tuple.getKeyNode(), at, "Unrecognized field \"" + k + "\"; "
                            + (nearest != null ? "did you mean \"" + nearest + "\"?" : "the fields here are " + String.join(", ", known)));
                    continue;
                }
                present.add(k);
                check(tuple.getValueNode(), definition.type(), at, k);
            }
            for (Key k : keys) {
                if (k.required() && !present.contains(k.name()) && !guessed.contains(k.name())) {
                    problem(node, path, "missing '" + k.name() + "'" + (path.isEmpty() ? "" : " in " + path)
                            + "; add '" + k.name() + ": …' (" + expected(rawOf(k.type()), k.type(), k.name()) + ")");
                }
            }
        }

        private void enumValue(Node node, Class<?> raw, String path, String key) {
            List<String> valid = Arrays.stream(raw.getEnumConstants()).map(c -> ((Enum<?>) c).name().toLowerCase(Locale.ROOT)).toList();
            String value = node instanceof ScalarNode s ? s.getValue() : null;
            if (value != null && valid.contains(value)) {
                return;
            }
            String nearest = value == null ? null : nearest(value, valid);
            problem(node, path, "unknown " + key + " " + (value == null ? "(not a single word)" : "'" + value + "'") + "; "
                    + (nearest != null ? "did you mean '" + nearest + "'? " : "") + "choose one of " + String.join(", ", valid));
        }
    }

    private static Class<?> rawOf(Type type) {
        return type instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) type;
    }

    private static String shown(Node node) {
        return node instanceof ScalarNode s ? "'" + s.getValue() + "'" : "this";
    }

    /** What a value of this type looks like, for "write …". */
    private static String expected(Class<?> raw, Type type, String key) {
        if (raw == Localized.class) {
            return "a text in Dutch and English, like {nl: …, en: …}";
        }
        if (raw == String.class) {
            return "timer".equals(key) ? "a duration like 60s, 5m or 1h" : "a text";
        }
        if (raw == int.class || raw == Integer.class) {
            return NUMBER_OF.getOrDefault(key, "a whole number");
        }
        if (raw == boolean.class || raw == Boolean.class) {
            return "true or false";
        }
        if (raw.isEnum()) {
            return "one of " + Arrays.stream(raw.getEnumConstants()).map(c -> ((Enum<?>) c).name().toLowerCase(Locale.ROOT))
                    .collect(Collectors.joining(", "));
        }
        if (List.class.isAssignableFrom(raw)) {
            return "a list, each item on its own line starting with '- '";
        }
        return "a block of 'key: value' lines, indented under '" + key + ":'";
    }

    /** The valid word closest to a misspelt one, when it is close enough to be a typo; otherwise null. */
    static String nearest(String word, List<String> valid) {
        String w = word.toLowerCase(Locale.ROOT);
        return valid.stream()
                .map(v -> Map.entry(v, Typos.distance(w, v)))
                .filter(e -> e.getValue() <= Math.max(2, e.getKey().length() / 3) || e.getKey().startsWith(w) && w.length() >= 3
                        || w.startsWith(e.getKey()) && e.getKey().length() >= 3)
                .min(Comparator.comparingInt((Map.Entry<String, Integer> e) -> e.getValue()))
                .map(Map.Entry::getKey).orElse(null);
    }

    /**
     * The line (from 1) of a place in a YAML text ({@code sessions[0].agenda[1].method}), or 0
     * when the text is not valid YAML or has no such place.
     */
    public static int lineOf(String text, String path) {
        try {
            Node root = new Yaml(new LoaderOptions()).compose(new StringReader(text));
            if (root == null) {
                return 0;
            }
            Map<String, Integer> index = new HashMap<>();
            indexLines(root, "", index);
            return index.getOrDefault(path, 0);
        } catch (YAMLException e) {
            return 0;
        }
    }

    // ----------------------------------------------------------------------------------------
    // Pass 2: Jackson, with the rules of the definition's constructors

    /** The line (from 1) of every place in the file: {@code steps[2]} and {@code steps[2].actor}. */
    private static void indexLines(Node node, String path, Map<String, Integer> index) {
        index.putIfAbsent(path, node.getStartMark().getLine() + 1);
        if (node instanceof MappingNode map) {
            for (NodeTuple t : map.getValue()) {
                if (t.getKeyNode() instanceof ScalarNode k) {
                    String at = path.isEmpty() ? k.getValue() : path + "." + k.getValue();
                    index.put(at, k.getStartMark().getLine() + 1);
                    indexLines(t.getValueNode(), at, index);
                }
            }
        } else if (node instanceof SequenceNode seq) {
            for (int i = 0; i < seq.getValue().size(); i++) {
                indexLines(seq.getValue().get(i), path + "[" + i + "]", index);
            }
        }
    }

    /** A broken rule, at the line of the key it is about when that is known. */
    private static String ruleProblem(String name, JsonMappingException e, String path, Map<String, Integer> index, Lines lines) {
        String problem = problem(e);
        String where = path;
        Integer line = null;
        Throwable cause = e.getCause();
        while (cause != null && !(cause instanceof IllegalArgumentException)) {
            cause = cause.getCause();
        }
        if (cause instanceof DefinitionProblem p && p.key() != null) {
            where = path.isEmpty() ? p.key() : path + "." + p.key();
            line = index.get(where);
            if (line == null) {
                where = path;
            }
        } else if (cause instanceof IllegalArgumentException) {
            // a rule of a class outside this package: the first of the object's keys its message names
            String prefix = path.isEmpty() ? "" : path + ".";
            String named = index.keySet().stream()
                    .filter(k -> k.startsWith(prefix) && !k.substring(prefix.length()).contains(".") && !k.substring(prefix.length()).contains("["))
                    .map(k -> k.substring(prefix.length()))
                    .filter(k -> problem.matches("(?s).*\\b" + java.util.regex.Pattern.quote(k) + "\\b.*"))
                    .max(Comparator.comparingInt(String::length)).orElse(null);
            if (named != null) {
                line = index.get(prefix + named);
            }
        }
        if (line == null) {
            line = index.get(path);
        }
        String at = line != null ? ", line " + line : at(e.getLocation());
        return name + at + (where.isEmpty() ? "" : " (" + where + ")") + ": " + problem;
    }

    private static String at(JsonLocation location) {
        return location == null || location.getLineNr() < 0 ? "" : ", line " + location.getLineNr();
    }

    /** Where in the document: {@code steps[2].actor}. */
    private static String path(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            } else if (ref.getFieldName() != null) {
                sb.append(sb.length() == 0 ? "" : ".").append(ref.getFieldName());
            }
        }
        return sb.toString();
    }

    /** Our own validation message when there is one, otherwise Jackson's, without its internals. */
    private static String problem(JsonMappingException e) {
        Throwable cause = e.getCause();
        while (cause != null) {
            if (cause instanceof IllegalArgumentException && cause.getMessage() != null) {
                return cause.getMessage();
            }
            cause = cause.getCause();
        }
        String message = e.getOriginalMessage();
        if (message.startsWith("Missing required creator property")) {
            return message.replaceAll("Missing required creator property '([^']*)'.*", "missing '$1'");
        }
        return message.replaceAll("`[^`]*`", "").lines().findFirst().orElse("").strip();
    }

    /** The lines of a file, to find a key that a problem is about. */
    private record Lines(String[] lines) {
        Lines(String text) {
            this(text.split("\\R", -1));
        }

        /** The first line (from 1) that writes this key, or 0. */
        int keyLine(String key) {
            java.util.regex.Pattern p = java.util.regex.Pattern.compile("^\\s*(-\\s+)?" + java.util.regex.Pattern.quote(key) + "\\s*:.*");
            for (int i = 0; i < lines.length; i++) {
                if (p.matcher(lines[i]).matches()) {
                    return i + 1;
                }
            }
            return 0;
        }
    }
}
