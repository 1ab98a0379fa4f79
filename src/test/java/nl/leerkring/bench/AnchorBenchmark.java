package nl.leerkring.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntFunction;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import nl.leerkring.config.Config;
import nl.leerkring.testing.FakeSlackApi;
import nl.leerkring.testing.FakeSlackApi.Call;
import nl.leerkring.testing.Instances;
import nl.leerkring.testing.SlackChannel;
import nl.leerkring.testing.SlackRequests;
import nl.leerkring.testing.TestConfigs;
import nl.leerkring.testing.TestDatabases;

/**
 * Leerkring against its anchors, in one run: a bare Bolt-Java app that only acks
 * ({@link BareBoltServer}), the Bot Framework echo bot ({@link EchoBotServer}), each also as the
 * floor of any inbox (writing a durable row before each answer, on H2 and on PostgreSQL), Leerkring on H2
 * and Leerkring on PostgreSQL (a fresh schema), each its own JVM, driven by {@code wrk} (an
 * external process) with pre-signed distinct requests, interleaved, in rounds. Then: a button
 * press to the next step's message at the fake Slack, {@code /kring help} with 10,000 circles in
 * the database against none, idle memory and memory after 100,000 commands, and cold starts to
 * {@code /healthz}. Started by {@code bench/run}, which builds and passes the class path.
 *
 * <p>System properties: {@code bench.quick} (one short round of everything), {@code bench.rounds}
 * (3), {@code bench.seconds} per run (15), {@code bench.warmup} seconds (10),
 * {@code bench.connections} (128), {@code bench.threads} of wrk (2), {@code bench.commands} to
 * reach on H2 before its memory is read (100,000), {@code bench.topup.seconds} (300, the most
 * spent reaching them), {@code bench.coldstarts} (5), {@code bench.jfr} (a flight recording of
 * each Leerkring JVM, summarised at the end), {@code bench.h2.variants} (more targets: Leerkring on H2
 * with these settings added to its database URL, separated by {@code |}; for example
 * {@code ;WRITE_DELAY=0} writes every commit before it returns, as before
 * {@code store.Durability}), {@code bench.baseline} (one more target: Leerkring on H2 from
 * an earlier build's classes, a folder such as another clone's {@code target/classes}, with this
 * build's libraries, to compare a change in the same run), {@code bench.keep} (leave the work folder, its
 * recordings and request files, and print where), {@code bench.jvm.flags} (for every target
 * JVM), {@code bench.lua} (the wrk script).
 */
public final class AnchorBenchmark {

    private static final String SECRET = TestConfigs.SIGNING_SECRET;
    private static final String LEERKRING_MAIN = "nl.leerkring.Main";
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private final boolean quick = Boolean.getBoolean("bench.quick");
    private final int rounds = Integer.getInteger("bench.rounds", quick ? 1 : 3);
    private final Duration runTime = Duration.ofSeconds(Integer.getInteger("bench.seconds", quick ? 8 : 15));
    private final Duration warmup = Duration.ofSeconds(Integer.getInteger("bench.warmup", quick ? 4 : 10));
    private final int connections = Integer.getInteger("bench.connections", 128);
    private final int wrkThreads = Integer.getInteger("bench.threads", 2);
    private final long commandsGoal = Long.getLong("bench.commands", 100_000);
    private final Duration topUpBudget = Duration.ofSeconds(Integer.getInteger("bench.topup.seconds", quick ? 15 : 300));
    private final int coldStarts = Integer.getInteger("bench.coldstarts", quick ? 2 : 5);
    private final boolean jfr = Boolean.getBoolean("bench.jfr");
    private final List<String> jvmFlags = flags(System.getProperty("bench.jvm.flags", ""));
    /** Which measures run: all by default; e.g. {@code slack,teams} for the rounds alone. */
    private final Set<String> parts = Set.of(System.getProperty("bench.parts", "quiet,help,button,slack,teams,topup,restart,cold").split(","));
    /** Bodies per run: enough distinct trigger_ids for this many requests per second. */
    private static final int BODIES_PER_SECOND = 3_000;
    /** Slack's bodies are small, and Leerkring's acks no longer wait for the handling: more of them. */
    private static final int SLACK_BODIES_PER_SECOND = 8_000;
    private static final Duration HELP_WAIT = Duration.ofSeconds(20);

    private final Path work;
    private final Wrk wrk;
    private final List<String> report = new ArrayList<>();

    /** A target JVM and what it is measured through. */
    private static final class Target {
        final String name;
        Jvm jvm;
        final FakeSlackApi slack;
        final CountingConnector connector;
        final TestDatabases.TestDatabase db;
        long commandsAcked;
        double idleRss;
        double loadedRss;
        long commandsAtLoadedRss;

        Target(String name, Jvm jvm, FakeSlackApi slack, CountingConnector connector, TestDatabases.TestDatabase db) {
            this.name = name;
            this.jvm = jvm;
            this.slack = slack;
            this.connector = connector;
            this.db = db;
        }

        String url() {
            return "http://127.0.0.1:" + jvm.port();
        }
    }

    /** One wrk run with the target's CPU and, for Teams, the replies the connector got. */
    private record Run(String kind, int round, Target target, Wrk.Result result, double serverCpuSeconds,
                       long delivered, double deliveryWindowSeconds, String load, double inboxEmptiedSeconds,
                       double serverCpuSecondsInRun) {
        double deliveredPerSecond() {
            return delivered / deliveryWindowSeconds;
        }
    }

