package nl.leerkring.teams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import nl.leerkring.chat.Address;
import nl.leerkring.chat.Platform;
import nl.leerkring.delivery.Pacer;
import nl.leerkring.delivery.PlatformPacer;
import nl.leerkring.testing.MutableClock;
import org.junit.jupiter.api.Test;

/**
 * The delivery pace for Teams against Teams' published limits, counted as Teams counts them: in
 * every window of the limit's length, wherever it starts. Messages are sent as fast as the
 * pacer allows, on a clock that jumps to the next permit.
 */
class TeamsPacingTest {

    private static final String TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";
    private static final String OTHER_TENANT = "0b9e7c3a-5d41-4f6e-8a2b-61c0f3e9d7a5";
    private static final Instant START = Instant.parse("2026-12-07T04:00:00Z");

    @Test
    void oneConversationGetsFiveAtOnceThenStaysWithinEveryWindowTeamsCounts() {
        MutableClock clock = new MutableClock(START);
        Address channel = Address.channel(Platform.TEAMS, TENANT, "19:pacing@thread.tacv2");

        List<Instant> sent = sendAsFastAsAllowed(PlatformPacer.inMemory(clock), clock, List.of(channel), Duration.ofHours(2))
                .get(channel);

        assertAtMost(7, Duration.ofSeconds(1), sent);
        assertAtMost(8, Duration.ofSeconds(2), sent);
        assertAtMost(60, Duration.ofSeconds(30), sent);
        assertAtMost(1800, Duration.ofHours(1), sent);
        assertEquals(5, sent.stream().filter(START::equals).count(), "a short reply of several messages goes at once");
        // the hour's limit is what holds a busy conversation back: 100 at first, then 1,700 an hour
        assertTrue(sent.size() >= 3400, sent.size() + " messages in two hours");
    }

    @Test
    void aTenantStaysWithinFiftyASecondAcrossItsConversationsAndAnotherTenantIsNotHeldBack() {
        MutableClock clock = new MutableClock(START);
        List<Address> busy = IntStream.range(0, 200)
                .mapToObj(i -> Address.channel(Platform.TEAMS, TENANT, "19:busy" + i + "@thread.tacv2")).toList();
        Address elsewhere = Address.channel(Platform.TEAMS, OTHER_TENANT, "19:elsewhere@thread.tacv2");
        List<Address> all = new ArrayList<>(busy);
        all.add(elsewhere);

        Map<Address, List<Instant>> sent = sendAsFastAsAllowed(PlatformPacer.inMemory(clock), clock, all, Duration.ofSeconds(10));

        List<Instant> tenant = busy.stream().flatMap(a -> sent.get(a).stream()).sorted().toList();
        assertAtMost(50, Duration.ofSeconds(1), tenant);
        assertTrue(tenant.size() >= 400, tenant.size() + " messages to the tenant in 10 s: 10 at once, then 40 a second");
        assertEquals(5, sent.get(elsewhere).stream().filter(START::equals).count(),
                "the other tenant's conversation gets its first five at once");
    }

    /**
     * Takes permits for the conversations in turn, for as long as any is given, then moves the
     * clock to the earliest moment one of them may send again; until {@code duration} has passed.
     * The moments each conversation was allowed to send.
     */
    private static Map<Address, List<Instant>> sendAsFastAsAllowed(Pacer pacer, MutableClock clock, List<Address> to,
                                                                   Duration duration) {
        Map<Address, List<Instant>> sent = new HashMap<>();
        to.forEach(a -> sent.put(a, new ArrayList<>()));
        Instant end = START.plus(duration);
        while (clock.instant().isBefore(end)) {
            Duration soonest = null;
            for (Address a : to) {
                Duration wait = pacer.take(a);
                if (wait.isZero()) {
                    sent.get(a).add(clock.instant());
                    soonest = Duration.ZERO;
                } else if (soonest == null || wait.compareTo(soonest) < 0) {
                    soonest = wait;
                }
            }
            if (!soonest.isZero()) {
                clock.advance(soonest);
            }
        }
        return sent;
    }

    /** No window of {@code length} (wherever it starts) holds more than {@code limit} of the sorted moments. */
    private static void assertAtMost(int limit, Duration length, List<Instant> sorted) {
        int most = 0;
        Instant busiest = null;
        for (int from = 0, to = 0; to < sorted.size(); to++) {
            while (!sorted.get(to).isBefore(sorted.get(from).plus(length))) {
                from++;
            }
            if (to - from + 1 > most) {
                most = to - from + 1;
                busiest = sorted.get(from);
            }
        }
        assertTrue(most <= limit, most + " messages within " + length + " from " + busiest + "; Teams allows " + limit);
    }
}
