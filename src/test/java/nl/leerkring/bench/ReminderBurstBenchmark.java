package nl.leerkring.bench;

import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import nl.leerkring.Leerkring;
import nl.leerkring.config.Config;
import nl.leerkring.console.ConsoleSender;
import nl.leerkring.testing.FakeSlackApi;
import nl.leerkring.testing.Instances;
import nl.leerkring.testing.ReminderBurst;
import nl.leerkring.testing.Rows;
import nl.leerkring.testing.TestDatabases;

/**
 * How long 1, 2 and 3 servers (separate JVMs on one PostgreSQL database) take to deliver a
 * burst of reminders that come due at one moment, against a fake Slack that answers every call
 * after 150 ms and answers 429 to a second post within a second in one channel; compared with the
 * least time Slack's limits allow. Default: 10,000 reminders to 1,000 members' Messages tabs in
 * 50 workspaces (200 each, within the workspace's first 300, so the bound is one post per second
 * per channel: 10 posts take at least 9 s after the first, plus one answer's latency).
 *
 * <p>The circles are made once; before each round the reminders are set again (due
 * {@code bench.lead.seconds} ahead) and moved into Quartz by a set-up app, which stops before
 * the servers start. Timed from the moment they are due to the last reminder Slack took. Not a
 * test: {@code mvn -B -q -Pbench test-compile exec:java -Dbench.main=nl.leerkring.bench.ReminderBurstBenchmark}.
 */
public final class ReminderBurstBenchmark {

    private ReminderBurstBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int workspaces = Integer.getInteger("bench.workspaces", 50);
        int members = Integer.getInteger("bench.members", 20);
        int perMember = Integer.getInteger("bench.reminders", 10);
        Duration latency = Duration.ofMillis(Long.getLong("bench.latency.millis", 150));
        Duration lead = Duration.ofSeconds(Long.getLong("bench.lead.seconds", 60));
        List<Integer> rounds = Arrays.stream(System.getProperty("bench.instances", "1,2,3").split(","))
                .map(String::strip).map(Integer::valueOf).toList();
        int reminders = workspaces * members * perMember;
        double minimum = (perMember - 1) + latency.toMillis() / 1000.0;

        TestDatabases.TestDatabase db = TestDatabases.postgres();
        try (FakeSlackApi slack = FakeSlackApi.start()) {
            slack.latency(latency);
            slack.enforceOnePostPerSecondPerChannel(Duration.ofMillis(150));
            Map<String, String> settings = Instances.slackServer(db, slack.apiUrl());
            Config config = new Config(Map.of(), new java.util.Properties()).with(settings);

            long setupStart = System.nanoTime();
            List<ReminderBurst.Action> actions;
            try (Leerkring setup = Leerkring.create(config, Clock.systemUTC())) {
                actions = ReminderBurst.prepare(setup, workspaces, members, perMember);
            }
            System.out.printf("Set-up: %d circles with %d action items in %.0f s%n", workspaces * members, actions.size(),
                    (System.nanoTime() - setupStart) / 1e9);
            System.out.printf("Reminder burst: %d reminders to %d Messages tabs in %d workspaces, PostgreSQL, fake Slack"
                    + " answering after %d ms%n", reminders, workspaces * members, workspaces, latency.toMillis());
            System.out.printf("%10s %12s %16s %16s %8s %6s%n", "instances", "minimum (s)", "first post (s)", "last post (s)",
                    "x min", "429s");
            int round = 0;
            for (int instances : rounds) {
                round++;
                Instant due = setTheReminders(config, actions, lead, "b" + round);
                int mark = slack.calls().size();
                try (Instances cluster = new Instances(settings)) {
                    cluster.start(instances);
                    if (Instant.now().isAfter(due)) {
                        System.out.println("(the servers listened only after the reminders were due: raise bench.lead.seconds)");
                    }
                    while (accepted(slack, mark).size() < reminders) {
                        Thread.sleep(200);
                    }
                }
                List<FakeSlackApi.Call> posts = accepted(slack, mark);
                Instant first = posts.stream().map(FakeSlackApi.Call::at).min(Instant::compareTo).orElseThrow();
                Instant last = posts.stream().map(FakeSlackApi.Call::at).max(Instant::compareTo).orElseThrow();
                long refused = slack.calls().stream().skip(mark).filter(c -> c.status() == 429).count();
                double seconds = Duration.between(due, last).toMillis() / 1000.0;
                System.out.printf("%10d %12.2f %16.2f %16.2f %8.2f %6d%n", instances, minimum,
                        Duration.between(due, first).toMillis() / 1000.0, seconds, seconds / minimum, refused);
            }
        } finally {
            TestDatabases.dropIfPostgres(db);
        }
    }

    /**
     * Sets the reminders due {@code lead} from now through an app that moves them into Quartz
     * and stops (handing its triggers back) before they are due; the outbox starts empty.
     */
    private static Instant setTheReminders(Config config, List<ReminderBurst.Action> actions, Duration lead, String tag)
            throws InterruptedException {
        Instant due = Instant.now().plus(lead);
        try (Leerkring relay = Leerkring.create(config, Clock.systemUTC())
                .startConsole(new ConsoleSender(new PrintStream(OutputStream.nullOutputStream())))) {
            relay.database().jdbi().useHandle(h -> h.execute("DELETE FROM outbox"));
            ReminderBurst.schedule(relay, actions, due, tag);
            while (Rows.count(relay.database(), "SELECT COUNT(*) FROM timer_request") > 0) {
                Thread.sleep(200);
            }
        }
        if (Instant.now().isAfter(due.minusSeconds(10))) {
            System.out.println("(moving the reminders into Quartz took nearly all of bench.lead.seconds)");
        }
        return due;
    }

    private static List<FakeSlackApi.Call> accepted(FakeSlackApi slack, int mark) {
        return slack.calls().stream().skip(mark)
                .filter(c -> c.method().equals("chat.postMessage") && c.status() == 200 && ReminderBurst.isMembersTab(c.field("channel")))
                .toList();
    }
}
