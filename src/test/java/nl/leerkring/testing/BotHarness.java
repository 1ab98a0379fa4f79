package nl.leerkring.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.List;
import java.util.UUID;
import nl.leerkring.chat.Address;
import nl.leerkring.chat.Choice;
import nl.leerkring.chat.InboundEvent;
import nl.leerkring.chat.OutgoingMessage;
import nl.leerkring.chat.Platform;
import nl.leerkring.config.Config;
import nl.leerkring.core.Bot;
import nl.leerkring.core.Features;
import nl.leerkring.core.feature.DailyWork;
import nl.leerkring.core.feature.Feature;
import nl.leerkring.core.feature.FeatureContext;
import nl.leerkring.core.i18n.Texts;
import nl.leerkring.schedule.DailyWorkJob;
import nl.leerkring.schedule.Housekeeping;
import nl.leerkring.delivery.DeliveryWorker;
import nl.leerkring.delivery.Outbox;
import nl.leerkring.store.Database;
import nl.leerkring.store.Json;

/**
 * The core on a real database, without any door: send neutral events, read what went to the
 * outbox. For tests of behaviour that is the same on every platform.
 */
public final class BotHarness implements AutoCloseable {

    public static final String WORKSPACE = "T1";
    public static final String CHANNEL = "C1";
    public static final ZoneId ZONE = ZoneId.of("Europe/Amsterdam");

    private final Database database;
    private final Clock clock;
    private final Bot bot;
    private final RecordingTimers timers = new RecordingTimers();
    private final ScriptedSender platform = new ScriptedSender();
    private final DeliveryWorker delivery;
    private final List<Feature> features;

    public BotHarness(TestDatabases.TestDatabase db, Clock clock) {
        this(db, clock, new Random(7));
    }

    /** @param random picks members for picked and summarising steps */
    public BotHarness(TestDatabases.TestDatabase db, Clock clock, Random random) {
        this(db, clock, random, Map.of());
    }

    /**
     * Assembles the features as {@code Leerkring} does, from the same list.
     *
     * @param settings overrides of the built-in settings, such as {@code feedback.window.weeks}
     */
    public BotHarness(TestDatabases.TestDatabase db, Clock clock, Random random, Map<String, String> settings) {
        Config config = new Config(Map.of(), new Properties()).with(settings);
        this.features = Features.standard(new FeatureContext(config::section, timers, ZONE, random));
        this.database = Database.open(db.url(), db.user(), db.password());
        this.clock = clock;
        this.bot = new Bot(database.jdbi(), clock, "nl", features, () -> { });
        this.delivery = new DeliveryWorker(new Outbox(database.jdbi()), Map.of(Platform.SLACK, platform), clock,
                Duration.ofSeconds(1), 5);
    }

    /** Runs a feature's daily work now (such as {@code feedback-culture}), as the scheduler does. */
    public void runDaily(String name) {
        DailyWork work = features.stream().flatMap(f -> f.dailyWork().stream()).filter(w -> w.name().equals(name))
                .findFirst().orElseThrow(() -> new AssertionError("No daily work " + name));
        new DailyWorkJob(database.jdbi(), bot, clock, Map.of(name, work)).run(work);
    }

    /** The nightly clean-up, now. */
    public void housekeeping() {
        new Housekeeping(database.jdbi(), new Outbox(database.jdbi()), clock, features).run();
    }

    /**
     * What the bot says under a text key, in Dutch (the harness's default), for tests where the
     * wording is not the point: a copy edit in the bundle then changes no test.
     */
    public static String text(String key, Object... args) {
        return Texts.of(Texts.DUTCH).get(key, args);
    }

    /** The messages sent privately to one user's own chat with the bot (Slack DM, Teams 1:1, console line). */
    public List<OutgoingMessage> directTo(String user) {
        return outbox().stream().filter(m -> m.to().isDirect() && user.equals(m.to().privateTo())).toList();
    }

    public RecordingTimers timers() {
        return timers;
    }

