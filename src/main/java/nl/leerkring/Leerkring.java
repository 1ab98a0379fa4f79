package nl.leerkring;

import jakarta.servlet.http.HttpServlet;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.stream.Collectors;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import nl.leerkring.chat.Address;
import nl.leerkring.chat.InboundEvent;
import nl.leerkring.chat.Platform;
import nl.leerkring.chat.Sender;
import nl.leerkring.config.Config;
import nl.leerkring.core.Bot;
import nl.leerkring.core.Features;
import nl.leerkring.core.Inbox;
import nl.leerkring.teams.ConversationData;
import nl.leerkring.core.feature.DailyWork;
import nl.leerkring.core.feature.Feature;
import nl.leerkring.core.feature.FeatureContext;
import nl.leerkring.core.feature.Timers;
import nl.leerkring.core.setup.Undeliverable;
import nl.leerkring.delivery.DeliveryWorker;
import nl.leerkring.delivery.Outbox;
import nl.leerkring.schedule.DailyWorkJob;
import nl.leerkring.delivery.Pacer;
import nl.leerkring.delivery.PlatformPacer;
import nl.leerkring.schedule.Housekeeping;
import nl.leerkring.schedule.QuartzScheduler;
import nl.leerkring.schedule.TimerRelay;
import nl.leerkring.schedule.TransactionalTimers;
import nl.leerkring.schedule.ScheduledEventJob;
import nl.leerkring.slack.SlackAdapter;
import nl.leerkring.store.Database;
import nl.leerkring.store.GroupCommit;
import nl.leerkring.teams.TeamsAdapter;
import nl.leerkring.web.Door;
import nl.leerkring.web.HealthServlet;
import nl.leerkring.web.WebServer;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: builds the database, the scheduler, the core, the delivery worker and
 * the doors (Slack, Teams, console) from the configuration, and stops them in reverse order.
 */
