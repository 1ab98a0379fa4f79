package nl.leerkring.core;

import nl.leerkring.chat.Address;
import java.util.function.Predicate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import org.jdbi.v3.core.ConnectionException;
import java.util.concurrent.TimeUnit;
import nl.leerkring.chat.InboundEvent;
import nl.leerkring.chat.OutgoingMessage;
import nl.leerkring.chat.Platform;
import nl.leerkring.core.circle.Circle;
import nl.leerkring.core.circle.Circles;
import nl.leerkring.core.command.Command;
import nl.leerkring.core.command.CommandRegistry;
import nl.leerkring.core.command.Turn;
import nl.leerkring.core.feature.Feature;
import nl.leerkring.core.circle.Person;
import nl.leerkring.core.i18n.Texts;
import nl.leerkring.delivery.Outbox;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way into Leerkring's behaviour. Each inbound event is handled in one database
 * transaction: dedupe by the platform's event id, the state change, and the replies written to
 * the outbox. Then the delivery worker is woken to send them.
 */
public final class Bot {

    private static final Logger log = LoggerFactory.getLogger(Bot.class);

    /** Longer input than this is refused before anything else looks at it. */
    public static final int MAX_INPUT_CHARS = 4000;
    /** How long an event waits for a free turn: within Slack's 3 s, with time left to handle it. */
    static final Duration TURN_WAIT = Duration.ofMillis(2000);
    /** How long a turn waits for the database to say anything: longer than any lock wait of a busy circle. */
    static final Duration DATABASE_SILENCE = Duration.ofMillis(2000);

    private final Jdbi jdbi;
    private final Clock clock;
    private final String defaultLanguage;
    private final CommandRegistry registry;
    private final Runnable outboxWritten;
    private volatile Predicate<Address> threads = conversation -> true;
    private final EventKeys eventKeys;
    private final Semaphore turns;

    /** The same, with the installation's event-key secret kept in the database. */
    public Bot(Jdbi jdbi, Clock clock, String defaultLanguage, List<Feature> features, Runnable outboxWritten) {
        this(jdbi, clock, defaultLanguage, features, outboxWritten, null, Integer.MAX_VALUE);
    }

    /**
     * Assembles the bot from its features: each adds its text bundle and registers its
     * commands, choices and scheduled actions.
     *
     * @param outboxWritten called after a turn wrote replies (wakes the delivery worker)
     * @param eventKeySecret the secret under which event ids are kept (setting {@code event.key.secret});
     *     blank: one made once and kept in the database
     * @param concurrentTurns how many events are handled at once; the others wait their turn
     *     here rather than in the connection pool, whose short wait is there to notice a database
     *     that is gone, not one that is busy
     */
    public Bot(Jdbi jdbi, Clock clock, String defaultLanguage, List<Feature> features, Runnable outboxWritten,
               String eventKeySecret, int concurrentTurns) {
        this.turns = new Semaphore(concurrentTurns, true);
        this.eventKeys = EventKeys.of(jdbi, eventKeySecret);
        this.jdbi = jdbi;
        this.clock = clock;
        this.defaultLanguage = defaultLanguage;
        this.registry = new CommandRegistry();
        for (Feature feature : features) {
            Texts.addBundle(feature.bundle());
            feature.register(registry);
        }
        this.outboxWritten = outboxWritten;
    }

    /**
     * Handles one event. Never throws for what a user sent: a failure of ours is logged with an
     * id, and the user is told that id.
     *
     * @return false when the event was a duplicate and nothing was done
     */
    /**
     * How turns learn whether a conversation has threads: the platforms' senders, once the doors
     * exist. Until then, and for a platform without a sender, every conversation has them.
     */
    public void threadsBy(Predicate<Address> threads) {
        this.threads = threads;
    }

    public boolean handle(InboundEvent event) {
        return run(event).acted();
    }

    private record Outcome(boolean acted, boolean retry) {
    }

    /** How an event is marked as taken inside its turn's transaction; false: it was taken before. */
    @FunctionalInterface
    private interface Claim {
        boolean take(Handle h, Instant now);
    }

    /** What became of an event from the {@link Inbox}. */
    enum Queued {
        /** Handled now, or it had been handled before: its row is gone. */
        DONE,
        /** Not handled (the database is away, or no turn came free): its row stays, to be tried again. */
        RETRY
    }

    /**
     * Handles an event the {@link Inbox} kept as row {@code rowId}. The row is deleted in the
     * turn's own transaction, so the event acts once however many workers (of however many
     * servers) reach for it: one that finds the row gone does nothing.
     */
    Queued handleQueued(long rowId, InboundEvent event) {
        Claim takeRow = (h, now) -> h.createUpdate("DELETE FROM inbox WHERE id = :id").bind("id", rowId).execute() == 1
                && firstTimeSeen(h, event, now);
        // a failure of ours is not tried again (it would fail again): the row is taken all the same
        Outcome outcome = run(event, takeRow, () -> jdbi.useTransaction(h -> takeRow.take(h, clock.instant())));
        return outcome.retry() ? Queued.RETRY : Queued.DONE;
    }