    /** The scripted platform {@link #deliver()} sends to (script a failure with {@code then}). */
    public ScriptedSender platform() {
        return platform;
    }

    /** "Sends" the outbox to a scripted platform, so that threads get platform ids. */
    public int deliver() {
        return delivery.deliverDue();
    }

    /** The platform id of the start message of a case (its thread), after {@link #deliver()}. */
    public String threadOf(long flowId) {
        return database.jdbi().withHandle(h -> h.createQuery("SELECT platform_ref FROM outbox WHERE anchor_key = :k")
                .bind("k", "flow:" + flowId).mapTo(String.class).one());
    }

    /** A reply in a thread of the default channel. */
    public boolean reply(String user, String thread, String text) {
        return bot.handle(InboundEvent.message(UUID.randomUUID().toString(), channel(CHANNEL).inThread(thread), user, text));
    }

    /** A button press in the default channel. */
    public boolean press(String user, String action, String value) {
        return bot.handle(InboundEvent.choice(UUID.randomUUID().toString(), channel(CHANNEL), user, action, value));
    }

    /** A button pressed somewhere else: a direct message ({@code dm(user)}) or another channel. */
    public boolean pressIn(Address where, String user, String action, String value) {
        return bot.handle(InboundEvent.choice(UUID.randomUUID().toString(), where, user, action, value));
    }

    /** A form submitted somewhere else, such as a direct message. */
    public boolean submitIn(Address where, String user, String action, String context, Map<String, String> answers) {
        return bot.handle(InboundEvent.formSubmitted(UUID.randomUUID().toString(), where, user, action, context, answers));
    }

    /** Where a user's direct messages with the bot arrive from: a channel of its own, as Slack's D… ids. */
    public static Address dm(String user) {
        return Address.channel(Platform.SLACK, WORKSPACE, "D-" + user);
    }

    /** A form submitted in the default channel. */
    public boolean submit(String user, String action, String context, Map<String, String> answers) {
        return bot.handle(InboundEvent.formSubmitted(UUID.randomUUID().toString(), channel(CHANNEL), user, action, context, answers));
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

    /**
     * {@code /kring start} by the facilitator in the default channel, then each other user with
     * their role, for example {@code circle("alice", "bob lid", "dave cohost")}.
     */
    public BotHarness circle(String facilitator, String... usersAndRoles) {
        command(facilitator, "start");
        for (String userAndRole : usersAndRoles) {
            String[] p = userAndRole.split(" ");
            command(facilitator, "rol <@" + p[0] + "> " + p[1]);
        }
        return this;
    }

    /** Presses the button with this label on the last message written to the outbox. */
    public boolean pressLabelled(String user, String label) {
        return press(user, last(), label);
    }

    /** Presses the button with this label on {@code message}, in the default channel. */
    public boolean press(String user, OutgoingMessage message, String label) {
        Choice choice = message.choices().stream().filter(c -> c.label().equals(label)).findFirst()
                .orElseThrow(() -> new AssertionError("No button '" + label + "' on " + message));
        return press(user, choice.action(), choice.value());
    }

    /** The last message written to the outbox. */
    public OutgoingMessage last() {
        List<OutgoingMessage> all = outbox();
        if (all.isEmpty()) {
            throw new AssertionError("Nothing was written to the outbox");
        }
        return all.get(all.size() - 1);
    }

    /** The last message whose title starts with the given text. */
    public OutgoingMessage lastTitled(String prefix) {
        List<OutgoingMessage> all = outbox();
        for (int i = all.size() - 1; i >= 0; i--) {
            if (all.get(i).title() != null && all.get(i).title().startsWith(prefix)) {
                return all.get(i);
            }
        }
        throw new AssertionError("No message titled '" + prefix + "…' in " + all.stream().map(OutgoingMessage::title).toList());
    }

    public long count(String table) {
        return Rows.countAll(database, table);
    }

    /** The case discussions in the tables (newest flow, its step, contributions, actions). */
    public FlowTables flows() {
        return new FlowTables(database);
    }

    @Override
    public void close() {
        delivery.close();
        database.close();
    }
}
