package nl.leerkring.teams;

import static nl.leerkring.teams.TeamsChannel.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import nl.leerkring.store.Database;
import nl.leerkring.testing.Await;
import nl.leerkring.testing.MutableClock;
import nl.leerkring.testing.Rows;
import nl.leerkring.testing.TestConfigs;
import nl.leerkring.testing.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * People by their real names: a name Teams gave in an activity is shown for a week; after that,
 * and for a member known only by id, the bot asks the conversation's member list
 * ({@code GET /v3/conversations/{id}/members/{memberId}} on the fake connector, answered as the
 * real one does) before it names them, remembers the answer per tenant, and does not ask again
 * for each message. Over {@code /api/messages} with the app's clock moved on.
 */
class TeamsMemberNamesTest {

    static final String ALICE = "29:1alice";
    static final String BOB = "29:1bob";
    static final String CHANNEL = "19:names-channel@thread.tacv2";

    @TempDir
    Path tmp;

    private final MutableClock clock = new MutableClock(Instant.parse("2027-01-04T10:00:00Z"));
    private TeamsServer server;
    private FakeConnector connector;
    private TeamsChannel kring;

    @BeforeEach
    void start() {
        server = TeamsServer.start(TestConfigs.server(TestDatabases.h2(tmp.resolve("db"))), clock);
        connector = server.connector();
        kring = server.channel(CHANNEL);
        kring.startCircle(ALICE, List.of(BOB));
        Await.until(() -> server.app().outbox().pendingCount() == 0, () -> "outbox drained");
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aNameOlderThanAWeekIsAskedOfTeamsOnceAndShownAsARealMention() throws Exception {
        connector.member(BOB, "Bob de Vries");
        assertTrue(members(ALICE).contains("@Bob — lid"), "the name the mention entity gave");
        assertEquals(List.of(), connector.memberLookups(), "a fresh name is not asked for");

        clock.advance(Duration.ofDays(8));
        FakeConnector.Call listed = membersCall(ALICE);
        assertTrue(text(listed).contains("@Bob de Vries — lid"), text(listed));
        assertEquals(List.of("/v3/conversations/" + CHANNEL + "/members/" + BOB), connector.memberLookups(),
                "Bob's name asked for in the channel; Alice's came with her own message");
        JsonNode bob = mentionOf(listed, BOB);
        assertEquals("<at>Bob de Vries</at>", bob.path("text").asText());
        assertEquals("Bob de Vries", bob.path("mentioned").path("name").asText());
        assertEquals("Bob de Vries", Rows.one(server.app().database(), String.class,
                "SELECT display_name FROM teams_member WHERE tenant_id = ? AND user_id = ?", TeamsChannel.TENANT, BOB));
        assertEquals(0, Rows.count(server.app().database(), "SELECT COUNT(*) FROM teams_member WHERE display_name LIKE ?",
                "%contoso%"), "of Teams' answer only the name is kept");

        assertTrue(members(ALICE).contains("@Bob de Vries — lid"));
        assertEquals(1, connector.memberLookups().size(), "remembered: not asked again within the week");
    }

    @Test
    void aMemberKnownOnlyByIdIsNamedFromTeamsAndOneTeamsCannotNameIsNotAskedAboutForEveryMessage() {
        // a member row without a name: the bot knew Bob only by id (his 1:1 chat, made to reach him)
        server.app().database().jdbi().useHandle(h -> h.execute("UPDATE teams_member SET display_name = NULL WHERE user_id = ?", BOB));
        String listed = members(ALICE);
        assertFalse(listed.contains("@Bob"), "Teams does not know him here yet: a short form, no name made up: " + listed);
        assertEquals(1, connector.memberLookups().size());
        members(ALICE);
        assertEquals(1, connector.memberLookups().size(), "a member Teams could not name is not asked about on every message");

        connector.member(BOB, "Bob de Vries");
        clock.advance(MemberNames.RETRY_AFTER.plusMinutes(1));
        assertTrue(members(ALICE).contains("@Bob de Vries — lid"));
        assertEquals(2, connector.memberLookups().size());
    }

    @Test
    void namesAreRememberedPerTenant() {
        Database database = server.app().database();
        ConversationStore store = new ConversationStore(database.jdbi());
        MemberNames names = new MemberNames(store, clock);
        store.rememberName("tenant-a", BOB, "Bob de Vries", clock.instant());
        assertEquals(List.of(), names.toLookUp("tenant-a", List.of(BOB)));
        assertEquals(List.of(BOB), names.toLookUp("tenant-b", List.of(BOB)), "another tenant's Bob is not this one");
        assertEquals(Set.of(), names.known("tenant-b", List.of(BOB)).keySet());
        assertEquals("Bob de Vries", names.known("tenant-a", List.of(BOB)).get(BOB));
        clock.advance(MemberNames.MAX_AGE.plusMinutes(1));
        assertEquals(List.of(BOB), names.toLookUp("tenant-a", List.of(BOB)), "a week on, asked again");
        assertEquals("Bob de Vries", names.known("tenant-a", List.of(BOB)).get(BOB), "meanwhile the old name is shown");
    }

    /** Alice asks for the member list; what her 1:1 chat shows of it. */
    private String members(String user) {
        return text(membersCall(user));
    }

    private FakeConnector.Call membersCall(String user) {
        Await.until(() -> server.app().outbox().pendingCount() == 0, () -> "outbox drained");
        int mark = kring.mark();
        kring.atBot(user, "kring leden");
        return kring.awaitPrivate(mark, user, "Leden van deze leerkring");
    }

    private static JsonNode mentionOf(FakeConnector.Call call, String userId) {
        for (JsonNode entity : TeamsChannel.content(call).path("msteams").path("entities")) {
            if (entity.path("mentioned").path("id").asText().equals(userId)) {
                return entity;
            }
        }
        throw new AssertionError("no mention of " + userId + " in " + call.body());
    }
}