public final class Leerkring implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Leerkring.class);

    private final Config config;
    private final Clock clock;
    private final Database database;
    private final Outbox outbox;
    /** Inbox rows and sent markers of the same moment share one commit. */
    private final GroupCommit commits;
    private final Map<Platform, Sender> senders = new EnumMap<>(Platform.class);
    private DeliveryWorker delivery;
    private final List<Door> doors = new ArrayList<>();
    private QuartzScheduler scheduler;
    private WebServer web;
    private final Bot bot;
    /** The HTTP doors' events, kept before they are acked; null for the console, which waits for its turns. */
    private Inbox inbox;
    private final TimerRelay timerRelay;
    private final Timers timers;
    private static final int BACKGROUND_CONNECTIONS = 6;

    private final List<Feature> features;

    private Leerkring(Config config, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.timerRelay = new TimerRelay(Duration.ofSeconds(2));
        this.timers = new TransactionalTimers(timerRelay);
        // Everything that can be wrong in the configuration first: a broken method file (or a bad
        // setting) stops start-up before the database is opened, so nothing is left open.
        this.features = Features.standard(new FeatureContext(config::section, timers, config.timeZone(), new SecureRandom()),
                new ConversationData());
        this.database = Database.open(config.get(Config.DATABASE_URL), config.get(Config.DATABASE_USER),
                config.get(Config.DATABASE_PASSWORD), config.getInt(Config.DATABASE_POOL_SIZE),
                Duration.ofMillis(config.getInt(Config.DATABASE_CONNECTION_TIMEOUT_MILLIS)));
        this.commits = new GroupCommit(database.jdbi(), "database");
        this.outbox = new Outbox(database.jdbi(), commits);
        this.bot = new Bot(database.jdbi(), clock, config.get(Config.DEFAULT_LANGUAGE), features, this::outboxWritten,
                config.get(Config.EVENT_KEY_SECRET), concurrentTurns(config.getInt(Config.DATABASE_POOL_SIZE)));
    }

    /**
     * Events handled at once: the pool less the connections the background keeps (the
     * scheduler's store, the delivery worker's claims, the timer relay; the scheduler's jobs are
     * turns and wait for one like any event),
     * so a burst of commands never starves them, nor they the commands.
     */
    static int concurrentTurns(int poolSize) {
        return Math.max(1, poolSize - BACKGROUND_CONNECTIONS);
    }

    /** Opens the database and builds the core, without starting any door or worker yet. */
    public static Leerkring create(Config config, Clock clock) {
        return new Leerkring(config, clock);
    }

    /** Starts the HTTP server with the Slack and Teams endpoints, the scheduler and the delivery worker. */
    public Leerkring startServer() {
        return startServer(Map.of());
    }

    /**
     * The same, with extra servlets by path in the same Jetty (the Slack benchmark mounts a bare
     * Bolt app next to ours this way). A path Leerkring itself uses is refused.
     */
    public Leerkring startServer(Map<String, HttpServlet> extraServlets) {
        // few handlers: a burst is worked off behind the acks, which need the database and the CPU too
        inbox = new Inbox(database.jdbi(), commits, bot, clock,
                Math.min(config.getInt(Config.INBOX_THREADS), concurrentTurns(config.getInt(Config.DATABASE_POOL_SIZE))));
        if (config.slackConfigured()) {
            // a zone read from a profile is handled after what its owner did where they were seen
            doors.add(SlackAdapter.create(config, bot, inbox, (where, user, zone) -> inbox.accept(InboundEvent.profileZone(
                    where, user, zone.getId(), LocalDate.now(clock))) != Inbox.Accepted.UNAVAILABLE));
        } else {
            log.info("Slack is not configured (SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET): /slack/events is off");
        }
        doors.add(TeamsAdapter.create(config, bot, inbox, database.jdbi(), clock));
        Map<String, HttpServlet> servlets = new LinkedHashMap<>();
        open();
        inbox.start(); // after the delivery worker: the first events it handles may be a past run's
        doors.forEach(door -> servlets.putAll(door.endpoints()));
        servlets.put("/healthz", new HealthServlet(database::isHealthy, scheduler::isHealthy, this::backlog));
        extraServlets.forEach((path, servlet) -> {
            if (servlets.putIfAbsent(path, servlet) != null) {
                throw new IllegalArgumentException("Path " + path + " is Leerkring's own");
            }
        });
        web = WebServer.start(config.getInt(Config.PORT), config.getInt(Config.HTTP_CONNECTIONS_PER_CLIENT),
                config.getInt(Config.HTTP_THREADS_PER_CLIENT), servlets);
        log.info("Leerkring listens on port {}", web.port());
        return this;
    }

    /** Starts the scheduler and the delivery worker with the terminal door (no HTTP server). */
    public Leerkring startConsole(Door console) {
        doors.add(console);
        open();
        return this;
    }

    /** Every door's sender to the delivery worker, then the scheduler and the worker. */
    private void open() {
        doors.forEach(door -> senders.put(door.platform(), door.sender()));
        bot.threadsBy(conversation -> {
            Sender sender = senders.get(conversation.platform());
            return sender == null || sender.hasThreads(conversation);
        });
        startBackground();
    }

    private void startBackground() {
        Map<String, DailyWork> works = features.stream().flatMap(f -> f.dailyWork().stream())
                .collect(Collectors.toMap(DailyWork::name, w -> w));
        Map<Class<? extends Job>, Supplier<Job>> jobs = Map.of(
                Housekeeping.class, () -> new Housekeeping(database.jdbi(), outbox, clock, features),
                ScheduledEventJob.class, () -> new ScheduledEventJob(bot),
                DailyWorkJob.class, () -> new DailyWorkJob(database.jdbi(), bot, clock, works));
        scheduler = QuartzScheduler.start(database.dataSource(), config.get(Config.SCHEDULER_NAME), jobs);
        timerRelay.start(database.jdbi(), scheduler);
        scheduler.daily("housekeeping", JobBuilder.newJob(Housekeeping.class), LocalTime.of(3, 17),
                EnumSet.allOf(DayOfWeek.class), config.timeZone());
        works.values().forEach(work -> scheduler.daily(work.name(),
                DailyWorkJob.doing(work.name()),
                work.at(), work.days(), config.timeZone()));
        // paced by buckets in PostgreSQL, shared by all instances; H2 serves one instance, so in memory
        Pacer pacer = config.get(Config.DELIVERY_PACING).equals("off") ? Pacer.NONE
                : database.isPostgres() ? PlatformPacer.onPostgres(database.dataSource(), clock) : PlatformPacer.inMemory(clock);
        delivery = new DeliveryWorker(outbox, senders, clock,
                Duration.ofMillis(config.getInt(Config.DELIVERY_POLL_MILLIS)), config.getInt(Config.DELIVERY_MAX_ATTEMPTS),
                config.getInt(Config.DELIVERY_THREADS), pacer);
        // a channel that refuses for good: its facilitators hear it once (the key holds conversation and reason)
        delivery.onUndeliverable((to, reason) -> bot.handle(InboundEvent.scheduled(
                "undeliverable:" + to.conversationKey() + ":" + reason, Address.channel(to.platform(), to.workspaceId(), to.channelId()),
                Undeliverable.ACTION, reason)));
        delivery.start();
    }

    private HealthServlet.Backlog backlog() {
        Outbox.Backlog backlog = outbox.backlog();
        return new HealthServlet.Backlog(backlog.pending(), backlog.oldestCreatedAt() == null ? null
                : Duration.between(backlog.oldestCreatedAt(), clock.instant()), inbox == null ? 0 : inbox.waiting());
    }

    private void outboxWritten() {
        if (delivery != null) {
            delivery.wake();
        }
    }

    public Bot bot() {
        return bot;
    }

    /** The HTTP doors' inbox, once the server runs. */
    public Inbox inbox() {
        return inbox;
    }

    public Database database() {
        return database;
    }

    public Outbox outbox() {
        return outbox;
    }

    public DeliveryWorker delivery() {
        return delivery;
    }

    public QuartzScheduler scheduler() {
        return scheduler;
    }

    /** The core's scheduled moments (requests in the caller's transaction, relayed to Quartz once started). */
    public Timers timers() {
        return timers;
    }

    public TimerRelay timerRelay() {
        return timerRelay;
    }

    public Clock clock() {
        return clock;
    }

    /** The HTTP port, once the server runs. */
    public int port() {
        return web.port();
    }

    /**
     * Stops every part, in order, even when one of them fails to stop: a web server that did
     * not stop in time must not leave the scheduler (which Quartz registers JVM-wide by name)
     * and the pool running. The first failure is thrown once all parts were stopped.
     */
    @Override
    public void close() {
        List<Runnable> parts = new ArrayList<>();
        if (web != null) {
            parts.add(web::close);
        }
        if (inbox != null) {
            parts.add(inbox::close); // after the doors stopped taking requests; what is not handled stays
        }
        if (delivery != null) {
            parts.add(delivery::close);
        }
        doors.forEach(door -> parts.add(door::close)); // after the worker: it sends through their clients
        parts.add(timerRelay::close); // what it has not relayed stays in the database for the next start
        if (scheduler != null) {
            parts.add(scheduler::close);
        }
        parts.add(commits::close);
        parts.add(database::close);
        RuntimeException first = null;
        for (Runnable part : parts) {
            try {
                part.run();
            } catch (RuntimeException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
