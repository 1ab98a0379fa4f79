package nl.leerkring.teams;

import static nl.leerkring.teams.TeamsChannel.content;
import static nl.leerkring.teams.TeamsChannel.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import nl.leerkring.Leerkring;
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
 * Sessions end to end over the real Teams endpoint, with a controlled clock: the facilitator
 * plans, the co-host's {@code kring sessie start} posts the agenda to the channel at the fake
 * connector, and an assignment reaches every member in a 1:1 chat, never the channel. The
 * answer comes back from that 1:1 chat.
 */
class TeamsSessionsTest {

    static final String ANNA = "29:1anna-user-id";
    static final String BOB = "29:1bob-user-id";
    static final String CAROL = "29:1carol-user-id";
    static final String CHANNEL = "19:leerkring-channel@thread.tacv2";

    @TempDir
    Path tmp;
    MutableClock clock = new MutableClock(Instant.parse("2027-01-04T10:00:00Z"));
    TeamsServer server;
    FakeConnector connector;
    Leerkring app;
    TeamsChannel teams;

    @BeforeEach
    void start() {
        server = TeamsServer.start(TestConfigs.server(TestDatabases.h2(tmp)), clock);
        connector = server.connector();
        app = server.app();
        teams = server.channel(CHANNEL);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** Where the first card whose content contains {@code text} was posted. */
    String cardContaining(String text) {
        return connector.posts().stream().filter(c -> content(c).toString().contains(text)).findFirst().map(FakeConnector.Call::path)
                .orElseThrow(() -> new AssertionError("no card with '" + text + "'"));
    }

    @Test
    void planStartTheSessionAndAnAssignmentThatReachesEveryMemberPrivately() {
        // "@Leerkring kring …", with Teams mentions of the members
        teams.atBot(ANNA, "kring start");
        teams.atBot(ANNA, "kring rol <@" + BOB + "> lid");
        teams.atBot(ANNA, "kring rol <@" + CAROL + "> lid");
        teams.atBot(ANNA, "kring plan 12-01-2027 19:30 6x elke 6 weken");
        Await.until(() -> connector.posts().size() >= 4, () -> "the plan is announced");
        assertEquals("/v3/conversations/" + CHANNEL + "/activities", cardContaining("De bijeenkomsten zijn gepland (6)"));

        clock.set(Instant.parse("2027-01-12T18:30:00Z"));
        teams.atBot(BOB, "kring sessie start");
        Await.until(() -> connector.posts().stream().anyMatch(c -> c.body().contains("Onderdeel 1 van 5")),
                () -> "the first part is posted");
        String agendaCard = connector.posts().stream().map(c -> content(c).toString()).filter(c -> c.contains("Bijeenkomst 1 van 6"))
                .findFirst().orElseThrow();
        assertEquals("/v3/conversations/" + CHANNEL + "/activities", cardContaining("Bijeenkomst 1 van 6"));
        assertTrue(agendaCard.contains("19:30–19:55  Kennismaken") && agendaCard.contains("21:15–21:30  Afsluiting"), agendaCard);

        int before = teams.mark();
        teams.atBot(ANNA, "kring opdracht Beschrijf een situatie die niet lukte tot 20-01-2027");
        Await.until(() -> Rows.count(app.database(), "SELECT COUNT(*) FROM outbox WHERE status <> 'sent'") == 0,
                () -> "everything is delivered");
        List<FakeConnector.Call> calls = connector.calls().subList(before, connector.calls().size());
        Set<String> reached = calls.stream().filter(c -> c.path().equals("/v3/conversations"))
                .map(c -> json(c).path("members").path(0).path("id").asText()).collect(Collectors.toSet());
        assertEquals(Set.of(ANNA, BOB, CAROL), reached, "a 1:1 chat with every member");
        Set<String> privateChats = Set.of(ANNA, BOB, CAROL).stream()
                .map(u -> "/v3/conversations/" + FakeConnector.privateChatId(u) + "/activities").collect(Collectors.toSet());
        List<FakeConnector.Call> privately = calls.stream().filter(c -> privateChats.contains(c.path())).toList();
        assertEquals(3, privately.size());
        assertTrue(privately.stream().allMatch(c -> c.body().contains("Beschrijf een situatie die niet lukte")));
        assertFalse(calls.stream().anyMatch(c -> c.path().contains(CHANNEL) && c.body().contains("die niet lukte")),
                "the assignment's text is not posted in the channel");

        // Bob answers in his 1:1 chat: the answer form's submit, with the assignment as its context
        long assignment = Rows.one(app.database(), Long.class, "SELECT id FROM assignment");
        long circle = Rows.one(app.database(), Long.class, "SELECT id FROM circle");
        ObjectNode submit = teams.activity(BOB, "a:1bob-personal-chat", "personal", null);
        submit.putObject("value").put("lk_form", "assignment.answer.submit").put("lk_context", circle + ":" + assignment)
                .put("text", "Het overleg liep vast");
        assertEquals(202, teams.send(submit.toString(), null).statusCode());
        assertEquals(1, Rows.count(app.database(), "SELECT COUNT(*) FROM assignment_answer WHERE user_id = ?", BOB));

        // "taken" in Carol's 1:1 chat shows her own list there: her open assignment, nobody else's status
        int beforeList = teams.mark();
        assertEquals(202, teams.send(teams.activity(CAROL, "a:1carol-personal-chat", "personal", "taken").toString(), null)
                .statusCode());
        Await.until(() -> connector.calls().stream().skip(beforeList).anyMatch(c -> c.body().contains("Beschrijf een situatie")),
                () -> "Carol's list arrives");
        FakeConnector.Call list = connector.calls().stream().skip(beforeList)
                .filter(c -> c.body().contains("Beschrijf een situatie")).findFirst().orElseThrow();
        assertEquals("/v3/conversations/a:1carol-personal-chat/activities", list.path(), "in her own 1:1 chat");
        assertFalse(list.body().contains(BOB) || list.body().contains("Het overleg liep vast"), "only her own status");
    }
}
