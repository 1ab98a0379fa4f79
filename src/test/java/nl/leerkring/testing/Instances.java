package nl.leerkring.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Leerkring servers as separate JVMs ({@code java -cp <test class path> nl.leerkring.Main server})
 * on one database and one fake Slack: a cluster, as an operator runs it behind a load balancer.
 * An instance can be killed with SIGKILL (no shutdown hook runs, nothing is handed back) and
 * started again in its place.
 */
public final class Instances implements AutoCloseable {

    private static final Pattern LISTENS = Pattern.compile("Leerkring listens on port (\\d+)");

    private final Map<String, String> environment;
    private final List<Instance> running = new ArrayList<>();

    /** One server process, with what it printed. */
    public static final class Instance {
        private final Process process;
        private final ConcurrentLinkedQueue<String> lines = new ConcurrentLinkedQueue<>();
        private final CompletableFuture<Integer> port = new CompletableFuture<>();

        private Instance(Process process) {
            this.process = process;
            Thread reader = new Thread(this::read, "instance-" + process.pid() + "-output");
            reader.setDaemon(true);
            reader.start();
        }

        private void read() {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    lines.add(line);
                    Matcher m = LISTENS.matcher(line);
                    if (m.find()) {
                        port.complete(Integer.parseInt(m.group(1)));
                    }
                }
            } catch (IOException e) {
                // killed
            }
            port.completeExceptionally(new IllegalStateException("the instance ended before it listened: " + String.join("\n", lines)));
        }

        public int port() {
            return port.join();
        }

        public long pid() {
            return process.pid();
        }

        public List<String> output() {
            return List.copyOf(lines);
        }

        /** SIGKILL, and waits until the process is gone. */
        void kill() {
            process.destroyForcibly();
            try {
                process.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * @param settings Leerkring's settings, by their key ({@code database.url} …); passed as
     *     the environment variables the configuration reads
     */
    public Instances(Map<String, String> settings) {
        this.environment = environment(settings);
    }

    /**
     * The environment of a server process with these settings (by their key): the shipped
     * methods and templates, no configuration file, every setting as the variable it is read from.
     */
    public static Map<String, String> environment(Map<String, String> settings) {
        Map<String, String> env = new HashMap<>();
        env.put("LEERKRING_CONFIG", "does-not-exist.properties");
        env.put("METHODS_DIR", Path.of("config/methods").toAbsolutePath().toString());
        env.put("TEMPLATES_DIR", Path.of("config/templates").toAbsolutePath().toString());
        settings.forEach((key, value) -> env.put(key.replace('.', '_').toUpperCase(java.util.Locale.ROOT), value));
        return env;
    }

    /** The settings of a server with Slack on, on {@code db}, its Web API at {@code slackApiUrl}, on any free port. */
    public static Map<String, String> slackServer(TestDatabases.TestDatabase db, String slackApiUrl) {
        Map<String, String> settings = new HashMap<>();
        settings.put(nl.leerkring.config.Config.DATABASE_URL, db.url());
        settings.put(nl.leerkring.config.Config.DATABASE_USER, db.user());
        settings.put(nl.leerkring.config.Config.DATABASE_PASSWORD, db.password());
        settings.put(nl.leerkring.config.Config.PORT, "0");
        settings.put(nl.leerkring.config.Config.SLACK_BOT_TOKEN, TestConfigs.BOT_TOKEN);
        settings.put(nl.leerkring.config.Config.SLACK_SIGNING_SECRET, TestConfigs.SIGNING_SECRET);
        settings.put(nl.leerkring.config.Config.SLACK_API_URL, slackApiUrl);
        return settings;
    }

    /** Starts {@code count} instances and waits until each listens. */
    public List<Instance> start(int count) {
        List<Instance> started = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            started.add(launch());
        }
        started.forEach(Instance::port);
        return started;
    }

    /** Kills one instance with SIGKILL and starts a new one in its place (not waiting for it to listen). */
    public synchronized Instance killAndReplace(Instance victim) {
        victim.kill();
        running.remove(victim);
        return launch();
    }

    /** Kills one instance with SIGKILL, and waits until it is gone. */
    public synchronized void kill(Instance victim) {
        victim.kill();
        running.remove(victim);
    }

    /** Starts one more instance (not waiting for it to listen). */
    public Instance startOne() {
        return launch();
    }

    public synchronized List<Instance> running() {
        return List.copyOf(running);
    }

    private synchronized Instance launch() {
        String classPath = classPath();
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx384m", "-cp", classPath, "nl.leerkring.Main", "server");
        builder.environment().keySet().removeIf(k -> k.startsWith("SLACK_") || k.startsWith("Microsoft") || k.startsWith("DATABASE_"));
        builder.environment().putAll(environment);
        builder.redirectErrorStream(true);
        try {
            Instance instance = new Instance(builder.start());
            running.add(instance);
            return instance;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start an instance", e);
        }
    }

    /**
     * The class path of the tests: surefire's, or under {@code exec:java} (a benchmark) the
     * URLs of the class loader that loaded this class.
     */
    public static String classPath() {
        String surefire = System.getProperty("surefire.test.class.path");
        if (surefire != null) {
            return surefire;
        }
        if (Instances.class.getClassLoader() instanceof java.net.URLClassLoader loader) {
            return java.util.Arrays.stream(loader.getURLs()).map(url -> {
                try {
                    return Path.of(url.toURI()).toString();
                } catch (java.net.URISyntaxException e) {
                    throw new IllegalStateException(e);
                }
            }).collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator));
        }
        return System.getProperty("java.class.path");
    }

    /** Waits for every running instance to listen (after replacements). */
    public void awaitListening(Duration timeout) {
        for (Instance instance : running()) {
            instance.port.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).join();
        }
    }

    @Override
    public synchronized void close() {
        running.forEach(Instance::kill);
        running.clear();
    }
}