    /** The keyed hash under which an event's key is kept (in {@code inbound_event} and the inbox). */
    String keyOf(InboundEvent event) {
        return eventKeys.hash(event.eventKey());
    }

    private Outcome run(InboundEvent event) {
        return run(event, (h, now) -> firstTimeSeen(h, event, now), () -> { });
    }

    /**
     * @param claim marks the event taken in the turn's transaction (false: taken before, nothing is done)
     * @param failedForGood run after a failure of ours (not the database being away): the event is
     *     not to be tried again
     */
    private Outcome run(InboundEvent event, Claim claim, Runnable failedForGood) {
        Instant now = clock.instant();
        boolean acted;
        boolean retry = false;
        try {
            acted = inTurn(() -> {
                try (Handle handle = jdbi.open()) {
                    limitSilence(handle);
                    return handle.inTransaction(h -> {
                        if (!claim.take(h, now)) {
                            return false;
                        }
                        Turn turn = dispatch(event, h, now);
                        Outbox.enqueueAll(h, turn.replies(), now, turn::forgetWhenSent);
                        return true;
                    });
                }
            });
        } catch (RuntimeException e) {
            String errorId = UUID.randomUUID().toString().substring(0, 8);
            acted = true;
            if (e instanceof NoTurn || databaseAway(e)) {
                // nothing can be written now, and asking the database again would only wait longer
                log.error("[{}] {} event {} in {} not handled: {}", errorId, event.kind(), event.eventKey(), event.where(),
                        e.getMessage());
                retry = true;
            } else {
                log.error("[{}] Handling {} event {} in {} failed", errorId, event.kind(), event.eventKey(), event.where(), e);
                try {
                    failedForGood.run();
                } catch (RuntimeException again) {
                    log.error("[{}] Could not set the failed event aside; it will be tried again", errorId, again);
                    retry = true;
                }
                tellAboutFailure(event, errorId, now);
            }
        }
        if (acted) {
            outboxWritten.run();
        }
        return new Outcome(acted, retry);
    }

    /**
     * A database that stops answering mid-turn (its network gone) would hold the turn, and the
     * platform's request, for ever: a turn's connection gives up after {@link #DATABASE_SILENCE}
     * without a byte from the server (the pool sets it back when the connection returns).
     */
    private static void limitSilence(Handle handle) {
        try {
            handle.getConnection().setNetworkTimeout(Runnable::run, (int) DATABASE_SILENCE.toMillis());
        } catch (java.sql.SQLException | UnsupportedOperationException e) {
            // a driver without network timeouts: the turn waits as long as the driver does
        }
    }

