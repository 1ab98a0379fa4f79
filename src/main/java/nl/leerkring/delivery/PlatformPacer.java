package nl.leerkring.delivery;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.TokensInheritanceStrategy;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import nl.leerkring.chat.Address;
import nl.leerkring.chat.Platform;

/**
 * The platforms' published rate limits as Bucket4j token buckets: one per conversation and one
 * per workspace (Slack team, Teams tenant).
 *
 * <ul>
 *   <li>Slack {@code chat.postMessage}: 1 message per second per channel ("short bursts
 *       allowed", of a size Slack does not publish, so none is used), and "several hundred
 *       messages per minute" per workspace, taken as 300 per minute. The bucket counts when a
 *       post leaves and Slack when it arrives, so a post delayed on its way (a busy machine, a
 *       look-up after a crash) would let the next arrive less than a second after it: the next
 *       post to a channel also waits a second after Slack answered the last
 *       ({@link #gapAfterAnswer}).</li>
 *   <li>Teams, per bot and conversation: 7 operations per second, 8 per 2 s, 60 per 30 s, 1800
 *       per hour; per app and tenant: 50 per second. Teams counts these in windows, and a
 *       bucket of capacity {@code c} that refills {@code r} per period lets {@code c + r} through
 *       in one period (full at its start, refilled during it). So each limit of {@code n} per
 *       period is a bucket with {@code c + r <= n}: a conversation gets 5 at once and then 1.5 a
 *       second (at most 6.5 in any second, 8 in any 2 s, 60 in any 30 s, 1800 in any hour), a
 *       tenant 10 at once and then 40 a second (at most 50 in any second).</li>
 * </ul>
 *
 * <p>On PostgreSQL the buckets are rows of {@code delivery_bucket}, locked with
 * {@code SELECT … FOR UPDATE} by Bucket4j's PostgreSQL backend, so every instance on that
 * database draws from the same buckets. On H2 (one instance by nature) they live in memory.
 */
public final class PlatformPacer implements Pacer {

    /** Slack's one post per second per channel. */
    static final Duration SLACK_CHANNEL_GAP = Duration.ofSeconds(1);

    private static final BucketConfiguration SLACK_CHANNEL = BucketConfiguration.builder()
            .addLimit(Bandwidth.builder().capacity(1).refillGreedy(1, SLACK_CHANNEL_GAP).build())
            .build();
    private static final BucketConfiguration SLACK_WORKSPACE = BucketConfiguration.builder()
            .addLimit(Bandwidth.builder().capacity(300).refillGreedy(300, Duration.ofMinutes(1)).build())
            .build();
    // Teams' 7 per second follows from the 8 per 2 s bucket: 5 + 1.5 in one second
    private static final BucketConfiguration TEAMS_CONVERSATION = BucketConfiguration.builder()
            .addLimit(window(8, 5, Duration.ofSeconds(2)))
            .addLimit(window(60, 30, Duration.ofSeconds(30)))
            .addLimit(window(1800, 100, Duration.ofHours(1)))
            .build();
    private static final BucketConfiguration TEAMS_TENANT = BucketConfiguration.builder()
            .addLimit(window(50, 10, Duration.ofSeconds(1)))
            .build();

    /**
     * The version of the configurations above. A bucket stored in PostgreSQL keeps the
     * configuration it was made with; one stored with a lower version takes the current one (its
     * tokens kept, up to the new capacity). Raise it whenever a configuration changes.
     */
    private static final long CONFIGURATION_VERSION = 2;

    private final BucketSource buckets;

    /**
     * At most {@code limit} in any {@code period}: {@code burst} at once, and {@code limit - burst}
     * refilled per period.
     */
    private static Bandwidth window(int limit, int burst, Duration period) {
        return Bandwidth.builder().capacity(burst).refillGreedy(limit - burst, period).build();
    }

    /** Where a bucket with a given key and configuration comes from. */
    private interface BucketSource {
        Bucket bucket(String key, BucketConfiguration configuration);
    }

    private PlatformPacer(BucketSource buckets) {
        this.buckets = buckets;
    }

