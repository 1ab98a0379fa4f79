package nl.leerkring.teams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.bot.schema.ChannelAccount;
import com.microsoft.bot.schema.ConversationAccount;
import com.microsoft.bot.schema.ConversationReference;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import nl.leerkring.store.Database;
import nl.leerkring.testing.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The Teams tables on both databases: removal, the one greeting, members' 1:1 chats and names. */
class ConversationStoreTest {

    private static final Instant NOW = Instant.parse("2026-11-21T10:00:00Z");

    @TempDir
    Path tmp;

    private TestDatabases.TestDatabase db;

    @AfterEach
    void dropSchema() {
        TestDatabases.dropIfPostgres(db);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void goneGreetedAndMembers(String kind) {
        db = TestDatabases.of(kind, tmp);
        try (Database database = Database.open(db.url(), db.user(), db.password())) {
            ConversationStore store = new ConversationStore(database.jdbi());
            ConversationReference reference = new ConversationReference();
            reference.setConversation(new ConversationAccount("19:c"));
            reference.setBot(new ChannelAccount("28:bot", "Leerkring"));
            store.save("t", "19:c", reference, NOW);

            assertTrue(store.claimGreeting("t", "19:c", NOW));
            assertFalse(store.claimGreeting("t", "19:c", NOW), "one greeting per stay");

            store.markGone("t", "19:c", NOW.plusSeconds(1));
            assertTrue(store.isGone("t", "19:c"));
            assertEquals(Optional.empty(), store.find("t", "19:c"));
            assertEquals(Optional.empty(), store.latestInTenant("t"));
            store.save("t", "19:c", reference, NOW.plusSeconds(2));
            assertFalse(store.isGone("t", "19:c"), "an activity from there shows it is back");
            assertTrue(store.find("t", "19:c").isPresent());
            assertTrue(store.claimGreeting("t", "19:c", NOW), "and greets again");

            store.save("t", "19:general", "team-1", reference, NOW);
            store.save("t", "19:other", "team-1", reference, NOW);
            store.markGone("t", "19:general", "team-1", NOW);
            assertTrue(store.isGone("t", "19:other"), "removed from a team: from every channel of it");
            assertFalse(store.isGone("t", "19:c"), "a conversation outside that team stays");

            store.rememberName("t", "29:a", "Anna", NOW);
            store.rememberChat("t", "29:a", "a:1chat", NOW);
            store.rememberName("t", "29:a", "Anna de Vries", NOW);
            assertEquals(Optional.of("Anna de Vries"), store.nameOf("t", "29:a"));
            assertEquals(Optional.of("a:1chat"), store.chatWith("t", "29:a"));
            store.forgetChat("t", "29:a");
            assertEquals(Optional.empty(), store.chatWith("t", "29:a"));
            assertEquals(Optional.of("Anna de Vries"), store.nameOf("t", "29:a"));
        }
    }
}
