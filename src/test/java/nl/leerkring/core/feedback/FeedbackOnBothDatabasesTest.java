package nl.leerkring.core.feedback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import nl.leerkring.chat.OutgoingMessage;
import nl.leerkring.testing.BotHarness;
import nl.leerkring.testing.MutableClock;
import nl.leerkring.testing.TestDatabases;
import nl.leerkring.testing.TestDatabases.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every feedback query, once, on H2 and on PostgreSQL: the SQL must run unchanged on both. */
class FeedbackOnBothDatabasesTest {

    @TempDir
    Path tmp;
    TestDatabase db;

    @AfterEach
    void dropSchema() {
        TestDatabases.dropIfPostgres(db);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void theWholeLedger(String kind) {
        db = TestDatabases.of(kind, tmp);
        MutableClock clock = new MutableClock(Instant.parse("2026-10-01T08:00:00Z"));
        try (BotHarness k = new BotHarness(db, clock)) {
            k.circle("alice", "bob lid", "carol cohost");
            clock.advance(Duration.ofDays(15));

            // drafts: kind chosen later, named and anonymous
            k.command("bob", "feedback <@carol> Helder");
            k.pressLabelled("bob", "Top");
            k.pressLabelled("bob", "Met mijn naam");
            k.command("carol", "tip <@bob> Korter");
            k.pressLabelled("carol", "Anoniem");

            // an evaluation round with its nudge (round claim) and a fear nudge (claimNudge)
            k.command("alice", "casus intervisie Ronde");
            k.deliver();
            long flow = k.flows().newestFlow();
            for (int step = 0; step < 4; step++) {
                k.press("alice", "flow.next", flow + ":" + step);
            }
            for (String from : new String[] {"bob", "carol"}) {
                k.press(from, "flow.feedback", flow + ":4:TIP");
                OutgoingMessage form = k.last();
                k.submit(from, form.form().action(), form.form().context(),
                        Map.of("receiver", "alice", "text", "Tip in de ronde", "who", "anonymous"));
            }
            assertEquals(1, k.outbox().stream().filter(m -> m.text() != null && m.text().startsWith("Fijn dat er tips komen")).count());
            assertEquals(1, k.directTo("alice").stream().filter(m -> "Een seintje over de feedback in je kring".equals(m.title())).count());

            k.command("alice", "cultuur");
            String culture = k.last().plainText();
            assertTrue(culture.contains("Tops ███ 1\nTips ██████████ 3"), culture);
            assertTrue(culture.contains("• Ronde: 0 tops en 2 tips"), culture);

            k.command("bob", "mijn feedback");
            assertTrue(k.last().text().contains("Je kreeg in deze kring 0 tops en 1 tip"), k.last().text());
            k.command("alice", "nudges uit");
            k.runDaily("feedback-culture");
            k.command("alice", "nudges aan");
            clock.advance(Duration.ofDays(8));
            k.runDaily("feedback-culture");
            assertEquals(2, k.directTo("alice").stream().filter(m -> "Een seintje over de feedback in je kring".equals(m.title())).count());

            k.command("bob", "mijn feedback wissen");
            assertTrue(k.last().text().contains("de tekst van 1 tops en tips is gewist"), k.last().text());
            clock.advance(Duration.ofDays(31));
            k.housekeeping();
            assertNull(k.database().jdbi().withHandle(h -> h.createQuery("SELECT MAX(text) FROM feedback").mapTo(String.class).one()));
            assertEquals(4L, k.count("feedback"), "the counts stay");
        }
    }
}