    /** Buckets in this process's memory, timed by {@code clock}. */
    public static PlatformPacer inMemory(Clock clock) {
        TimeMeter time = timeMeter(clock);
        Map<String, Bucket> local = new ConcurrentHashMap<>();
        return new PlatformPacer((key, configuration) -> local.computeIfAbsent(key, k -> {
            var builder = Bucket.builder().withCustomTimePrecision(time);
            for (Bandwidth limit : configuration.getBandwidths()) {
                builder.addLimit(limit);
            }
            return builder.build();
        }));
    }

    /** Buckets in PostgreSQL's {@code delivery_bucket}, shared by every instance on that database. */
    public static PlatformPacer onPostgres(DataSource dataSource, Clock clock) {
        ProxyManager<String> proxies = Bucket4jPostgreSQL.selectForUpdateBasedBuilder(dataSource)
                .primaryKeyMapper(PrimaryKeyMapper.STRING)
                .table("delivery_bucket").idColumn("id").stateColumn("state")
                .clientClock(timeMeter(clock))
                .build();
        return new PlatformPacer((key, configuration) -> proxies.builder()
                .withImplicitConfigurationReplacement(CONFIGURATION_VERSION, TokensInheritanceStrategy.AS_IS)
                .build(key, () -> configuration));
    }

    @Override
    public Duration take(Address to) {
        return take(limits(to));
    }

    /** A permit from every one of these limits, or none and how long to wait. */
    private Duration take(List<Limit> limits) {
        for (int i = 0; i < limits.size(); i++) {
            Limit limit = limits.get(i);
            Bucket bucket = buckets.bucket(limit.key(), limit.configuration());
            ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
            if (!probe.isConsumed()) {
                // give back what the narrower limits took: nothing is sent now
                for (int j = 0; j < i; j++) {
                    buckets.bucket(limits.get(j).key(), limits.get(j).configuration()).addTokens(1);
                }
                return Duration.ofNanos(Math.max(1, probe.getNanosToWaitForRefill()));
            }
        }
        return Duration.ZERO;
    }

    /**
     * The narrower limits are asked as in {@link #take}; when they give a permit, the widest (the
     * workspace's) always gives one too, for the moment it comes free: Bucket4j lets its tokens
     * go below zero, and the wait is the time until this one is refilled. Permits given this way
     * come free one after another at the bucket's rate, so the messages sent at their turns keep
     * within the limit.
     */
    @Override
    public Turn turn(Address to) {
        List<Limit> limits = limits(to);
        if (limits.isEmpty()) {
            return Turn.NOW;
        }
        Duration narrower = take(limits.subList(0, limits.size() - 1));
        if (!narrower.isZero()) {
            return new Turn(narrower, false);
        }
        Limit widest = limits.get(limits.size() - 1);
        long nanos = buckets.bucket(widest.key(), widest.configuration()).consumeIgnoringRateLimits(1);
        return nanos <= 0 ? Turn.NOW : new Turn(Duration.ofNanos(nanos), true);
    }

    private record Limit(String key, BucketConfiguration configuration) {
    }

    private static List<Limit> limits(Address to) {
        return switch (to.platform()) {
            case SLACK -> List.of(new Limit(to.conversationKey(), SLACK_CHANNEL),
                    new Limit(Platform.SLACK + "|" + to.workspaceId(), SLACK_WORKSPACE));
            case TEAMS -> List.of(new Limit(to.conversationKey(), TEAMS_CONVERSATION),
                    new Limit(Platform.TEAMS + "|" + to.workspaceId(), TEAMS_TENANT));
            default -> List.of();
        };
    }

    private static TimeMeter timeMeter(Clock clock) {
        return new TimeMeter() {
            @Override
            public long currentTimeNanos() {
                Instant now = clock.instant();
                return now.getEpochSecond() * 1_000_000_000L + now.getNano();
            }

            @Override
            public boolean isWallClockBased() {
                return true;
            }
        };
    }

    @Override
    public Duration gapAfterAnswer(Address to) {
        boolean posted = to.platform() == Platform.SLACK && !to.isHome() && (to.isDirect() || !to.isPrivate());
        return posted ? SLACK_CHANNEL_GAP : Duration.ZERO;
    }
}
