package nl.leerkring.core.method;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The methods a circle can run, read from a folder of YAML files ({@code config/methods}).
 *
 * <p>At start-up a file with a mistake stops everything with a {@link MethodFileException}
 * naming the file, the line and the problem: a broken method must not reach a running case
 * discussion. While running, the library looks again at the folder when it is asked for a
 * method and the last look is more than {@link #DEFAULT_RECHECK} ago: a new or changed file is
 * taken in, a broken one is refused with one line in the log and the version that was running
 * stays, a removed file's method goes.
 *
 * <p>A method is found by its id, by one of its {@code aliases}, or by its Dutch or English
 * name, written in any case, with spaces or dashes, with or without accents
 * ({@code intervision}, {@code Five-step method}, {@code dominante-ideeënmethode}).
 */
public final class MethodLibrary {

    /** How often, at most, a running library looks at its folder again. */
    public static final Duration DEFAULT_RECHECK = Duration.ofSeconds(1);

    private static final Logger log = LoggerFactory.getLogger(MethodLibrary.class);

    /** Marks a display name among the words a method is found by: names never clash with ids and aliases. */
    private static final String NAME = "name:";

    /** What a folder held at one look: its methods and, per file, what was seen of it. */
    private record State(Map<String, Method> methods, Map<String, String> names, Map<Path, Stamp> stamps) {
    }

    /** A file's modification time and size: when either changes, the file is read again. */
    private record Stamp(long modified, long size) {
        static Stamp of(Path file) {
            try {
                return new Stamp(Files.getLastModifiedTime(file).toMillis(), Files.size(file));
            } catch (IOException e) {
                return new Stamp(-1, -1);
            }
        }
    }

    private final Path folder;
    private final long recheckNanos;
    private volatile State state;
    private volatile long nextLook;

    private MethodLibrary(Path folder, Duration recheck, State state) {
        this.folder = folder;
        this.recheckNanos = recheck.toNanos();
        this.state = state;
        this.nextLook = System.nanoTime() + recheckNanos;
    }

    /** Every {@code *.yaml} file in the folder, in name order; a broken file throws. */
    public static MethodLibrary load(Path folder) {
        return load(folder, DEFAULT_RECHECK);
    }

    /**
     * As {@link #load(Path)}, looking at the folder again at most every {@code recheck}
     * ({@link Duration#ZERO}: on every lookup).
     */
    public static MethodLibrary load(Path folder, Duration recheck) {
        Map<String, Method> methods = YamlFiles.load(folder, Method.class, Method::id, "method", MethodFileException::new);
        Map<Path, Stamp> stamps = new HashMap<>();
        try {
            for (Path file : YamlFiles.files(folder)) {
                stamps.put(file, Stamp.of(file));
            }
        } catch (IOException e) {
            throw new MethodFileException("Cannot list " + folder + ": " + e.getMessage());
        }
        Map<String, String> names = new HashMap<>();
        for (Method m : methods.values()) {
            String clash = addNames(names, m);
            if (clash != null) {
                throw new MethodFileException(folder.resolve(m.id() + ".yaml") + ", line " + aliasLine(folder.resolve(m.id() + ".yaml"))
                        + " (aliases): " + clash);
            }
        }
        return new MethodLibrary(folder, recheck, new State(methods, names, stamps));
    }

    /** Reads one method; {@code name} is used in error messages. */
    static Method parse(InputStream in, String name) {
        return YamlFiles.parse(in, name, Method.class, MethodFileException::new);
    }

    /** The method with this id, alias or name; see the class comment. */
    public Optional<Method> find(String id) {
        if (id == null) {
            return Optional.empty();
        }
        State current = current();
        Method exact = current.methods().get(id.toLowerCase(Locale.ROOT));
        if (exact != null) {
            return Optional.of(exact);
        }
        String key = normalise(id);
        String found = current.names().getOrDefault(key, current.names().get(NAME + key));
        return Optional.ofNullable(found == null ? null : current.methods().get(found));
    }

    public Collection<Method> all() {
        return List.copyOf(current().methods().values());
    }

    public List<String> ids() {
        return new ArrayList<>(current().methods().keySet());
    }

    /**
     * How a user's word for a method is compared: lower case, without accents, words joined by
     * single dashes ({@code "Dominante ideeën-methode"} → {@code dominante-ideeen-methode}).
     */
    public static String normalise(String word) {
        String plain = Normalizer.normalize(word.strip(), Normalizer.Form.NFD).replaceAll("\\p{M}", "");
        return plain.toLowerCase(Locale.ROOT).replaceAll("[\\s_]+", "-").replaceAll("-{2,}", "-");
    }

    /** Adds a method's id, aliases and names; returns what clashes with another method, or null. */
    private static String addNames(Map<String, String> names, Method m) {
        List<String> words = new ArrayList<>();
        words.add(m.id());
        m.aliases().forEach(words::add);
        List<String> loose = List.of(m.name().nl(), m.name().en());
        for (String word : words) {
            String key = normalise(word);
            String other = names.get(key);
            if (other != null && !other.equals(m.id())) {
                return "'" + word + "' already names the method '" + other + "'; choose another alias";
            }
            names.put(key, m.id());
        }
        for (String name : loose) {
            // a display name only finds a method when no id or alias is written that way
            names.putIfAbsent(NAME + normalise(name), m.id());
        }
        return null;
    }

    private static int aliasLine(Path file) {
        try {
            List<String> lines = Files.readAllLines(file);
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).startsWith("aliases:")) {
                    return i + 1;
                }
            }
        } catch (IOException e) {
            // the message still names the file
        }
        return 1;
    }

    // ----------------------------------------------------------------------------------------
    // Picking up changed files while running

    private State current() {
        if (folder != null && System.nanoTime() - nextLook >= 0) {
            recheck();
        }
        return state;
    }

    /** Looks at the folder now; returns the problems of files that were refused this time. */
    public synchronized List<String> recheck() {
        nextLook = System.nanoTime() + recheckNanos;
        State old = state;
        List<Path> files;
        try {
            files = Files.isDirectory(folder) ? YamlFiles.files(folder) : List.of();
        } catch (IOException e) {
            log.warn("Methods: cannot list {}: {}; the running methods stay", folder, e.getMessage());
            return List.of(e.getMessage());
        }
        Map<Path, Stamp> stamps = new HashMap<>();
        for (Path file : files) {
            stamps.put(file, Stamp.of(file));
        }
        if (stamps.equals(old.stamps())) {
            return List.of();
        }
        Map<String, Method> methods = new TreeMap<>();
        List<String> refused = new ArrayList<>();
        List<Path> changed = new ArrayList<>();
        for (Path file : files) {
            String id = YamlFiles.idOf(file);
            Method running = old.methods().get(id);
            if (Objects.equals(old.stamps().get(file), stamps.get(file))) {
                if (running != null) {
                    methods.put(id, running);
                }
                continue;
            }
            changed.add(file);
            YamlFiles.Result<Method> read = YamlFiles.read(file, Method.class, Method::id, "method");
            if (read.ok()) {
                methods.put(id, read.value());
            } else {
                String line = YamlFiles.oneLine(read.problems());
                refused.add(line);
                log.warn("Method file refused, {}: {}", running == null ? "not added" : "the running version stays", line);
                if (running != null) {
                    methods.put(id, running);
                }
            }
        }
        // aliases: a changed file may not take a word another method already answers to
        Map<String, String> names = new HashMap<>();
        Map<String, Method> accepted = new LinkedHashMap<>();
        List<Method> ordered = new ArrayList<>(methods.values());
        ordered.sort((a, b) -> Boolean.compare(changed.contains(folder.resolve(a.id() + ".yaml")),
                changed.contains(folder.resolve(b.id() + ".yaml"))));
        for (Method m : ordered) {
            Map<String, String> trial = new HashMap<>(names);
            String clash = addNames(trial, m);
            if (clash == null) {
                names.putAll(trial);
                accepted.put(m.id(), m);
                continue;
            }
            String line = folder.resolve(m.id() + ".yaml") + ", line " + aliasLine(folder.resolve(m.id() + ".yaml")) + " (aliases): " + clash;
            refused.add(line);
            Method running = old.methods().get(m.id());
            log.warn("Method file refused, {}: {}", running == null || running == m ? "not added" : "the running version stays", line);
            if (running != null && running != m && addNames(new HashMap<>(names), running) == null) {
                addNames(names, running);
                accepted.put(running.id(), running);
            }
        }
        Map<String, Method> sorted = new LinkedHashMap<>();
        new TreeMap<>(accepted).forEach(sorted::put);
        for (String id : old.methods().keySet()) {
            if (!sorted.containsKey(id) && !Files.exists(folder.resolve(id + ".yaml"))) {
                log.info("Method '{}' removed: its file is gone", id);
            }
        }
        for (Path file : changed) {
            Method now = sorted.get(YamlFiles.idOf(file));
            if (now != null && now != old.methods().get(now.id())) {
                log.info("Method '{}' {} from {}", now.id(), old.methods().containsKey(now.id()) ? "reloaded" : "added", file);
            }
        }
        state = new State(sorted, names, stamps);
        return refused;
    }
}