    /** Whether the failure is the database being out of reach (no connection, or one that went silent). */
    private static boolean databaseAway(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectionException || t instanceof java.net.SocketTimeoutException
                    || t instanceof java.sql.SQLTransientConnectionException || t instanceof java.sql.SQLNonTransientConnectionException
                    || (t instanceof java.sql.SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("08"))) {
                return true;
            }
        }
        return false;
    }

    /** No turn came free within {@link #TURN_WAIT}: the bot is overloaded. */
    private static final class NoTurn extends RuntimeException {
        NoTurn() {
            super("No turn free within " + TURN_WAIT.toMillis() + " ms");
        }
    }

    private boolean inTurn(java.util.function.BooleanSupplier work) {
        try {
            if (!turns.tryAcquire(TURN_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new NoTurn();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for a turn", e);
        }
        try {
            return work.getAsBoolean();
        } finally {
            turns.release();
        }
    }

    /**
     * Records the event as seen; false for a retry. What is stored is a keyed hash of the
     * platform's event key, never the key: Slack's key for a button press holds the user's id and
     * the moment to the microsecond, which would tie the giver of an anonymous top to it. The hash
     * key lives in memory only, so nobody with the database can test guesses (a restart forgets
     * which events were seen; platforms retry within minutes).
     */
    private boolean firstTimeSeen(Handle h, InboundEvent event, Instant now) {
        return h.createUpdate("""
                        INSERT INTO inbound_event (platform, event_key, received_at) VALUES (:platform, :key, :now)
                        ON CONFLICT DO NOTHING""")
                .bind("platform", event.platform().name())
                .bind("key", eventKeys.hash(event.eventKey()))
                .bind("now", now)
                .execute() == 1;
    }

    /**
     * What is wrong with a form's answers given so far ({@code event}'s, one or more), by field
     * id, in the circle's language: each read by its field's {@link nl.leerkring.core.command.FieldCheck}.
     * Nothing is stored; a door asks this as each answer is given.
     */
    public Map<String, String> checkAnswers(InboundEvent event) {
        return check(event, false);
    }

    /**
     * What is wrong with a whole form ({@code event}, its submission): each answer, and when they
     * pass, the answers together ({@link nl.leerkring.core.command.FormCheck}). Nothing is stored
     * and the form's handler is not run; a door asks this before it takes the form, while the
     * person can still change it.
     */
    public Map<String, String> checkForm(InboundEvent event) {
        return check(event, true);
    }

    private Map<String, String> check(InboundEvent event, boolean whole) {
        Instant now = clock.instant();
        try {
            return jdbi.inTransaction(h -> {
                Turn turn = turnFor(event, h, now);
                Map<String, String> problems = whole ? registry.formProblems(turn, event.action(), event.form())
                        : registry.problems(turn, event.action(), event.form());
                h.rollback();
                return problems;
            });
        } catch (RuntimeException e) {
            log.warn("Checking the answers of form {} failed; the submission goes on to be handled", event.action(), e);
            return Map.of();
        }
    }

    private Turn turnFor(InboundEvent event, Handle h, Instant now) {
        Circles circles = new Circles(h);
        Optional<Circle> circle = circles.find(event.platform(), event.where().workspaceId(), event.where().channelId());
        String text = event.text().strip();
        String word = text.isEmpty() ? "help" : text.split("\\s+", 2)[0];
        String language = circle.map(Circle::language)
                .orElse(event.kind() == InboundEvent.Kind.COMMAND && registry.isEnglishName(word) ? Texts.ENGLISH : defaultLanguage);
        return new Turn(event, h, now, circles, circle.orElse(null), Texts.of(language)).withThreads(threads);
    }

    private Turn dispatch(InboundEvent event, Handle h, Instant now) {
        Circles circles = new Circles(h);
        Optional<Circle> circle = circles.find(event.platform(), event.where().workspaceId(), event.where().channelId());
        String text = event.text().strip();
        String word = text.isEmpty() ? "help" : text.split("\\s+", 2)[0];
        String args = text.length() > word.length() ? text.substring(word.length()).strip() : "";

        String language = circle.map(Circle::language)
                .orElse(event.kind() == InboundEvent.Kind.COMMAND && registry.isEnglishName(word) ? Texts.ENGLISH : defaultLanguage);
        Turn turn = new Turn(event, h, now, circles, circle.orElse(null), Texts.of(language)).withThreads(threads);

        // Plain messages are read only by features that care (a case's thread) and they apply their own limits.
        if (event.kind() != InboundEvent.Kind.MESSAGE && text.length() > MAX_INPUT_CHARS) {
            turn.tell(turn.text("error.tooLong", text.length(), MAX_INPUT_CHARS));
            return turn;
        }
        switch (event.kind()) {
            case COMMAND -> registry.runCommand(turn, word, args);
            case FORM -> {
                Map<String, String> problems = registry.formProblems(turn, event.action(), event.form());
                if (!problems.isEmpty()) {
                    // a door that did not ask before: nothing is taken, and each reason is named
                    turn.tell(turn.text("form.refused", String.join("\n", problems.values())));
                    return turn;
                }
                registry.choiceHandler(event.action()).ifPresentOrElse(
                        handler -> handler.run(turn, event.value() == null ? "" : event.value()),
                        () -> turn.tell(turn.text("error.staleChoice")));
            }
            case CHOICE -> registry.choiceHandler(event.action()).ifPresentOrElse(
                    handler -> handler.run(turn, event.value() == null ? "" : event.value()),
                    () -> turn.tell(turn.text("error.staleChoice")));
            case SCHEDULED -> registry.scheduledHandler(event.action()).ifPresentOrElse(
                    handler -> handler.run(turn, event.value() == null ? "" : event.value()),
                    () -> log.warn("No handler for scheduled action {}; ignored", event.action()));
            case MESSAGE -> registry.messageHandlers().forEach(handler -> handler.run(turn, text));
            case PROFILE -> registry.profileHandlers().forEach(handler -> handler.run(turn, event.value()));
        }
        return turn;
    }

    /** Writes the failure's id to the user for delivery; logs when not even that could be written. */
    private void tellAboutFailure(InboundEvent event, String errorId, Instant now) {
        try {
            String language = jdbi.withHandle(h -> new Circles(h)
                    .find(event.platform(), event.where().workspaceId(), event.where().channelId())
                    .map(Circle::language).orElse(defaultLanguage));
            OutgoingMessage sorry = OutgoingMessage.text(event.where().privatelyTo(event.userId()),
                    Texts.of(language).get("error.internal", errorId));
            jdbi.useTransaction(h -> Outbox.enqueue(h, sorry, now));
        } catch (RuntimeException e) {
            log.error("[{}] Could not even tell the user about the failure", errorId, e);
        }
    }

    /**
     * A file of this kind made again, now, for this person, as the feature that sent it makes it;
     * empty when no feature makes that kind. For a platform that delivers a file only when its
     * receiver asks for it, so that no copy needs to wait in between. Reads, changes nothing.
     */
    public Optional<OutgoingMessage.File> remakeFile(String kind, Platform platform, String workspaceId, String userId) {
        Optional<CommandRegistry.FileMaker> maker = registry.fileMaker(kind);
        if (maker.isEmpty() || workspaceId == null || userId == null) {
            return Optional.empty();
        }
        Person person = new Person(platform, workspaceId, userId);
        Instant now = clock.instant();
        return jdbi.inTransaction(h -> maker.get().make(h, person, now));
    }

    public List<Command> commands() {
        return registry.all();
    }
}
