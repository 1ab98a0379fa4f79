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
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The methods a circle can run, read from a folder of YAML files ({@code config/methods}).
 * A file with a mistake stops start-up with a {@link MethodFileException} naming the file, the
 * line and the problem: a broken method must not reach a running case discussion.
 */
public final class MethodLibrary {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final Map<String, Method> methods;

    private MethodLibrary(Map<String, Method> methods) {
        this.methods = methods;
    }

    /** Every {@code *.yaml} file in the folder, in name order. */
    public static MethodLibrary load(Path folder) {
        if (!Files.isDirectory(folder)) {
            throw new MethodFileException("The methods folder " + folder + " does not exist");
        }
        List<Path> files;
        try (Stream<Path> listing = Files.list(folder)) {
            files = listing.filter(p -> p.getFileName().toString().endsWith(".yaml")).sorted().toList();
        } catch (IOException e) {
            throw new MethodFileException("Cannot list " + folder + ": " + e.getMessage());
        }
        Map<String, Method> byId = new LinkedHashMap<>();
        Map<String, Path> fileOf = new LinkedHashMap<>();
        for (Path file : files) {
            Method method;
            try (InputStream in = Files.newInputStream(file)) {
                method = parse(in, file.toString());
            } catch (IOException e) {
                throw new MethodFileException(file + ": cannot read: " + e.getMessage());
            }
            String expected = file.getFileName().toString().replaceFirst("\\.yaml$", "");
            if (!method.id().equals(expected)) {
                throw new MethodFileException(file + ", line 1: the method id '" + method.id()
                        + "' must match the file name ('" + expected + "')");
            }
            Path previous = fileOf.put(method.id(), file);
            if (previous != null) {
                throw new MethodFileException(file + ": method id '" + method.id() + "' is already used by " + previous);
            }
            byId.put(method.id(), method);
        }
        if (byId.isEmpty()) {
            throw new MethodFileException("The methods folder " + folder + " holds no *.yaml method");
        }
        return new MethodLibrary(byId);
    }

    /** Reads one method; {@code name} is used in error messages. */
    static Method parse(InputStream in, String name) {
        try {
            Method method = YAML.readValue(in, Method.class);
            if (method == null) {
                throw new MethodFileException(name + ": the file is empty");
            }
            return method;
        } catch (JsonMappingException e) {
            throw new MethodFileException(describe(name, e.getLocation(), path(e), problem(e)));
        } catch (JsonProcessingException e) {
            throw new MethodFileException(describe(name, e.getLocation(), "", e.getOriginalMessage()));
        } catch (IOException e) {
            throw new MethodFileException(name + ": cannot read: " + e.getMessage());
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

    public Optional<Method> find(String id) {
        return Optional.ofNullable(methods.get(id == null ? null : id.toLowerCase(java.util.Locale.ROOT)));
    }

    public Collection<Method> all() {
        return List.copyOf(methods.values());
    }

    public List<String> ids() {
        return new ArrayList<>(methods.keySet());
    }
}
