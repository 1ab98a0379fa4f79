package nl.leerkring.slack;

import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.SlackApiException;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import nl.leerkring.chat.Address;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the time zone of each user from their Slack profile ({@code users.info}, scope
 * {@code users:read}) once per run, off the request thread, and hands it on, so that reminders
 * reach people inside their own working hours. Only the zone is kept: no name, no e-mail. A
 * profile that gave no zone (Slack said {@code user_not_found} or {@code missing_scope}, or the
 * call failed) is asked for again after {@link #LOOK_AGAIN}, not at the person's every command.
 */
public final class SlackProfiles implements AutoCloseable {

    /** Where a user's zone goes (in Leerkring: the memberships that have none chosen yet). */
    @FunctionalInterface
    public interface ZoneSink {
        /**
         * @return true when the zone is kept, now or before today (the bot takes a zone once a
         *     day per user); false when it could not be, so that it is handed on again
         */
        boolean zoneOf(Address where, String userId, ZoneId zone);
    }

    private static final Logger log = LoggerFactory.getLogger(SlackProfiles.class);
    static final Duration LOOK_AGAIN = Duration.ofHours(1);

    private final MethodsClient client;
    private final ZoneSink sink;
    /** When each user's profile was last asked for (a look-up under way included). */
    private final Map<String, Instant> lookedAt = new ConcurrentHashMap<>();
    private final Map<String, ZoneId> zones = new ConcurrentHashMap<>();
    /** The zone and the day it was last handed on, per user: the bot takes it once a day. */
    private final Map<String, Handed> handed = new ConcurrentHashMap<>();
    private final Clock clock;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "leerkring-slack-profiles");
        t.setDaemon(true);
        return t;
    });

    SlackProfiles(MethodsClient client, ZoneSink sink, Clock clock) {
        this.client = client;
        this.sink = sink;
        this.clock = clock;
    }

    /**
     * A user acted or was named. Their zone is looked up in the background the first time in
     * this run; after that the known zone is handed on again once a day (the bot takes a zone
     * once a day per user), so that a membership made later gets it too. {@code where}: the
     * place they acted in; the zone is handed on from there, after what they did there.
     */
    void seen(Address where, String userId) {
        if (userId == null) {
            return;
        }
        String key = keyOf(where, userId);
        ZoneId known = zones.get(key);
        if (known != null) {
            Handed stamp = stamp(known);
            // marked before it is handed, so that commands of the same moment hand it once
            if (!stamp.equals(handed.put(key, stamp))) {
                worker.execute(() -> hand(where, userId, stamp));
            }
        } else if (mayLookUp(key)) {
            worker.execute(() -> lookUp(where, userId));
        }
    }

    /** True for the one caller that asks now: never asked, or asked without a zone long enough ago. */
    private boolean mayLookUp(String key) {
        Instant now = clock.instant();
        Instant last = lookedAt.putIfAbsent(key, now);
        return last == null || (!now.isBefore(last.plus(LOOK_AGAIN)) && lookedAt.replace(key, last, now));
    }

    /** A user in a workspace: whose zone is looked up, known and handed on. */
    private static String keyOf(Address where, String userId) {
        return where.workspaceId() + "/" + userId;
    }

    /** A zone handed on, and the day. */
    private record Handed(ZoneId zone, LocalDate day) {
    }

    private Handed stamp(ZoneId zone) {
        return new Handed(zone, LocalDate.now(clock));
    }

    /** Hands the zone of {@code stamp} on; unmarks it when the bot could not keep it. */
    private void hand(Address where, String userId, Handed stamp) {
        boolean kept = false;
        try {
            kept = sink.zoneOf(where, userId, stamp.zone());
        } catch (RuntimeException e) {
            log.warn("Could not store the time zone of {}", userId, e);
        }
        if (!kept) {
            handed.remove(keyOf(where, userId), stamp);
        }
    }

    private void lookUp(Address where, String userId) {
        String key = keyOf(where, userId);
        try {
            var response = client.usersInfo(r -> r.user(userId));
            String tz = response.isOk() && response.getUser() != null ? response.getUser().getTz() : null;
            if (tz == null) {
                log.debug("No time zone for {} ({})", userId, response.getError());
                return;
            }
            ZoneId zone = ZoneId.of(tz);
            Handed stamp = stamp(zone);
            handed.put(key, stamp);
            zones.put(key, zone);
            hand(where, userId, stamp);
        } catch (IOException | SlackApiException | RuntimeException e) { // incl. an unknown zone id
            log.info("Could not read the time zone of {}: {}", userId, e.toString());
        }
    }

    @Override
    public void close() {
        worker.shutdown();
        try {
            worker.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
