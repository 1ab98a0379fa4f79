package nl.leerkring.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import nl.leerkring.chat.InboundEvent;
import nl.leerkring.chat.OutgoingMessage;
import nl.leerkring.chat.Platform;
import nl.leerkring.delivery.DeliveryWorker;
import nl.leerkring.delivery.Outbox;
import nl.leerkring.schedule.QuartzScheduler;
import nl.leerkring.testing.Await;
import nl.leerkring.testing.BotHarness;
import nl.leerkring.testing.Rows;
import nl.leerkring.testing.ScriptedSender;
import nl.leerkring.testing.TestDatabases;
import nl.leerkring.testing.TestDatabases.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.TriggerBuilder;

/**
 * The same migrations and the same queries on H2 (the default) and on PostgreSQL (to scale
 * out): schema, circle commands with dedupe, the outbox delivery query, and Quartz's JDBC store.
 */
class DatabaseCompatibilityTest {

    /** Every migration, in order; a new one is added here on purpose. */
    /** Every migration in the folder, by version, in the order Flyway applies them to a new database. */
    static final List<String> MIGRATIONS = migrationsInFolder();

    private static List<String> migrationsInFolder() {
        try (var files = java.nio.file.Files.list(Path.of("src/main/resources/db/migration"))) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.matches("V\\d+__.*\\.sql"))
                    .map(n -> n.substring(1, n.indexOf("__"))).sorted(java.util.Comparator.comparingInt(Integer::parseInt))
                    .toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @TempDir
    Path tmp;
    TestDatabase db;

    TestDatabase database(String kind) {
        db = TestDatabases.of(kind, tmp);
        return db;
    }

