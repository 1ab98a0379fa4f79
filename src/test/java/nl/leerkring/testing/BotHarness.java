package nl.leerkring.testing;

import java.time.Clock;
import java.util.List;
import java.util.UUID;
import nl.leerkring.chat.Address;
import nl.leerkring.chat.InboundEvent;
import nl.leerkring.chat.OutgoingMessage;
import nl.leerkring.chat.Platform;
import nl.leerkring.core.Bot;
import nl.leerkring.core.HelpCommand;
import nl.leerkring.core.circle.CircleCommands;
import nl.leerkring.core.command.CommandRegistry;
import nl.leerkring.store.Database;
import nl.leerkring.store.Json;

/**
 * The core on a real database, without any door: send neutral events, read what went to the
 * outbox. For tests of behaviour that is the same on every platform.
 */
public final class BotHarness implements AutoCloseable {

    public static final String WORKSPACE = "T1";
    public static final String CHANNEL = "C1";

    private final Database database;
    private final Bot bot;

    public BotHarness(TestDatabases.TestDatabase db, Clock clock) {
        this.database = Database.open(db.url(), db.user(), db.password());
        CommandRegistry registry = new CommandRegistry();
        HelpCommand.register(registry);
        CircleCommands.register(registry);
        this.bot = new Bot(database.jdbi(), clock, "nl", registry, () -> { });
    }

    public Database database() {
        return database;
    }

    public Bot bot() {
        return bot;
    }

    public static Address channel(String channel) {
        return Address.channel(Platform.SLACK, WORKSPACE, channel);
    }

    /** {@code /kring <text>} by a user in the default channel. */
    public boolean command(String user, String text) {
        return bot.handle(InboundEvent.command(UUID.randomUUID().toString(), channel(CHANNEL), user, text));
    }

    public boolean command(Address where, String user, String text) {
        return bot.handle(InboundEvent.command(UUID.randomUUID().toString(), where, user, text));
    }

    /** Everything written to the outbox so far, oldest first. */
    public List<OutgoingMessage> outbox() {
        return database.jdbi().withHandle(h -> h.createQuery("SELECT payload FROM outbox ORDER BY id")
                .map((rs, ctx) -> Json.read(rs.getString("payload"), OutgoingMessage.class)).list());
    }

    /** The last message written to the outbox. */
    public OutgoingMessage last() {
        List<OutgoingMessage> all = outbox();
        if (all.isEmpty()) {
            throw new AssertionError("Nothing was written to the outbox");
        }
        return all.get(all.size() - 1);
    }

    public long count(String table) {
        return database.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM " + table).mapTo(Long.class).one());
    }

    @Override
    public void close() {
        database.close();
    }
}
