package nl.leerkring.core.setup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import nl.leerkring.chat.OutgoingMessage;
import nl.leerkring.testing.BotHarness;
import nl.leerkring.testing.MutableClock;
import nl.leerkring.testing.TestDatabases;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A circle that grows past seven participants (the facilitator not counted) is told once that
 * learning groups work best with about five, seven being large already: not at seven, once at
 * eight, not again at nine or ten, nor after a restart.
 */
class CircleSizeAdviceTest {

    @TempDir
    Path tmp;

    private static long advices(BotHarness kring) {
        String title = BotHarness.text("circle.sizeAdvice.title");
        return kring.outbox().stream().filter(m -> title.equals(m.title())).count();
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void theAdviceComesOnceWhenTheCircleGrowsPastSeven(String kind) {
        MutableClock clock = new MutableClock(Instant.parse("2026-12-07T09:00:00Z"));
        TestDatabases.TestDatabase db = TestDatabases.of(kind, tmp);
        try {
            try (BotHarness kring = new BotHarness(db, clock)) {
                kring.command("alice", "start");
                for (String member : List.of("m1", "m2", "m3", "m4", "m5", "m6", "m7")) {
                    kring.command("alice", "rol <@" + member + "> lid");
                }
                assertEquals(0, advices(kring), "seven participants and a facilitator: no advice");
                kring.command("alice", "rol <@m3> cohost");
                assertEquals(0, advices(kring), "a new role for a member is no one joining");

                kring.command("alice", "rol <@m8> lid");
                assertEquals(1, advices(kring));
                OutgoingMessage advice = kring.last();
                assertEquals(BotHarness.CHANNEL, advice.to().channelId());
                assertTrue(!advice.to().isPrivate(), "the circle hears it");
                assertEquals(BotHarness.text("circle.sizeAdvice", 8), advice.text());

                kring.command("alice", "rol <@m9> lid");
                kring.command("alice", "rol <@m8> geen");
                kring.command("alice", "rol <@m10> lid");
                assertEquals(1, advices(kring), "not again at nine or ten");
            }
            try (BotHarness again = new BotHarness(db, clock)) {
                again.command("alice", "rol <@m11> lid");
                assertEquals(1, advices(again), "not again after a restart");
                assertEquals(1L, (long) again.database().jdbi().withHandle(h -> h.createQuery(
                        "SELECT COUNT(*) FROM circle WHERE size_advice_at IS NOT NULL").mapTo(Long.class).one()));
            }
        } finally {
            TestDatabases.dropIfPostgres(db);
        }
    }
}
