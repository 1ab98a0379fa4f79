package nl.leerkring.core.method;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The methods a circle can run, read from a folder of YAML files ({@code config/methods}).
 * A file with a mistake stops start-up with a {@link MethodFileException} naming the file, the
 * line and the problem: a broken method must not reach a running case discussion.
 */
public final class MethodLibrary {

    private final Map<String, Method> methods;

    private MethodLibrary(Map<String, Method> methods) {
        this.methods = methods;
    }

    /** Every {@code *.yaml} file in the folder, in name order. */
    public static MethodLibrary load(Path folder) {
        return new MethodLibrary(YamlFiles.load(folder, Method.class, Method::id, "method", MethodFileException::new));
    }

    /** Reads one method; {@code name} is used in error messages. */
    static Method parse(InputStream in, String name) {
        return YamlFiles.parse(in, name, Method.class, MethodFileException::new);
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