    private final List<Run> runs = new ArrayList<>();
    /** Bare Bolt and the echo bot with a durable row before each answer ({@link DurableRows}): the floor of any inbox. */
    private final List<Target> slackFloors = new ArrayList<>();
    private final List<Target> teamsFloors = new ArrayList<>();

    private AnchorBenchmark(Path work) {
        this.work = work;
        this.wrk = new Wrk(Path.of(System.getProperty("bench.lua", "bench/requests.lua")).toAbsolutePath(), work,
                wrkThreads, connections);
    }

    public static void main(String[] args) throws Exception {
        Path work = Files.createTempDirectory("leerkring-anchors");
        try {
            new AnchorBenchmark(work).run();
        } finally {
            if (Boolean.getBoolean("bench.keep")) {
                System.out.println("Kept " + work);
            } else {
                deleteTree(work);
            }
        }
        System.exit(0);
    }

    private void run() throws Exception {
        System.out.printf("Anchor benchmark%s: %d round(s) of %d s per target, wrk %d threads %d connections; warm-up %d s%n",
                quick ? " (--quick)" : "", rounds, runTime.toSeconds(), wrkThreads, connections, warmup.toSeconds());
        System.out.printf("Java %s, %d processors, load average %s, target JVM flags %s%n", System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(), loadAverage(), jvmFlags.isEmpty() ? "(defaults)" : jvmFlags);

        TestDatabases.TestDatabase pgDb;
        List<TestDatabases.TestDatabase> floorPgDbs = new ArrayList<>();
        try {
            pgDb = TestDatabases.postgres();
        } catch (RuntimeException | Error e) {
            System.out.println("PostgreSQL is not reachable, so Leerkring on PostgreSQL is left out: " + e.getMessage());
            pgDb = null;
        }
        List<AutoCloseable> toClose = new ArrayList<>();
        List<Target> all = new ArrayList<>();
        try {
            FakeSlackApi bareSlack = quiet(FakeSlackApi.start(), toClose);
            CountingConnector echoConnector = closing(new CountingConnector(), toClose);
            Target bare = new Target("bare Bolt", Jvm.start("bare-bolt", jvmFlags, BareBoltServer.class.getName(), List.of(),
                    Map.of("SLACK_SIGNING_SECRET", SECRET, "SLACK_BOT_TOKEN", TestConfigs.BOT_TOKEN,
                            "SLACK_API_URL", bareSlack.apiUrl())), bareSlack, null, null);
            all.add(bare);
            Target echo = new Target("echo bot", Jvm.start("echo-bot", jvmFlags, EchoBotServer.class.getName(), List.of(), Map.of()),
                    null, echoConnector, null);
            all.add(echo);
            // the floors: each anchor again, writing a durable row before each answer
            for (String where : pgDb == null ? List.of("H2") : List.of("H2", "PostgreSQL")) {
                FakeSlackApi floorSlack = quiet(FakeSlackApi.start(), toClose);
                Map<String, String> boltEnv = new HashMap<>(Map.of("SLACK_SIGNING_SECRET", SECRET,
                        "SLACK_BOT_TOKEN", TestConfigs.BOT_TOKEN, "SLACK_API_URL", floorSlack.apiUrl()));
                boltEnv.putAll(durableRows(floorDatabase(where, "bolt", floorPgDbs)));
                slackFloors.add(new Target("bare Bolt + durable row " + where, Jvm.start("floor-bolt-" + where.toLowerCase(Locale.ROOT),
                        jvmFlags, BareBoltServer.class.getName(), List.of(), boltEnv), floorSlack, null, null));
                teamsFloors.add(new Target("echo bot + durable row " + where, Jvm.start("floor-echo-" + where.toLowerCase(Locale.ROOT),
                        jvmFlags, EchoBotServer.class.getName(), List.of(), durableRows(floorDatabase(where, "echo", floorPgDbs))),
                        null, closing(new CountingConnector(), toClose), null));
            }
            all.addAll(slackFloors);
            all.addAll(teamsFloors);
            Target h2 = leerkring("Leerkring H2", TestDatabases.h2(work.resolve("h2")), toClose);
            all.add(h2);
            int variant = 0;
            for (String options : System.getProperty("bench.h2.variants", "").split("\\|")) {
                if (!options.isBlank()) {
                    all.add(leerkring("Leerkring H2 " + options.replaceFirst("^;", ""), new TestDatabases.TestDatabase(
                            TestDatabases.h2(work.resolve("h2-variant-" + ++variant)).url() + options, "", ""), toClose));
                }
            }
            String baseline = System.getProperty("bench.baseline", "");
            if (!baseline.isEmpty()) {
                all.add(leerkring("Leerkring H2 baseline", TestDatabases.h2(work.resolve("h2-baseline")), toClose,
                        baselineClassPath(Path.of(baseline))));
            }
            Target pg = pgDb == null ? null : leerkring("Leerkring PostgreSQL", pgDb, toClose);
            if (pg != null) {
                all.add(pg);
            }
            for (Target t : all) {
                t.jvm.port();
            }
            List<Target> leerkrings = all.stream().filter(t -> t.name.startsWith("Leerkring")).toList();
            List<Target> slackTargets = targetsOf(bare, slackFloors, leerkrings);
            List<Target> teamsTargets = targetsOf(echo, teamsFloors, leerkrings);

            Thread.sleep(5_000);
            for (Target t : all) {
                t.idleRss = t.jvm.rssMegabytes();
            }

            // before any load: nothing else runs, no backlog is being worked off
            section("Slack acks one at a time on the quiet machine");
            for (Target t : parts.contains("quiet") ? leerkrings : List.<Target>of()) {
                out("Slack ack one at a time, quiet machine, %s: %s", t.name, quietAcks(t, quick ? 100 : 300, quick ? 100 : 300));
            }

            section("Warm-up (not counted)");
            for (Target t : slackTargets) {
                slackRun("warm-up", 0, t, warmup, false);
            }
            for (Target t : teamsTargets) {
                teamsRun("warm-up", 0, t, warmup, false);
            }

            section("/kring help, no circles in the database");
            Map<String, String> helpEmpty = new LinkedHashMap<>();
            for (Target t : parts.contains("help") ? leerkrings : List.<Target>of()) {
                helpEmpty.put(t.name, helpLatency(t, "THELPE", quick ? 30 : 100));
            }

            section("Button press to the next step's message");
            Map<String, String> buttons = new LinkedHashMap<>();
            for (Target t : parts.contains("button") ? leerkrings : List.<Target>of()) {
                try {
                    buttons.put(t.name, buttonLatency(t, quick ? 2 : 5, 10));
                } catch (IllegalStateException e) {
                    buttons.put(t.name, "failed: " + e.getMessage());
                    System.out.println(t.name + ": button measure failed: " + e.getMessage());
                }
            }

            for (int round = 1; round <= rounds; round++) {
                section("Round " + round);
                for (Target t : parts.contains("slack") ? rotate(slackTargets, round - 1) : List.<Target>of()) {
                    slackRun("slack", round, t, runTime, true);
                }
                for (Target t : parts.contains("teams") ? rotate(teamsTargets, round - 1) : List.<Target>of()) {
                    teamsRun("teams", round, t, runTime, true);
                }
            }

            section("Commands to Leerkring H2 until " + commandsGoal + " (at most " + topUpBudget.toSeconds() + " s)");
            long topUpStart = System.nanoTime();
            while (parts.contains("topup") && h2.commandsAcked < commandsGoal) {
                long left = topUpBudget.toSeconds() - (System.nanoTime() - topUpStart) / 1_000_000_000L;
                if (left < 3) {
                    break;
                }
                slackRun("top-up", 0, h2, Duration.ofSeconds(Math.min(30, left)), false);
            }
            Thread.sleep(5_000);
            for (Target t : all) {
                t.loadedRss = t.jvm.rssMegabytes();
                t.commandsAtLoadedRss = t.commandsAcked;
            }

            section("/kring help with 10,000 circles in the database");
            Map<String, String> helpFull = new LinkedHashMap<>();
            Map<String, String> restart = new LinkedHashMap<>();
            if (parts.contains("restart")) {
                if (pg != null) {
                    insertCircles(pg.db, "THELPF", 10_000);
                    helpFull.put(pg.name, helpLatency(pg, "THELPF", quick ? 30 : 100));
                }
                Jvm old = h2.jvm;
                old.close();
                insertCircles(h2.db, "THELPF", 10_000);
                int port = freePort();
                Map<String, String> settings = leerkringSettings(h2.db, h2.slack.apiUrl(), port);
                h2.jvm = Jvm.start("leerkring-h2", leerkringFlags("leerkring-h2-restarted"), LEERKRING_MAIN, List.of("server"),
                        Instances.environment(settings));
                restart.put(h2.name, String.format("%.0f ms", healthzMillis(h2.jvm, port)));
                slackRun("warm-up", 0, h2, warmup, false);
                helpFull.put(h2.name, helpLatency(h2, "THELPF", quick ? 30 : 100));
            }

            // the built jar as the README runs it (java @config/jvm.options -jar target/leerkring.jar
            // server: the class archive and the JVM options), not the test class path; bench.jvm.flags do not apply
            section("Cold start to /healthz 200 (Leerkring on a new H2 database, the jar as the README starts it)");
            // the targets stop first: after the load they may still be working off a backlog (the
            // paced replies), and a start beside them would measure their CPU as well
            for (Target t : all) {
                t.jvm.close();
            }
            List<Double> cold = new ArrayList<>();
            List<Double> coldRss = new ArrayList<>();
            for (int i = 0; i < coldStarts; i++) {
                int coldPort = freePort();
                TestDatabases.TestDatabase db = TestDatabases.h2(work.resolve("cold-" + i));
                try (Jvm jvm = Jvm.startJar("cold-" + i, List.of("server"),
                        Instances.environment(leerkringSettings(db, h2.slack.apiUrl(), coldPort)))) {
                    cold.add(healthzMillis(jvm, coldPort));
                    coldRss.add(jvm.rssMegabytes());
                }
                System.out.printf("cold start %d: %.0f ms to /healthz 200, RSS then %.0f MB%n", i + 1, cold.get(i), coldRss.get(i));
            }
            // idle as the "Memory" lines read it: 5 s after start, no request
            try (Jvm jvm = Jvm.startJar("idle-jar", List.of("server"),
                    Instances.environment(leerkringSettings(TestDatabases.h2(work.resolve("idle-jar")), h2.slack.apiUrl(), 0)))) {
                jvm.port();
                Thread.sleep(Math.max(0, 5_000 - (System.nanoTime() - jvm.startedNanos) / 1_000_000));
                double idle = jvm.rssMegabytes();
                System.out.printf("the jar as the README starts it, new H2 database: idle %.0f MB%n", idle);
                out("Memory of Leerkring H2 as the README starts it (jar, config/jvm.options), new database: idle %.0f MB", idle);
            }

            summary(bare, echo, leerkrings, all, helpEmpty, helpFull, buttons, restart, cold);
        } finally {
            for (Target t : all) {
                t.jvm.close();
            }
            for (AutoCloseable c : toClose) {
                try {
                    c.close();
                } catch (Exception e) {
                    System.out.println("closing: " + e);
                }
            }
            TestDatabases.dropIfPostgres(pgDb);
            floorPgDbs.forEach(TestDatabases::dropIfPostgres);
            if (jfr) {
                JfrSummary.print(work);
            }
        }
    }

