package nl.leerkring.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.timeout;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import nl.leerkring.chat.Address;
import nl.leerkring.chat.InboundEvent;
import nl.leerkring.chat.Platform;
import nl.leerkring.store.Database;
import nl.leerkring.store.GroupCommit;
import nl.leerkring.testing.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The inbox on a real database. A platform's retry is kept once, whether the first is still
 * waiting or was handled already. Acks come first: while a door is writing an event, the
 * inbox's handlers wait before their next event, and they go on once the doors are quiet, or
 * after their limit when the doors never are. The bot is a mock: when it is asked to handle is
 * the point; it deletes the row as the real one does in its transaction.
 */
class InboxTest {

    @TempDir
    Path tmp;

    private Database database;
    private GroupCommit commits;
    private final Bot bot = mock(Bot.class);
    private final DoorTraffic doors = new DoorTraffic();
    private Inbox inbox;

    @BeforeEach
    void open() {
        TestDatabases.TestDatabase db = TestDatabases.h2(tmp);
        database = Database.open(db.url(), db.user(), db.password());
        commits = new GroupCommit(database.jdbi(), "test");
        when(bot.keyOf(any())).thenAnswer(inv -> inv.<InboundEvent>getArgument(0).eventKey());
        when(bot.handleQueued(anyLong(), any())).thenAnswer(inv -> {
            long id = inv.getArgument(0);
            database.jdbi().useHandle(h -> h.createUpdate("DELETE FROM inbox WHERE id = :id").bind("id", id).execute());
            return Bot.Queued.DONE;
        });
    }

    @AfterEach
    void close() {
        if (inbox != null) {
            inbox.close();
        }
        commits.close();
        database.close();
    }

    @Test
    void aRetryIsKeptOnceWhetherTheFirstIsWaitingOrWasHandled() throws Exception {
        // the bot cannot take anything now: every row stays waiting
        when(bot.handleQueued(anyLong(), any())).thenReturn(Bot.Queued.RETRY);
        inbox = new Inbox(database.jdbi(), commits, bot, Clock.systemUTC(), 1, doors, Duration.ofSeconds(30));
        assertEquals(Inbox.Accepted.KEPT, inbox.accept(command("command:1")));
        assertEquals(Inbox.Accepted.DUPLICATE, inbox.accept(command("command:1")));
        database.jdbi().useHandle(h -> h.execute(
                "INSERT INTO inbound_event (platform, event_key, received_at) VALUES ('SLACK', 'command:2', CURRENT_TIMESTAMP)"));
        assertEquals(Inbox.Accepted.DUPLICATE, inbox.accept(command("command:2")));
        assertEquals(Inbox.Accepted.KEPT, inbox.accept(command("command:3")));
        assertEquals(2, inbox.waiting());
    }

    @Test
    void anEventWaitsWhileADoorIsWritingAndIsHandledOnceTheDoorsAreQuiet() throws Exception {
        inbox = new Inbox(database.jdbi(), commits, bot, Clock.systemUTC(), 2, doors, Duration.ofSeconds(30)).start();
        doors.enter(); // another request, mid-write
        assertEquals(Inbox.Accepted.KEPT, inbox.accept(command("command:1")));

        Thread.sleep(500);
        verify(bot, never()).handleQueued(anyLong(), any());
        assertEquals(1, inbox.waiting());

        doors.leave();
        verify(bot, timeout(5_000)).handleQueued(anyLong(), any());
    }

    @Test
    void aFloodThatNeverStopsStillHasEveryEventHandled() throws Exception {
        inbox = new Inbox(database.jdbi(), commits, bot, Clock.systemUTC(), 1, doors, Duration.ofMillis(200)).start();
        doors.enter(); // a door that is never quiet
        try {
            for (int i = 0; i < 3; i++) {
                assertEquals(Inbox.Accepted.KEPT, inbox.accept(command("command:" + i)));
            }
            verify(bot, timeout(10_000).times(3)).handleQueued(anyLong(), any());
        } finally {
            doors.leave();
        }
    }

    @Test
    void quietDoorsAreNotWaitedFor() throws Exception {
        assertTrue(doors.awaitQuiet(Duration.ofHours(1)));
        doors.enter();
        assertFalse(doors.awaitQuiet(Duration.ofMillis(20)));
        Thread waker = new Thread(() -> {
            sleep(100);
            doors.leave();
        });
        waker.start();
        assertTrue(doors.awaitQuiet(Duration.ofSeconds(30)));
        waker.join();
    }

    private static InboundEvent command(String key) {
        return InboundEvent.command(key, Address.channel(Platform.SLACK, "T1", "C1"), "U1", "help");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
