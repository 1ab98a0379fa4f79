package nl.leerkring.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import nl.leerkring.Leerkring;
import nl.leerkring.chat.Address;
import nl.leerkring.chat.InboundEvent;
import nl.leerkring.chat.Platform;
import nl.leerkring.config.Config;
import nl.leerkring.console.ConsoleApp;
import nl.leerkring.console.ConsoleSender;
import nl.leerkring.core.reminder.Reminders;
import nl.leerkring.testing.Await;
import nl.leerkring.testing.Rows;
import nl.leerkring.testing.TestConfigs;
import nl.leerkring.testing.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A timer exists if and only if the change that set it committed, with the real app, real
 * Quartz in its JDBC store and the real database: a plan whose co-host must be told at once
 * (the session is within the preparation days) delivers that message, a timer set in a
 * transaction that rolls back never reaches Quartz, and one due at once does not fire while the
 * transaction that set it is still open.
 */
class TimersInTransactionTest {

    static final Address KRING = Address.channel(Platform.CONSOLE, ConsoleApp.WORKSPACE, ConsoleApp.DEFAULT_CHANNEL);

    @TempDir
    Path tmp;
    private TestDatabases.TestDatabase db;
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();

    @AfterEach
    void dropDatabase() {
        TestDatabases.dropIfPostgres(db);
    }

    private Leerkring app(String database) {
        db = TestDatabases.of(database, tmp);
        Config config = TestConfigs.server(db);
        return Leerkring.create(config, Clock.systemUTC()).startConsole(new ConsoleSender(new PrintStream(printed, true)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void aPlanStartingWithinTheHourDeliversItsPreparationMessage(String database) {
        try (Leerkring app = app(database)) {
            command(app, "alice", "start");
            command(app, "alice", "rol <@bob> lid");
            ZonedDateTime soon = ZonedDateTime.now(ZoneId.of("Europe/Amsterdam")).plusHours(1);
            command(app, "alice", "plan " + soon.format(DateTimeFormatter.ofPattern("dd-MM-yyyy HH:mm")));
            assertEquals(1, Rows.count(app.database(), "SELECT COUNT(*) FROM circle_session WHERE number = 1"), printed());

            // The preparation moment has passed: the timer is due at once. Before, Quartz fired it
            // before the plan had committed, the job found no session, and nothing came.
            Await.until(() -> printed().contains("co-host van bijeenkomst 1"), Duration.ofSeconds(30),
                    () -> "no preparation message: " + printed());
            Await.until(() -> Rows.count(app.database(), "SELECT COUNT(*) FROM timer_request") == 0, Duration.ofSeconds(10),
                    () -> "timer requests left behind");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void aTimerSetInAChangeThatRollsBackIsNeverScheduled(String database) {
        try (Leerkring app = app(database)) {
            String key = "rolled-back-" + UUID.randomUUID();
            try {
                app.database().jdbi().useTransaction(h -> {
                    app.timers().schedule(h, key, Instant.now().plusSeconds(60), KRING, "nothing", "");
                    throw new IllegalStateException("the change fails after setting its timer");
                });
            } catch (IllegalStateException expected) {
                // as planned
            }
            app.timerRelay().relayNow();
            assertEquals(0, triggers(app, key));
            assertEquals(0, Rows.count(app.database(), "SELECT COUNT(*) FROM timer_request"));

            String kept = "committed-" + UUID.randomUUID();
            app.database().jdbi().useTransaction(h -> app.timers().schedule(h, kept, Instant.now().plusSeconds(60), KRING, "nothing", ""));
            app.timerRelay().relayNow();
            assertEquals(1, triggers(app, kept), "a committed change's timer is in Quartz");

            app.database().jdbi().useTransaction(h -> app.timers().cancel(h, kept));
            app.timerRelay().relayNow();
            assertEquals(0, triggers(app, kept), "and its cancellation, in order");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void aTimerDueAtOnceWaitsForItsChangeToCommit(String database) throws InterruptedException {
        try (Leerkring app = app(database)) {
            command(app, "alice", "start");
            command(app, "alice", "rol <@bob> lid");
            command(app, "alice", "actie <@bob> belt team B voor " + LocalDate.now(ZoneId.of("Europe/Amsterdam")).plusDays(10));
            long action = app.database().jdbi().withHandle(h -> h.createQuery("SELECT id FROM action_item").mapTo(Long.class).one());
            String key = Reminders.key("ACTION", action, "now", "bob");
            Instant due = Instant.now();
            app.database().jdbi().useTransaction(h -> {
                app.timers().schedule(h, key, due, KRING, Reminders.FIRE, Reminders.value("ACTION", action, due, "bob"));
                // a relay running elsewhere while this change is still open (on this thread Jdbi
                // would join this very transaction)
                CompletableFuture.runAsync(() -> app.timerRelay().relayNow()).join();
                assertEquals(0, CompletableFuture.supplyAsync(() -> triggers(app, key)).join(), "nothing reaches Quartz before the commit");
                Thread.sleep(1500);
                assertFalse(printed().contains("Herinnering: je afspraak"), "nothing fired before the commit");
            });
            Await.until(() -> printed().contains("Herinnering: je afspraak"), Duration.ofSeconds(30),
                    () -> "the reminder did not come after the commit: " + printed());
            assertEquals(0, Rows.count(app.database(), "SELECT COUNT(*) FROM timer_request"));
        }
    }

    private static long triggers(Leerkring app, String key) {
        return app.database().jdbi().withHandle(h -> h.createQuery(
                        "SELECT COUNT(*) FROM QRTZ_TRIGGERS WHERE TRIGGER_NAME = :key AND TRIGGER_GROUP = 'timers'")
                .bind("key", key).mapTo(Long.class).one());
    }

    private String printed() {
        return printed.toString(StandardCharsets.UTF_8);
    }

    private static void command(Leerkring app, String user, String text) {
        app.bot().handle(InboundEvent.command(UUID.randomUUID().toString(), KRING, user, text));
    }
}