    // ------------------------------------------------------------------------------------------
    // Targets

    private Target leerkring(String name, TestDatabases.TestDatabase db, List<AutoCloseable> toClose) {
        return leerkring(name, db, toClose, Instances.classPath());
    }

    private Target leerkring(String name, TestDatabases.TestDatabase db, List<AutoCloseable> toClose, String classPath) {
        FakeSlackApi slack = quiet(FakeSlackApi.start(), toClose);
        // each phase's channels belong to its own workspace, as Slack's conversations.info says
        // (the load's backlog, paced per workspace, is not the help's or the buttons')
        slack.channelsOf("TLOAD", "CLOAD");
        slack.channelsOf("THELPE", "CTHELPE");
        slack.channelsOf("THELPF", "CTHELPF");
        slack.channelsOf("TBTN", "CBTN");
        CountingConnector connector = closing(new CountingConnector(), toClose);
        String process = name.toLowerCase(java.util.Locale.ROOT).replace(' ', '-');
        Jvm jvm = Jvm.start(process, leerkringFlags(process), classPath, LEERKRING_MAIN, List.of("server"),
                Instances.environment(leerkringSettings(db, slack.apiUrl(), 0)));
        return new Target(name, jvm, slack, connector, db);
    }

    /**
     * Leerkring as {@code nl.leerkring.Main server} with Slack against the fake, Teams in emulator
     * mode, and no limit of connections or threads per client address: wrk's 128 connections all
     * come from 127.0.0.1, where Slack's would come from many addresses.
     */
    private static Map<String, String> leerkringSettings(TestDatabases.TestDatabase db, String slackApiUrl, int port) {
        Map<String, String> settings = new HashMap<>(Instances.slackServer(db, slackApiUrl));
        settings.put(Config.PORT, Integer.toString(port));
        settings.put(Config.TEAMS_EMULATOR, "true");
        settings.put(Config.HTTP_CONNECTIONS_PER_CLIENT, "0");
        settings.put(Config.HTTP_THREADS_PER_CLIENT, "0");
        return settings;
    }

