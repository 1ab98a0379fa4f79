package nl.leerkring.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import nl.leerkring.Leerkring;
import nl.leerkring.chat.Address;
import nl.leerkring.chat.InboundEvent;
import nl.leerkring.chat.Platform;
import nl.leerkring.config.Config;
import nl.leerkring.console.ConsoleApp;
import nl.leerkring.console.ConsoleSender;
import nl.leerkring.core.reminder.Reminders;
import nl.leerkring.store.Database;
import nl.leerkring.testing.Await;
import nl.leerkring.testing.MutableClock;
import nl.leerkring.testing.Rows;
import nl.leerkring.testing.TestConfigs;
import nl.leerkring.testing.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real app with real Quartz in its JDBC store: a reminder is scheduled a few seconds ahead,
 * the app stops before it is due, and a new app on the same database sends it exactly once,
 * saying that it is late. Quartz fires at real time; the app's clock (which judges lateness)
 * is moved on by the two hours the server was "down".
 */
class ReminderRestartTest {

    static final Address KRING = Address.channel(Platform.CONSOLE, ConsoleApp.WORKSPACE, ConsoleApp.DEFAULT_CHANNEL);

    @TempDir
    Path tmp;

    @Test
    void aReminderDueWhileTheServerWasDownIsSentOnceAndSaysSo() throws Exception {
        Config config = TestConfigs.server(TestDatabases.h2(tmp));
        MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
        Instant due;
        ByteArrayOutputStream before = new ByteArrayOutputStream();
        try (Leerkring app = Leerkring.create(config, clock).startConsole(new ConsoleSender(new PrintStream(before, true)))) {
            command(app, "alice", "start");
            command(app, "alice", "rol <@bob> lid");
            LocalDate inTenDays = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).plusDays(10);
            command(app, "alice", "actie <@bob> belt team B voor " + inTenDays);
            long action = app.database().jdbi().withHandle(h -> h.createQuery("SELECT id FROM action_item").mapTo(Long.class).one());
            due = Instant.now().plusSeconds(3);
            Instant at = due;
            app.database().jdbi().useTransaction(h -> app.timers().schedule(h, Reminders.key("ACTION", action, "soon", "bob"), at,
                    KRING, Reminders.FIRE, Reminders.value("ACTION", action, at, "bob")));
            app.timerRelay().relayNow();
        }
        assertTrue(Instant.now().isBefore(due), "the app stopped before the reminder was due");
        assertEquals(0, reminders(config), "nothing was sent before the stop");

        Thread.sleep(Math.max(0, Duration.between(Instant.now(), due).toMillis()) + 2000);
        clock.advance(Duration.ofHours(2));

        ByteArrayOutputStream after = new ByteArrayOutputStream();
        try (Leerkring app = Leerkring.create(config, clock).startConsole(new ConsoleSender(new PrintStream(after, true)))) {
            // The stopped app had already acquired the trigger (Quartz takes triggers due within
            // its 30 s idle wait ahead of time); this one frees it once the old instance counts as
            // gone from the cluster, about 15 s after its last check-in.
            Await.until(() -> after.toString(StandardCharsets.UTF_8).contains("Herinnering: je afspraak"), Duration.ofSeconds(45),
                    () -> "no reminder after the restart: " + after.toString(StandardCharsets.UTF_8));
            Thread.sleep(2000); // time for a second firing, if there were one
            String printed = after.toString(StandardCharsets.UTF_8);
            assertTrue(printed.contains("[dm · alleen voor @bob] Herinnering: je afspraak"), printed);
            assertTrue(printed.contains("Dit bericht komt later dan gepland"), printed);
            assertEquals(1, printed.split("Herinnering: je afspraak", -1).length - 1, "exactly once: " + printed);
            assertEquals(1, reminders(app));
        }
    }

    private static void command(Leerkring app, String user, String text) {
        app.bot().handle(InboundEvent.command(UUID.randomUUID().toString(), KRING, user, text));
    }

    private static long reminders(Leerkring app) {
        return reminders(app.database());
    }

    /** The stopped app's database. */
    private static long reminders(Config config) {
        try (Database db = Database.open(config.get(Config.DATABASE_URL), config.get(Config.DATABASE_USER),
                config.get(Config.DATABASE_PASSWORD))) {
            return reminders(db);
        }
    }

    private static long reminders(Database db) {
        return Rows.count(db, "SELECT COUNT(*) FROM outbox WHERE payload LIKE '%Herinnering: je afspraak%'");
    }
}
