package nl.leerkring;

import jakarta.servlet.http.HttpServlet;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import nl.leerkring.chat.Platform;
import nl.leerkring.chat.Sender;
import nl.leerkring.config.Config;
import nl.leerkring.core.Bot;
import nl.leerkring.core.HelpCommand;
import nl.leerkring.core.circle.CircleCommands;
import nl.leerkring.core.feedback.CultureReading;
import nl.leerkring.core.feedback.FeedbackCommands;
import nl.leerkring.core.feedback.FeedbackPolicy;
import nl.leerkring.core.flow.CaseCommands;
import nl.leerkring.core.flow.FlowEngine;
import nl.leerkring.core.Timers;
import nl.leerkring.core.method.MethodLibrary;
import nl.leerkring.core.session.MemberZones;
import nl.leerkring.core.session.Rhythm;
import nl.leerkring.core.session.SessionFeature;
import nl.leerkring.core.session.TemplateLibrary;
import nl.leerkring.core.time.WorkingHours;
import nl.leerkring.core.command.CommandRegistry;
import nl.leerkring.delivery.DeliveryWorker;
import nl.leerkring.delivery.Outbox;
import nl.leerkring.delivery.Pacer;
import nl.leerkring.delivery.PlatformPacer;
import nl.leerkring.schedule.FeedbackCultureJob;
import nl.leerkring.schedule.Housekeeping;
import nl.leerkring.schedule.QuartzScheduler;
import nl.leerkring.schedule.QuartzTimers;
import nl.leerkring.schedule.ScheduledEventJob;
import nl.leerkring.slack.SlackAdapter;
import nl.leerkring.store.Database;
import nl.leerkring.teams.TeamsAdapter;
import nl.leerkring.web.HealthServlet;
import nl.leerkring.web.WebServer;
import org.quartz.CronScheduleBuilder;
import org.quartz.DateBuilder;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobKey;
import org.quartz.SchedulerException;
import org.quartz.TriggerBuilder;
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
    private final Map<Platform, Sender> senders = new EnumMap<>(Platform.class);
    private DeliveryWorker delivery;
    private SlackAdapter slack;
    private QuartzScheduler scheduler;
    private WebServer web;
    private final Bot bot;
    private final QuartzTimers timers;
    private final SessionFeature sessions;

    private Leerkring(Config config, Clock clock) {
        this.config = config;
        this.clock = clock;
        // Everything that can be wrong in the configuration first: a broken method file (or a bad
        // setting) stops start-up before the database is opened, so nothing is left open.
        MethodLibrary methods = MethodLibrary.load(Path.of(config.get(Config.METHODS_DIR)));
        int retentionDays = config.getInt(Config.CASE_RETENTION_DAYS);
        ZoneId zone = config.timeZone();
        FeedbackPolicy feedback = feedbackPolicy(config);
        TemplateLibrary templates = TemplateLibrary.load(Path.of(config.get(Config.TEMPLATES_DIR)), methods);
        var reminderRhythm = rhythm(config);
        this.database = Database.open(config.get(Config.DATABASE_URL), config.get(Config.DATABASE_USER),
                config.get(Config.DATABASE_PASSWORD), config.getInt(Config.DATABASE_POOL_SIZE),
                Duration.ofMillis(config.getInt(Config.DATABASE_CONNECTION_TIMEOUT_MILLIS)));
        this.outbox = new Outbox(database.jdbi());
        this.timers = new QuartzTimers();
        this.sessions = new SessionFeature(templates, timers, reminderRhythm);
        FlowEngine flows = new FlowEngine(methods, timers, new SecureRandom(), zone, retentionDays,
                sessions.actionListener());
        CommandRegistry registry = new CommandRegistry();
        HelpCommand.register(registry);
        CircleCommands.register(registry);
        CaseCommands.register(registry, flows);
        sessions.register(registry, flows);
        FeedbackCommands.register(registry, flows, feedback);
        this.bot = new Bot(database.jdbi(), clock, config.get(Config.DEFAULT_LANGUAGE), registry, this::outboxWritten);
    }

    private static Rhythm rhythm(Config config) {
        return Rhythm.of(config.timeZone(), config.get(Config.REMINDER_DAYS), config.getInt(Config.COHOST_PREP_DAYS),
                WorkingHours.parse(config.get(Config.WORKING_HOURS), config.get(Config.WORKING_DAYS)));
    }

    /** The feedback settings from the configuration (README, configuration table). */
    static FeedbackPolicy feedbackPolicy(Config config) {
        return new FeedbackPolicy(config.timeZone(), config.getInt(Config.FEEDBACK_WINDOW_WEEKS),
                config.getInt(Config.FEEDBACK_RETENTION_DAYS), Duration.ofDays(config.getInt(Config.FEEDBACK_NUDGE_DAYS)),
                new CultureReading.Thresholds(config.getDouble(Config.FEEDBACK_TARGET_RATIO),
                        config.getDouble(Config.FEEDBACK_CARE_RATIO), config.getDouble(Config.FEEDBACK_FEAR_RATIO),
                        config.getInt(Config.FEEDBACK_AVOIDANCE_BELOW), config.getInt(Config.FEEDBACK_SETTLE_DAYS),
                        config.getInt(Config.FEEDBACK_ROUND_MIN)));
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
        Map<String, HttpServlet> servlets = new LinkedHashMap<>();
        if (config.slackConfigured()) {
            slack = SlackAdapter.create(config, bot, (workspace, user, zone) -> database.jdbi().useTransaction(h ->
                    MemberZones.fillFromProfile(h, Platform.SLACK, workspace, user, zone)));
            senders.put(Platform.SLACK, slack.sender());
            servlets.put("/slack/events", slack.servlet());
        } else {
            log.info("Slack is not configured (SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET): /slack/events is off");
        }
        TeamsAdapter teams = TeamsAdapter.create(config, bot, database.jdbi(), clock);
        senders.put(Platform.TEAMS, teams.sender());
        servlets.put("/api/messages", teams.servlet());
        startBackground();
        servlets.put("/healthz", new HealthServlet(database::isHealthy, scheduler::isHealthy, this::backlog));
        extraServlets.forEach((path, servlet) -> {
            if (servlets.putIfAbsent(path, servlet) != null) {
                throw new IllegalArgumentException("Path " + path + " is Leerkring's own");
            }
        });
        web = WebServer.start(config.getInt(Config.PORT), servlets);
        log.info("Leerkring listens on port {}", web.port());
        return this;
    }

    /** Starts the scheduler and the delivery worker with a console sender (no HTTP server). */
    public Leerkring startConsole(Sender console) {
        senders.put(Platform.CONSOLE, console);
        startBackground();
        return this;
    }

    private void startBackground() {
        Map<Class<? extends Job>, Supplier<Job>> jobs = Map.of(
                Housekeeping.class, () -> new Housekeeping(database.jdbi(), outbox, clock,
                        config.getInt(Config.CASE_RETENTION_DAYS), config.getInt(Config.FEEDBACK_RETENTION_DAYS)),
                ScheduledEventJob.class, () -> new ScheduledEventJob(bot),
                FeedbackCultureJob.class, () -> new FeedbackCultureJob(database.jdbi(), bot, clock, config.timeZone()));
        scheduler = QuartzScheduler.start(database.dataSource(), config.get(Config.SCHEDULER_NAME), jobs);
        timers.attach(scheduler);
        scheduleDaily("housekeeping", Housekeeping.class, CronScheduleBuilder.dailyAtHourAndMinute(3, 17));
        // the culture check nudges facilitators: on working days, in the morning
        scheduleDaily("feedback-culture", FeedbackCultureJob.class, CronScheduleBuilder.atHourAndMinuteOnGivenDaysOfWeek(
                9, 30, DateBuilder.MONDAY, DateBuilder.TUESDAY, DateBuilder.WEDNESDAY, DateBuilder.THURSDAY, DateBuilder.FRIDAY));
        // paced by buckets in PostgreSQL, shared by all instances; H2 serves one instance, so in memory
        Pacer pacer = config.get(Config.DELIVERY_PACING).equals("off") ? Pacer.NONE
                : database.isPostgres() ? PlatformPacer.onPostgres(database.dataSource(), clock) : PlatformPacer.inMemory(clock);
        delivery = new DeliveryWorker(outbox, senders, clock,
                Duration.ofMillis(config.getInt(Config.DELIVERY_POLL_MILLIS)), config.getInt(Config.DELIVERY_MAX_ATTEMPTS),
                config.getInt(Config.DELIVERY_THREADS), pacer);
        delivery.start();
    }

    /** A job on a fixed schedule in the configured time zone, created once (the job store keeps it). */
    private void scheduleDaily(String name, Class<? extends Job> job, CronScheduleBuilder when) {
        JobKey key = JobKey.jobKey(name, "leerkring");
        try {
            if (!scheduler.quartz().checkExists(key)) {
                scheduler.quartz().scheduleJob(
                        JobBuilder.newJob(job).withIdentity(key).build(),
                        TriggerBuilder.newTrigger().withIdentity(name, "leerkring")
                                .withSchedule(when.inTimeZone(java.util.TimeZone.getTimeZone(config.timeZone())))
                                .build());
            }
        } catch (SchedulerException e) {
            throw new IllegalStateException("Cannot schedule " + name + ": " + e.getMessage(), e);
        }
    }

    private HealthServlet.Backlog backlog() {
        Outbox.Backlog backlog = outbox.backlog();
        return new HealthServlet.Backlog(backlog.pending(), backlog.oldestCreatedAt() == null ? null
                : Duration.between(backlog.oldestCreatedAt(), clock.instant()));
    }

    private void outboxWritten() {
        if (delivery != null) {
            delivery.wake();
        }
    }

    public Bot bot() {
        return bot;
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

    /** The core's scheduled moments (on Quartz once started). */
    public Timers timers() {
        return timers;
    }

    /** Sessions, assignments and reminders; {@code sessions().myTasks()} builds a member's own list. */
    public SessionFeature sessions() {
        return sessions;
    }

    public Clock clock() {
        return clock;
    }

    /** The HTTP port, once the server runs. */
    public int port() {
        return web.port();
    }

    @Override
    public void close() {
        if (web != null) {
            web.close();
        }
        if (delivery != null) {
            delivery.close();
        }
        if (slack != null) {
            slack.close(); // after the worker: it sends through this client
        }
        if (scheduler != null) {
            scheduler.close();
        }
        database.close();
    }
}