    /** This run's class path with {@code classes} in place of this build's main classes. */
    private static String baselineClassPath(Path classes) {
        if (!Files.isRegularFile(classes.resolve(LEERKRING_MAIN.replace('.', '/') + ".class"))) {
            throw new IllegalArgumentException("bench.baseline: no " + LEERKRING_MAIN + " under " + classes);
        }
        Path own = Path.of("target/classes").toAbsolutePath();
        return Arrays.stream(Instances.classPath().split(java.io.File.pathSeparator))
                .map(entry -> Path.of(entry).toAbsolutePath().equals(own) ? classes.toAbsolutePath().toString() : entry)
                .collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator));
    }

    private List<String> leerkringFlags(String process) {
        List<String> flags = new ArrayList<>(jvmFlags);
        if (jfr) {
            flags.add("-XX:FlightRecorderOptions:stackdepth=256");
            flags.add("-XX:StartFlightRecording=dumponexit=true,settings=profile,filename="
                    + work.resolve(process + ".jfr").toAbsolutePath());
        }
        return flags;
    }

    // ------------------------------------------------------------------------------------------
    // Load

    private void slackRun(String kind, int round, Target t, Duration duration, boolean counted) throws Exception {
        int bodies = (int) Math.max(2_000, duration.toSeconds() * SLACK_BODIES_PER_SECOND);
        if (t.slack != null && kind.equals("top-up")) {
            bodies = (int) Math.min(bodies, Math.max(2_000, commandsGoal - t.commandsAcked));
        }
        Path file = wrk.slashCommands("TLOAD", "help", bodies, SECRET);
        String load = loadAverage();
        double cpu = t.jvm.cpuSeconds();
        Wrk.Result r = wrk.run(t.url(), "/slack/events", file, duration);
        double usedInRun = t.jvm.cpuSeconds() - cpu;
        double emptied = inboxEmptied(t);
        double used = t.jvm.cpuSeconds() - cpu;
        t.commandsAcked += Math.min(r.requests(), r.bodies()) - r.errors();
        Run run = new Run(kind, round, t, r, used, 0, 0, load, emptied, usedInRun);
        print("Slack", run);
        if (counted) {
            runs.add(run);
        }
    }

    /**
     * A Teams run: wrk posts activities for the run's time; the connector's count of replies is
     * read at the start, and after the run until there is one per acked activity, or it has not
     * changed for 5 s since the first came, or 60 s have passed.
     * Replies per second = replies counted / (run time + time until the last one came).
     */
    private void teamsRun(String kind, int round, Target t, Duration duration, boolean counted) throws Exception {
        Path file = wrk.teamsActivities(t.connector.serviceUrl(), (int) (duration.toSeconds() * BODIES_PER_SECOND));
        String load = loadAverage();
        long before = t.connector.activities();
        double cpu = t.jvm.cpuSeconds();
        Wrk.Result r = wrk.run(t.url(), "/api/messages", file, duration);
        double usedInRun = t.jvm.cpuSeconds() - cpu;
        long end = System.nanoTime();
        long last = t.connector.activities();
        long lastChange = end;
        long acked = r.requests() - r.errors();
        while (last - before < acked && (last == before || System.nanoTime() - lastChange < 5_000_000_000L)
                && System.nanoTime() - end < 60_000_000_000L) {
            Thread.sleep(50);
            long now = t.connector.activities();
            if (now != last) {
                last = now;
                lastChange = System.nanoTime();
            }
        }
        double emptied = inboxEmptied(t);
        double used = t.jvm.cpuSeconds() - cpu;
        double window = r.seconds() + (lastChange - end) / 1e9;
        Run run = new Run(kind, round, t, r, used, last - before, window, load, emptied, usedInRun);
        print("Teams", run);
        if (counted) {
            runs.add(run);
        }
    }

    private static final Pattern UNHANDLED = Pattern.compile("\"unhandled\":(\\d+)");

    /**
     * Seconds from now until Leerkring's inbox is empty (every acked event handled; asked once a
     * second, so up to a second late), so that its
     * work after a run does not share the machine with the next target's run; at most 300 s.
     * 0 for the anchors, which have no inbox.
     */
    private static double inboxEmptied(Target t) throws InterruptedException {
        if (t.db == null) {
            return 0;
        }
        long start = System.nanoTime();
        HttpRequest health = HttpRequest.newBuilder(URI.create(t.url() + "/healthz")).timeout(Duration.ofSeconds(5)).build();
        while (System.nanoTime() - start < 300_000_000_000L) {
            try {
                Matcher m = UNHANDLED.matcher(HTTP.send(health, HttpResponse.BodyHandlers.ofString()).body());
                if (m.find() && m.group(1).equals("0")) {
                    break;
                }
            } catch (IOException e) {
                // busy: asked again
            }
            // not more often: /healthz counts the outbox's backlog, which costs the target CPU
            Thread.sleep(1_000);
        }
        return (System.nanoTime() - start) / 1e9;
    }

    private static void print(String door, Run run) {
        Wrk.Result r = run.result();
        String teams = door.equals("Slack") ? ""
                : String.format("; replies at the connector %d, %.0f/s over %.1f s", run.delivered(), run.deliveredPerSecond(),
                        run.deliveryWindowSeconds());
        System.out.printf("%-7s %-6s %-20s %8.0f req/s  p50 %7.2f ms  p99 %8.2f ms  errors %d%s  server CPU %.2f ms/req  load %s%s%n",
                run.kind(), door, run.target().name, r.perSecond(), r.p50Millis(), r.p99Millis(), r.errors(),
                r.wrapped() ? " (bodies reused)" : "", 1000 * run.serverCpuSeconds() / Math.max(1, r.requests()), run.load(), teams);
        if (run.target().db != null) {
            System.out.printf("        inbox empty %.1f s after the run: %.0f events handled/s from the run's start;"
                            + " server CPU during the run %.2f ms/req, after it %.2f ms/req%n",
                    run.inboxEmptiedSeconds(), (r.requests() - r.errors()) / (r.seconds() + run.inboxEmptiedSeconds()),
                    1000 * run.serverCpuSecondsInRun() / Math.max(1, r.requests()),
                    1000 * (run.serverCpuSeconds() - run.serverCpuSecondsInRun()) / Math.max(1, r.requests()));
        }
    }

    // ------------------------------------------------------------------------------------------
    // Single requests

    /**
     * {@code /kring help} one at a time, each after the last one's reply arrived at the fake Slack,
     * {@code warm + samples} times, spread over 50 channels in 50 workspaces (each learnt once,
     * and within each workspace's pace) and a person of its own each: the time to the ack of the
     * last {@code samples}. Nothing else runs meanwhile: the machine is as quiet as it gets with
     * the targets started.
     */
    private String quietAcks(Target t, int warm, int samples) throws Exception {
        for (int w = 0; w < 50; w++) {
            t.slack.channelsOf(String.format("TQ%02d", w), String.format("CTQ%02d", w));
        }
        OneAtATime helps = helpsOneAtATime(t, warm, samples,
                i -> new Asker(String.format("TQ%02d", i % 50), String.format("CTQ%02d", i % 50), "UQ" + i));
        String line = String.format("ack p50 %.1f ms p99 %.1f ms max %.1f ms (%d after %d not counted)%s",
                percentile(helps.acks(), 0.5), percentile(helps.acks(), 0.99), percentile(helps.acks(), 1.0), samples, warm,
                helps.missing() == 0 ? "" : "; " + helps.missing() + " replies not at the fake within " + HELP_WAIT.toSeconds() + " s");
        System.out.println(t.name + ": " + line);
        return line;
    }

    /**
     * {@code samples} times, one after the other, {@code /kring help} in a channel of its own in
     * {@code team}: the time to the ack, and to the help's arrival at the fake Slack API.
     */
    private String helpLatency(Target t, String team, int samples) throws Exception {
        OneAtATime helps = helpsOneAtATime(t, 0, samples, i -> new Asker(team, "C" + team + i, "U" + team + i));
        String line = String.format("ack p50 %.1f ms p99 %.1f ms; at the fake p50 %.1f ms p99 %.1f ms (%d, one at a time)%s",
                percentile(helps.acks(), 0.5), percentile(helps.acks(), 0.99), percentile(helps.arrivals(), 0.5),
                percentile(helps.arrivals(), 0.99), samples,
                helps.missing() == 0 ? "" : "; " + helps.missing() + " not at the fake within " + HELP_WAIT.toSeconds() + " s");
        System.out.println(t.name + ": " + line);
        return line;
    }

    /** Who asks for the help, and where. */
    private record Asker(String team, String channel, String user) {
    }

    /**
     * The counted acks and arrivals (nanoseconds from sending), and how many replies of all sent
     * did not reach the fake within {@link #HELP_WAIT}.
     */
    private record OneAtATime(long[] acks, long[] arrivals, int missing) {
    }

    /**
     * {@code warm + samples} times {@code /kring help} by {@code askers.apply(i)}, each sent after
     * the last one's reply reached the fake Slack (or {@link #HELP_WAIT} passed); the first
     * {@code warm} are not counted.
     */
    private OneAtATime helpsOneAtATime(Target t, int warm, int samples, IntFunction<Asker> askers) throws Exception {
        SlackRequests requests = new SlackRequests(URI.create(t.url() + "/slack/events"), SECRET);
        long[] acks = new long[samples];
        List<Long> arrivals = new ArrayList<>();
        int missing = 0;
        t.slack.recordCalls(true);
        try {
            for (int i = 0; i < warm + samples; i++) {
                Asker asker = askers.apply(i);
                long sent = System.nanoTime();
                send(requests.signed(SlackRequests.FORM, SlackRequests.slashCommand(asker.team(), asker.channel(), asker.user(), "help")));
                long ack = System.nanoTime() - sent;
                Optional<Call> help = findCall(t.slack, c -> c.isChat() && asker.channel().equals(c.field("channel"))
                        && asker.user().equals(c.field("user")), HELP_WAIT);
                if (help.isEmpty()) {
                    missing++;
                }
                if (i >= warm) {
                    acks[i - warm] = ack;
                    help.ifPresent(h -> arrivals.add(h.atNanos() - sent));
                }
            }
        } finally {
            t.slack.recordCalls(false);
        }
        return new OneAtATime(acks, arrivals.stream().mapToLong(Long::longValue).toArray(), missing);
    }

    /**
     * In {@code channels} circles of four in one workspace, {@code rounds} times: a case with
     * actieleren, its step 1 at the fake, a pause of 1.2 s (Slack's one post per second per
     * channel; a person reads the step first), then the bringer presses "Volgende stap" as it was
     * rendered: the time from sending the press to step 2's arrival at the fake.
     */
    private String buttonLatency(Target t, int rounds, int channels) throws Exception {
        String team = "TBTN";
        SlackRequests requests = new SlackRequests(URI.create(t.url() + "/slack/events"), SECRET);
        List<String> members = List.of("UBOB", "UCAROL", "UDAVE");
        long[] latencies = new long[rounds * channels];
        long[] acks = new long[rounds * channels];
        t.slack.recordCalls(true);
        try {
            for (int c = 0; c < channels; c++) {
                command(requests, team, "CBTN" + c, "UALICE", "start");
            }
            for (int c = 0; c < channels; c++) {
                String channel = "CBTN" + c;
                awaitPost(t.slack, channel, p -> p.field("text").contains("Dit kanaal is nu een leerkring"));
            }
            for (String member : members) {
                for (int c = 0; c < channels; c++) {
                    command(requests, team, "CBTN" + c, "UALICE", "rol <@" + member + "|" + member.toLowerCase() + "> lid");
                }
                for (int c = 0; c < channels; c++) {
                    awaitPost(t.slack, "CBTN" + c, p -> p.field("text").contains("<@" + member + "> is nu lid"));
                }
            }
            int n = 0;
            for (int round = 0; round < rounds; round++) {
                for (int c = 0; c < channels; c++) {
                    command(requests, team, "CBTN" + c, "UALICE", "casus actieleren Casus " + round + "-" + c);
                }
                List<Call> steps = new ArrayList<>();
                for (int c = 0; c < channels; c++) {
                    String title = "Casus " + round + "-" + c;
                    Call start = awaitPost(t.slack, "CBTN" + c, p -> p.field("text").startsWith(title));
                    steps.add(awaitPost(t.slack, "CBTN" + c,
                            p -> p.threadTs().equals(start.ref()) && p.field("text").startsWith("Stap 1 van 9")));
                }
                Thread.sleep(1_200);
                for (int c = 0; c < channels; c++) {
                    Call step1 = steps.get(c);
                    JsonNode next = SlackChannel.button(step1, "Volgende stap");
                    String channel = "CBTN" + c;
                    long sent = System.nanoTime();
                    send(requests.signed(SlackRequests.FORM, SlackRequests.buttonPress(team, channel, "UALICE",
                            next.path("action_id").asText(), next.path("value").asText(), step1.ref(), step1.threadTs(), false,
                            SlackRequests.newTrigger())));
                    acks[n] = System.nanoTime() - sent;
                    Call step2 = awaitPost(t.slack, channel,
                            p -> p.threadTs().equals(step1.threadTs()) && p.field("text").startsWith("Stap 2 van 9"));
                    latencies[n++] = step2.atNanos() - sent;
                }
            }
        } finally {
            t.slack.recordCalls(false);
        }
        String line = String.format("press to step 2 at the fake p50 %.1f ms p99 %.1f ms max %.1f ms (ack p50 %.1f ms); %d presses",
                percentile(latencies, 0.5), percentile(latencies, 0.99), percentile(latencies, 1.0), percentile(acks, 0.5),
                latencies.length);
        System.out.println(t.name + ": " + line);
        return line;
    }

    private static void command(SlackRequests requests, String team, String channel, String user, String text) throws Exception {
        send(requests.signed(SlackRequests.FORM, SlackRequests.slashCommand(team, channel, user, text)));
    }

    /**
     * Sends one request; once more when the connection was closed before any answer: a pooled
     * keep-alive connection that the server's idle timeout (20 s) closed between two phases.
     */
    private static void send(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpRequest built = request.build();
        HttpResponse<String> response;
        try {
            response = HTTP.send(built, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            System.out.println("request failed (" + e.getMessage() + "); sent once more");
            response = HTTP.send(built, HttpResponse.BodyHandlers.ofString());
        }
        if (response.statusCode() != 200) {
            throw new IllegalStateException("Slack request answered " + response.statusCode() + ": " + response.body());
        }
    }

    private static Call awaitPost(FakeSlackApi slack, String channel, Predicate<Call> matching) throws InterruptedException {
        return awaitCall(slack, c -> c.method().equals("chat.postMessage") && channel.equals(c.field("channel")) && matching.test(c));
    }

    /** The first matching call at the fake; waits at most 30 s. */
    private static Call awaitCall(FakeSlackApi slack, Predicate<Call> matching) throws InterruptedException {
        return findCall(slack, matching, Duration.ofSeconds(30))
                .orElseThrow(() -> new IllegalStateException("no matching call at the fake Slack within 30 s"));
    }

    /** Polls the fake's calls every 2 ms; the call's own arrival time is what is measured. */
    private static Optional<Call> findCall(FakeSlackApi slack, Predicate<Call> matching, Duration wait) throws InterruptedException {
        long until = System.nanoTime() + wait.toNanos();
        while (System.nanoTime() < until) {
            Optional<Call> found = slack.calls().stream().filter(matching).findFirst();
            if (found.isPresent()) {
                return found;
            }
            Thread.sleep(2);
        }
        return Optional.empty();
    }

    /** Milliseconds from the process start until {@code GET /healthz} answers 200 (polled every 10 ms). */
    private static double healthzMillis(Jvm jvm, int port) throws InterruptedException {
        HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/healthz"))
                .timeout(Duration.ofSeconds(5)).build();
        long until = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < until) {
            try {
                if (HTTP.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return (System.nanoTime() - jvm.startedNanos) / 1e6;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(10);
        }
        throw new IllegalStateException(jvm.name + " did not answer /healthz 200 within 60 s:\n" + jvm.tail(30));
    }

    /** {@code count} circles with one facilitator each in {@code team}, written straight into the database. */
    private static void insertCircles(TestDatabases.TestDatabase db, String team, int count) throws SQLException {
        // H2 as Leerkring opens it: PostgreSQL mode, lower-case names
        String url = db.url().startsWith("jdbc:h2:") ? db.url() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE" : db.url();
        try (Connection c = DriverManager.getConnection(url, db.user(), db.password())) {
            c.setAutoCommit(false);
            OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
            try (PreparedStatement insert = c.prepareStatement(
                    "INSERT INTO circle (platform, workspace_id, channel_id, language, created_at) VALUES ('SLACK', ?, ?, 'nl', ?)")) {
                for (int i = 0; i < count; i++) {
                    insert.setString(1, team);
                    insert.setString(2, "CCIRCLE" + i);
                    insert.setObject(3, now);
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            try (PreparedStatement members = c.prepareStatement("INSERT INTO circle_member (circle_id, user_id, role, joined_at) "
                    + "SELECT id, 'UCIRCLEFACILITATOR', 'FACILITATOR', created_at FROM circle WHERE workspace_id = ?")) {
                members.setString(1, team);
                members.executeUpdate();
            }
            c.commit();
        }
        System.out.printf("%d circles written in workspace %s%n", count, team);
    }

    // ------------------------------------------------------------------------------------------
    // Summary

    private void summary(Target bare, Target echo, List<Target> leerkrings, List<Target> all, Map<String, String> helpEmpty,
                         Map<String, String> helpFull, Map<String, String> buttons, Map<String, String> restart,
                         List<Double> cold) {
        section("Summary");
        out("Slack ack (wrk, %d connections, %d x %d s per target; req/s: all rounds' requests / their time; p50: median of the rounds', p99: highest of the rounds')",
                connections, rounds, runTime.toSeconds());
        out("| target | req/s per round | req/s | p50 ms | p99 ms | errors | server CPU ms/req | / bare Bolt |");
        out("|---|---|---:|---:|---:|---:|---:|---:|");
        double bareRate = rate(bare, "slack");
        for (Target t : targetsOf(bare, slackFloors, leerkrings)) {
            List<Run> rs = runsOf(t, "slack");
            out("| %s | %s | %.0f | %.2f | %.2f | %d | %.3f | %.2f |", t.name, perRound(rs, r -> r.result().perSecond()), rate(t, "slack"),
                    median(rs.stream().mapToDouble(r -> r.result().p50Millis()).toArray()),
                    rs.stream().mapToDouble(r -> r.result().p99Millis()).max().orElse(Double.NaN),
                    rs.stream().mapToLong(r -> r.result().errors()).sum(), cpuPerRequest(rs), rate(t, "slack") / bareRate);
        }
        out("");
        out("Teams (echo bot: acks/s, each ack after its reply reached the connector; Leerkring: replies at the connector / (run + time until the last))");
        out("| target | acks/s | p50 ms | p99 ms | errors | replies/s per round | replies/s | / echo acks/s |");
        out("|---|---:|---:|---:|---:|---|---:|---:|");
        double echoRate = rate(echo, "teams");
        for (Target t : targetsOf(echo, teamsFloors, leerkrings)) {
            List<Run> rs = runsOf(t, "teams");
            double delivered = rs.stream().mapToLong(Run::delivered).sum()
                    / rs.stream().mapToDouble(Run::deliveryWindowSeconds).sum();
            out("| %s | %.0f | %.2f | %.2f | %d | %s | %.0f | %.2f |", t.name, rate(t, "teams"),
                    median(rs.stream().mapToDouble(r -> r.result().p50Millis()).toArray()),
                    rs.stream().mapToDouble(r -> r.result().p99Millis()).max().orElse(Double.NaN),
                    rs.stream().mapToLong(r -> r.result().errors()).sum(), perRound(rs, Run::deliveredPerSecond), delivered,
                    delivered / echoRate);
        }
        out("");
        out("Button press -> next step message at the fake Slack:");
        buttons.forEach((name, line) -> out("- %s: %s", name, line));
        out("/kring help, one at a time:");
        helpEmpty.forEach((name, line) -> out("- %s, no circles: %s", name, line));
        helpFull.forEach((name, line) -> out("- %s, 10,000 circles: %s", name, line));
        out("Cold start to /healthz 200 (new H2 database): %s ms; median %.0f ms", Arrays.toString(cold.stream().mapToLong(Math::round).toArray()),
                median(cold.stream().mapToDouble(Double::doubleValue).toArray()));
        restart.forEach((name, line) -> out("Restart of %s on its database with 10,000 circles and the load's rows: %s to /healthz 200", name, line));
        for (Path file : h2Files()) {
            out("H2 file %s: %.0f MB", work.relativize(file), sizeMegabytes(file));
        }
        out("Memory (VmRSS): idle after start, and after the load");
        for (Target t : all) {
            out("- %s: idle %.0f MB; after the load %.0f MB%s", t.name, t.idleRss, t.loadedRss,
                    t.slack != null && t.connector != null ? String.format(" (%d Slack commands acked by then)", t.commandsAtLoadedRss) : "");
        }
        System.out.println();
        report.forEach(System.out::println);
    }

    /** The anchor, its floors and Leerkring. */
    private static List<Target> targetsOf(Target anchor, List<Target> floors, List<Target> leerkrings) {
        List<Target> list = new ArrayList<>(List.of(anchor));
        list.addAll(floors);
        list.addAll(leerkrings);
        return list;
    }

    /** A new database for a floor: an H2 file of its own, or a new PostgreSQL schema (kept in {@code made} to drop). */
    private TestDatabases.TestDatabase floorDatabase(String where, String anchor, List<TestDatabases.TestDatabase> made) {
        if (where.equals("H2")) {
            return TestDatabases.h2(work.resolve("floor-" + anchor + "-h2"));
        }
        TestDatabases.TestDatabase db = TestDatabases.postgres();
        made.add(db);
        return db;
    }

    private static Map<String, String> durableRows(TestDatabases.TestDatabase db) {
        return Map.of("DURABLE_ROWS_URL", db.url(), "DURABLE_ROWS_USER", db.user());
    }

    private List<Run> runsOf(Target t, String kind) {
        return runs.stream().filter(r -> r.target() == t && r.kind().equals(kind)).toList();
    }

    private double rate(Target t, String kind) {
        List<Run> rs = runsOf(t, kind);
        return rs.stream().mapToLong(r -> r.result().requests()).sum() / rs.stream().mapToDouble(r -> r.result().seconds()).sum();
    }

    private static double cpuPerRequest(List<Run> rs) {
        return 1000 * rs.stream().mapToDouble(Run::serverCpuSeconds).sum() / Math.max(1, rs.stream().mapToLong(r -> r.result().requests()).sum());
    }

    private static String perRound(List<Run> rs, java.util.function.ToDoubleFunction<Run> value) {
        return String.join(" / ", rs.stream().map(r -> String.format("%.0f", value.applyAsDouble(r))).toList());
    }

    private void out(String format, Object... args) {
        report.add(String.format(format, args));
    }

    private static void section(String title) {
        System.out.printf("%n== %s == (load average %s)%n", title, loadAverage());
    }

    static double percentile(long[] nanos, double p) {
        if (nanos.length == 0) {
            return Double.NaN;
        }
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        int index = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
    }

    private List<Path> h2Files() {
        try (Stream<Path> files = Files.walk(work)) {
            // the targets' files; those of the cold starts and the idle jar hold only the schema
            return files.filter(f -> f.getFileName().toString().endsWith(".mv.db") && sizeMegabytes(f) >= 1).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static double sizeMegabytes(Path file) {
        try {
            return Files.size(file) / 1024.0 / 1024.0;
        } catch (IOException e) {
            return Double.NaN;
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted.length == 0 ? Double.NaN : sorted[sorted.length / 2];
    }

    private static <T> List<T> rotate(List<T> list, int by) {
        List<T> rotated = new ArrayList<>(list);
        java.util.Collections.rotate(rotated, -by);
        return rotated;
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            return "?";
        }
    }

    private static List<String> flags(String value) {
        return value.isBlank() ? List.of() : List.of(value.trim().split("\\s+"));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static FakeSlackApi quiet(FakeSlackApi slack, List<AutoCloseable> toClose) {
        slack.recordCalls(false);
        toClose.add(slack);
        return slack;
    }

    private static <T extends AutoCloseable> T closing(T closeable, List<AutoCloseable> toClose) {
        toClose.add(closeable);
        return closeable;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
