package nl.leerkring.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One benchmark target as its own JVM ({@code java [flags] -cp <the test class path> <main> <args>},
 * or the built jar as the README starts it),
 * with the port it printed ({@code ... listens on port N}), its resident memory and its CPU
 * time read from {@code /proc/<pid>}.
 */
final class Jvm implements AutoCloseable {

    private static final Pattern LISTENS = Pattern.compile("listens on port (\\d+)");
    private static final long CLOCK_TICKS_PER_SECOND = 100;

    final String name;
    private final Process process;
    private final ConcurrentLinkedQueue<String> lines = new ConcurrentLinkedQueue<>();
    private final CompletableFuture<Integer> port = new CompletableFuture<>();
    final long startedNanos;

    private Jvm(String name, Process process, long startedNanos) {
        this.name = name;
        this.process = process;
        this.startedNanos = startedNanos;
        Thread reader = new Thread(this::read, name + "-output");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Starts {@code mainClass} with this JVM's class path and {@code env} on top of this
     * process's environment, less any Slack, Teams or database variable of the caller's.
     */
    static Jvm start(String name, List<String> jvmFlags, String mainClass, List<String> args, Map<String, String> env) {
        return start(name, jvmFlags, nl.leerkring.testing.Instances.classPath(), mainClass, args, env);
    }

    /** The same with another class path (an earlier build's classes, say). */
    static Jvm start(String name, List<String> jvmFlags, String classPath, String mainClass, List<String> args,
                     Map<String, String> env) {
        List<String> command = new ArrayList<>(jvmFlags);
        command.add("-cp");
        command.add(classPath);
        command.add(mainClass);
        command.addAll(args);
        return launch(name, command, env);
    }

    /**
     * Starts the built jar as the README runs it, from the repository root:
     * {@code java @config/jvm.options -jar target/leerkring.jar <args>} (with the class archive
     * that {@code mvn package} made), with {@code env} as in {@link #start}.
     */
    static Jvm startJar(String name, List<String> args, Map<String, String> env) {
        if (!Files.isRegularFile(Path.of("target/leerkring.jar"))) {
            throw new IllegalStateException("target/leerkring.jar is missing: run mvn package first (bench/run does)");
        }
        List<String> command = new ArrayList<>(List.of("@config/jvm.options", "-jar", "target/leerkring.jar"));
        command.addAll(args);
        return launch(name, command, env);
    }

    private static Jvm launch(String name, List<String> javaArgs, Map<String, String> env) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(javaArgs);
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().keySet().removeIf(k -> k.startsWith("SLACK_") || k.startsWith("Microsoft")
                || k.startsWith("DATABASE_") || k.startsWith("TEAMS_") || k.equals("PORT"));
        builder.environment().putAll(env);
        builder.redirectErrorStream(true);
        long started = System.nanoTime();
        try {
            return new Jvm(name, builder.start(), started);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + name, e);
        }
    }

    private void read() {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (lines.size() < 2_000) {
                    lines.add(line);
                }
                Matcher m = LISTENS.matcher(line);
                if (!port.isDone() && m.find()) {
                    port.complete(Integer.parseInt(m.group(1)));
                }
            }
        } catch (IOException e) {
            // the process ended
        }
        port.completeExceptionally(new IllegalStateException(name + " ended before it listened:\n" + String.join("\n", lines)));
    }

    /** The port it listens on; waits up to 60 s for it. */
    int port() {
        return port.orTimeout(60, TimeUnit.SECONDS).join();
    }

    long pid() {
        return process.pid();
    }

    /** Resident memory in MB ({@code VmRSS} of {@code /proc/<pid>/status}). */
    double rssMegabytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid() + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (IOException e) {
            return Double.NaN;
        }
        return Double.NaN;
    }

    /** CPU seconds used so far (user + system, {@code /proc/<pid>/stat} fields 14 and 15). */
    double cpuSeconds() {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid() + "/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / (double) CLOCK_TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /** The last lines it printed, for an error message. */
    String tail(int count) {
        List<String> all = List.copyOf(lines);
        return String.join("\n", all.subList(Math.max(0, all.size() - count), all.size()));
    }

    /** SIGTERM (shutdown hooks run), then SIGKILL after 20 s. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
