package nl.leerkring.core.method;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A folder of YAML definition files (methods, session templates), read strictly: a file with a
 * mistake throws with the file, the line, the place in the file and the problem, so that a
 * broken definition stops start-up instead of reaching a running circle.
 */
public final class YamlFiles {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private YamlFiles() {
    }

    /**
     * Every {@code *.yaml} file in the folder, in name order, by id; each id must match its
     * file name.
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
        try (Stream<Path> listing = Files.list(folder)) {
            files = listing.filter(p -> p.getFileName().toString().endsWith(".yaml")).sorted().toList();
        } catch (IOException e) {
            throw error.apply("Cannot list " + folder + ": " + e.getMessage());
        }
        Map<String, T> byId = new LinkedHashMap<>();
        for (Path file : files) {
            T item;
            try (InputStream in = Files.newInputStream(file)) {
                item = parse(in, file.toString(), type, error);
            } catch (IOException e) {
                throw error.apply(file + ": cannot read: " + e.getMessage());
            }
            String id = idOf.apply(item);
            String expected = file.getFileName().toString().replaceFirst("\\.yaml$", "");
            if (!id.equals(expected)) {
                throw error.apply(file + ", line 1: the " + what + " id '" + id + "' must match the file name ('" + expected + "')");
            }
            byId.put(id, item);
        }
        if (byId.isEmpty()) {
            throw error.apply("The " + what + "s folder " + folder + " holds no *.yaml " + what);
        }
        return byId;
    }

    /** Reads one file; {@code name} is used in error messages. */
    public static <T> T parse(InputStream in, String name, Class<T> type, Function<String, RuntimeException> error) {
        String text;
        try {
            text = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw error.apply(name + ": cannot read: " + e.getMessage());
        }
        try {
            T item = YAML.readValue(text, type);
            if (item == null) {
                throw error.apply(name + ": the file is empty");
            }
            return item;
        } catch (com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException e) {
            // with constructor-bound records Jackson notices an unknown field only at the end of its
            // object, so its own location can be lines further on: name the field's own line
            int line = lineOf(text, e.getPropertyName());
            String at = line > 0 ? ", line " + line : at(e.getLocation());
            String path = path(e);
            throw error.apply(name + at + (path.isEmpty() ? "" : " (" + path + ")") + ": " + problem(e));
        } catch (JsonMappingException e) {
            throw error.apply(describe(name, e.getLocation(), path(e), problem(e)));
        } catch (JsonProcessingException e) {
            throw error.apply(describe(name, e.getLocation(), "", e.getOriginalMessage()));
        }
    }

    /** The first line (from 1) that writes this field as a key, or 0. */
    private static int lineOf(String text, String field) {
        String[] lines = text.split("\\R", -1);
        java.util.regex.Pattern key = java.util.regex.Pattern.compile("^\\s*(-\\s+)?" + java.util.regex.Pattern.quote(field) + "\\s*:.*");
        for (int i = 0; i < lines.length; i++) {
            if (key.matcher(lines[i]).matches()) {
                return i + 1;
            }
        }
        return 0;
    }

    private static String describe(String name, JsonLocation location, String path, String problem) {
        return name + at(location) + (path.isEmpty() ? "" : " (" + path + ")") + ": " + problem;
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
        if (message.startsWith("Unrecognized field")) {
            String known = e instanceof com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException u
                    ? " (known: " + u.getKnownPropertyIds().stream().map(String::valueOf).sorted().collect(Collectors.joining(", ")) + ")"
                    : "";
            return message.replaceAll(" \\(class [^)]*\\)", "").replaceAll(",.*", "") + known;
        }
        if (message.startsWith("Missing required creator property")) {
            return message.replaceAll("Missing required creator property '([^']*)'.*", "missing '$1'");
        }
        return message.replaceAll("`[^`]*`", "").strip();
    }
}