    @AfterEach
    void dropSchema() {
        TestDatabases.dropIfPostgres(db);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void migrationsApplyOnceAndAgainWithoutChange(String kind) {
        TestDatabase target = database(kind);
        try (Database first = Database.open(target.url(), target.user(), target.password())) {
            assertEquals(MIGRATIONS, versions(first));
            assertEquals(kind.equals("postgres"), first.isPostgres());
            assertTrue(first.isHealthy());
        }
        try (Database again = Database.open(target.url(), target.user(), target.password())) {
            assertEquals(MIGRATIONS, versions(again), "a restart does not migrate twice");
        }
    }

    private static List<String> versions(Database database) {
        return database.jdbi().withHandle(h -> h.createQuery(
                        "SELECT version FROM flyway_schema_history WHERE success = TRUE AND version IS NOT NULL ORDER BY installed_rank")
                .mapTo(String.class).list());
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void longContentFitsTheColumnsPeopleWriteInto(String kind) {
        // 70 000 characters: over every former limit (a report of many contributions, a message quoting it)
        String longText = "Wat leren we? ".repeat(5_000);
        try (BotHarness kring = new BotHarness(database(kind), Clock.systemUTC())) {
            kring.command("alice", "start");
            Database db = kring.database();
            db.jdbi().useTransaction(h -> Outbox.enqueue(h, OutgoingMessage.text(BotHarness.channel("C1"), longText), Instant.now()));
            assertEquals(1, Rows.count(db, "SELECT COUNT(*) FROM outbox WHERE LENGTH(payload) > 70000"), "the message is kept whole");
            db.jdbi().useHandle(h -> h.createUpdate("""
                            INSERT INTO flow_run (workspace_id, circle_id, method_id, title, bringer_id, status, step_index,
                                                  actors, turn_index, chosen_idea, report, created_at)
                            SELECT workspace_id, id, 'actieleren', :long, 'alice', 'done', 0, :long, 0, :long, :long, :now
                            FROM circle""")
                    .bind("long", longText).bind("now", Instant.now()).execute());
            assertEquals(longText, Rows.one(db, String.class, "SELECT report FROM flow_run"));
            db.jdbi().useHandle(h -> {
                h.createUpdate("UPDATE circle SET learning_question = :long, contract = :long").bind("long", longText).execute();
                h.createUpdate("""
                                INSERT INTO action_item (workspace_id, circle_id, owner_id, text, due_date, done, created_by, created_at)
                                SELECT workspace_id, id, 'alice', :long, CURRENT_DATE, FALSE, 'alice', :now FROM circle""")
                        .bind("long", longText).bind("now", Instant.now()).execute();
            });
            assertEquals(longText.length(), Rows.one(db, Integer.class, "SELECT LENGTH(contract) FROM circle"));
            assertEquals(longText.length(), Rows.one(db, Integer.class, "SELECT LENGTH(text) FROM action_item"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void circleCommandsDedupeAndOutboxWorkTheSame(String kind) {
        try (BotHarness kring = new BotHarness(database(kind), Clock.systemUTC())) {
            InboundEvent start = InboundEvent.command("evt-1", BotHarness.channel("C1"), "alice", "start");
            assertTrue(kring.bot().handle(start));
            assertFalse(kring.bot().handle(start), "ON CONFLICT DO NOTHING dedupes on " + kind);
            kring.command("alice", "rol <@bob> lid");
            kring.command("alice", "leervraag Wat leren we van successen?");
            kring.command("bob", "leden");
            assertEquals(1, kring.count("circle"));
            assertEquals(2, kring.count("circle_member"));
            assertTrue(kring.last().text().contains("<@bob>"));

            ScriptedSender slack = new ScriptedSender();
            DeliveryWorker worker = new DeliveryWorker(new Outbox(kring.database().jdbi()), Map.of(Platform.SLACK, slack),
                    Clock.systemUTC(), Duration.ofSeconds(1), 3);
            assertEquals(4, worker.deliverDue());
            assertEquals(0, worker.deliverDue(), "nothing is sent twice");
            assertEquals(0, new Outbox(kring.database().jdbi()).pendingCount());
        }
    }


    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void sessionsAssignmentsActionsAndRemindersWorkTheSame(String kind) {
        nl.leerkring.testing.MutableClock clock = new nl.leerkring.testing.MutableClock(java.time.Instant.parse("2027-01-04T10:00:00Z"));
        try (BotHarness kring = new BotHarness(database(kind), clock).circle("alice", "bob lid", "carol lid")) {
            kring.command("bob", "tijdzone America/New_York");
            kring.command("alice", "plan 12-01-2027 19:30 3x elke 2 weken");
            kring.command("alice", "opdracht Lees het artikel"); // due at the next session: no date
            kring.command("alice", "actie <@bob> belt team B voor 20-01-2027");
            kring.command("alice", "sessie verzet 2 27-01-2027 20:00");
            kring.command("alice", "sessie annuleer 3");
            long assignment = kring.database().jdbi().withHandle(h -> h.createQuery("SELECT id FROM assignment").mapTo(Long.class).one());
            long circle = kring.database().jdbi().withHandle(h -> h.createQuery("SELECT id FROM circle").mapTo(Long.class).one());
            kring.submitIn(BotHarness.dm("carol"), "carol", "assignment.answer.submit", circle + ":" + assignment, Map.of("text", "Gelezen"));
            kring.command("bob", "taken");
            assertTrue(kring.last().text().contains("Lees het artikel") && kring.last().text().contains("belt team B"), kring.last().text());
            clock.set(java.time.Instant.parse("2027-01-12T18:30:00Z"));
            kring.command("bob", "sessie start");
            assertTrue(kring.outbox().stream().anyMatch(m -> "<@carol>: Gelezen".equals(m.text())), "shared at the start on " + kind);
            kring.command("alice", "opdracht Nog een tot 25-01-2027"); // a date, no session
            assertEquals(3L, kring.count("circle_session"));
            assertEquals(2L, kring.count("assignment"));
            assertTrue(kring.count("scheduled_reminder") > 0);
            assertEquals(List.of("RUNNING", "PLANNED", "CANCELLED"), kring.database().jdbi().withHandle(h -> h.createQuery(
                    "SELECT status FROM circle_session ORDER BY number").mapTo(String.class).list()));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void quartzStoresAndFiresJobsInTheSameDatabase(String kind) throws Exception {
        TestDatabase target = database(kind);
        CountDownLatch fired = new CountDownLatch(1);
        try (Database database = Database.open(target.url(), target.user(), target.password());
             QuartzScheduler scheduler = QuartzScheduler.start(database.dataSource(), "test-" + kind, Map.of(
                     CountingJob.class, () -> new CountingJob(fired)))) {
            assertTrue(scheduler.isHealthy());
            scheduler.quartz().scheduleJob(JobBuilder.newJob(CountingJob.class).withIdentity("j1").usingJobData("circle", 7L).build(),
                    TriggerBuilder.newTrigger().withIdentity("t1").startNow().build());
            assertTrue(fired.await(20, TimeUnit.SECONDS), "the job fired through the JDBC store on " + kind);
            long stored = count(database, "qrtz_scheduler_state");
            assertEquals(1, stored, "the scheduler checked in to its tables");
        }
    }

    /**
     * Quartz takes a trigger due within its idle wait (30 s) ahead of time and does not give it
     * back when it shuts down; our close() does, so that a restarted server fires it on time
     * instead of waiting for the cluster to declare the old instance dead.
     */
    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void aStoppedSchedulerHandsBackTheTriggersItTookAheadOfTime(String kind) throws Exception {
        TestDatabase target = database(kind);
        // the scheduler is closed by the test; the try closes it (again, a no-op) only when the test failed before that
        try (Database database = Database.open(target.url(), target.user(), target.password());
             QuartzScheduler scheduler = QuartzScheduler.start(database.dataSource(), "test-" + kind, Map.of(
                     CountingJob.class, () -> new CountingJob(new CountDownLatch(1))))) {
            scheduler.quartz().scheduleJob(JobBuilder.newJob(CountingJob.class).withIdentity("j1").usingJobData("circle", 7L).build(),
                    TriggerBuilder.newTrigger().withIdentity("t1").startAt(Date.from(Instant.now().plusSeconds(20))).build());
            Await.until(() -> "ACQUIRED".equals(triggerState(database)), Duration.ofSeconds(10),
                    () -> "Quartz takes the trigger ahead of time: " + triggerState(database));

            scheduler.close();

            assertEquals("WAITING", triggerState(database));
            assertEquals(0L, count(database, "qrtz_fired_triggers"));
            assertEquals(0L, count(database, "qrtz_scheduler_state"), "the stopped instance left the cluster");
        }
    }

    private static long count(Database database, String table) {
        return Rows.countAll(database, table);
    }

    private static String triggerState(Database database) {
        return database.jdbi().withHandle(h -> h.createQuery("SELECT trigger_state FROM qrtz_triggers WHERE trigger_name = 't1'")
                .mapTo(String.class).one());
    }

    /** Counts down the latch it was given. */
    public static final class CountingJob implements Job {
        private final CountDownLatch latch;

        CountingJob(CountDownLatch latch) {
            this.latch = latch;
        }

        @Override
        public void execute(org.quartz.JobExecutionContext context) {
            assertEquals(7L, context.getMergedJobDataMap().getLong("circle"));
            latch.countDown();
        }
    }
}
