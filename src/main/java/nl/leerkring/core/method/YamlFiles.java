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
        try {
            T item = YAML.readValue(in, type);
            if (item == null) {
                throw error.apply(name + ": the file is empty");
            }
            return item;
        } catch (JsonMappingException e) {
            throw error.apply(describe(name, e.getLocation(), path(e), problem(e)));
        } catch (JsonProcessingException e) {
            throw error.apply(describe(name, e.getLocation(), "", e.getOriginalMessage()));
        } catch (IOException e) {
            throw error.apply(name + ": cannot read: " + e.getMessage());
        }
    }

    private static String describe(String name, JsonLocation at, String path, String problem) {
        String line = at == null || at.getLineNr() < 0 ? "" : ", line " + at.getLineNr();
        return name + line + (path.isEmpty() ? "" : " (" + path + ")") + ": " + problem;
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
