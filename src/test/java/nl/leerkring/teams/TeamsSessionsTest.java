package nl.leerkring.teams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import nl.leerkring.Leerkring;
import nl.leerkring.testing.MutableClock;
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
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;
    MutableClock clock = new MutableClock(Instant.parse("2027-01-04T10:00:00Z"));
    FakeConnector connector;
    TeamsActivities teams;
    Leerkring app;
    int ids;

    @BeforeEach
    void start() throws Exception {
        connector = new FakeConnector();
        teams = new TeamsActivities(connector, () -> app.port());
        app = Leerkring.create(TestConfigs.server(TestDatabases.h2(tmp)), clock).startServer();
    }

    @AfterEach
    void stop() throws Exception {
        app.close();
        connector.close();
    }

    void say(String from, String name, String text, String... mentions) throws Exception {
        ObjectNode a = teams.activity("act-" + (++ids), from, name, TeamsActivities.CHANNEL, "channel", "<at>Leerkring</at> " + text);
        TeamsActivities.mentioning(a, TeamsActivities.BOT, "Leerkring");
        for (int i = 0; i < mentions.length; i += 2) {
            TeamsActivities.mentioning(a, mentions[i], mentions[i + 1]);
        }
        assertEquals(202, teams.post(a.toString(), null).statusCode());
    }

    /** The cards posted so far, as text, with where they went. */
    List<String[]> posted() throws Exception {
        List<String[]> cards = new java.util.ArrayList<>();
        for (FakeConnector.Call c : connector.posts()) {
            cards.add(new String[] {c.path(), JSON.readTree(c.body()).path("attachments").path(0).path("content").toString()});
        }
        return cards;
    }

    String cardContaining(String text) throws Exception {
        return posted().stream().filter(c -> c[1].contains(text)).findFirst().map(c -> c[0])
                .orElseThrow(() -> new AssertionError("no card with '" + text + "'"));
    }

    @Test
    void planStartTheSessionAndAnAssignmentThatReachesEveryMemberPrivately() throws Exception {
        say(ANNA, "Anna", "kring start");
        say(ANNA, "Anna", "kring rol <at>Bob</at> lid", BOB, "Bob");
        say(ANNA, "Anna", "kring rol <at>Carol</at> lid", CAROL, "Carol");
        say(ANNA, "Anna", "kring plan 12-01-2027 19:30 6x elke 6 weken");
        TeamsActivities.awaitTrue(() -> connector.posts().size() >= 4, "the plan is announced");
        assertEquals("/v3/conversations/" + TeamsActivities.CHANNEL + "/activities", cardContaining("De bijeenkomsten zijn gepland (6)"));

        clock.set(Instant.parse("2027-01-12T18:30:00Z"));
        say(BOB, "Bob", "kring sessie start");
        TeamsActivities.awaitTrue(() -> connector.posts().stream().anyMatch(c -> c.body().contains("Onderdeel 1 van 5")),
                "the first part is posted");
        String agendaCard = posted().stream().filter(c -> c[1].contains("Bijeenkomst 1 van 6")).findFirst().orElseThrow()[1];
        assertEquals("/v3/conversations/" + TeamsActivities.CHANNEL + "/activities", cardContaining("Bijeenkomst 1 van 6"));
        assertTrue(agendaCard.contains("19:30–19:55  Kennismaken") && agendaCard.contains("21:15–21:30  Afsluiting"), agendaCard);

        int before = connector.calls().size();
        say(ANNA, "Anna", "kring opdracht Beschrijf een situatie die niet lukte tot 20-01-2027");
        TeamsActivities.awaitTrue(() -> app.database().jdbi().withHandle(h -> h.createQuery(
                "SELECT COUNT(*) FROM outbox WHERE status = 'sent'").mapTo(Long.class).one())
                .equals(app.database().jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM outbox").mapTo(Long.class).one())),
                "everything is delivered");
        List<FakeConnector.Call> calls = connector.calls().subList(before, connector.calls().size());
        Set<String> reached = calls.stream().filter(c -> c.path().equals("/v3/conversations"))
                .map(c -> readTree(c.body()).path("members").path(0).path("id").asText()).collect(Collectors.toSet());
        assertEquals(Set.of(ANNA, BOB, CAROL), reached, "a 1:1 chat with every member");
        Set<String> privateChats = Set.of(ANNA, BOB, CAROL).stream()
                .map(u -> "/v3/conversations/" + FakeConnector.privateChatId(u) + "/activities").collect(Collectors.toSet());
        List<FakeConnector.Call> privately = calls.stream().filter(c -> privateChats.contains(c.path())).toList();
        assertEquals(3, privately.size());
        assertTrue(privately.stream().allMatch(c -> c.body().contains("Beschrijf een situatie die niet lukte")));
        assertFalse(calls.stream().anyMatch(c -> c.path().contains(TeamsActivities.CHANNEL) && c.body().contains("die niet lukte")),
                "the assignment's text is not posted in the channel");

        // Bob answers in his 1:1 chat: the card's button, then the form card's submit
        long assignment = app.database().jdbi().withHandle(h -> h.createQuery("SELECT id FROM assignment").mapTo(Long.class).one());
        long circle = app.database().jdbi().withHandle(h -> h.createQuery("SELECT id FROM circle").mapTo(Long.class).one());
        ObjectNode submit = teams.activity("act-" + (++ids), BOB, "Bob", "a:1bob-personal-chat", "personal", null);
        submit.putObject("value").put("lk_form", "assignment.answer.submit").put("lk_context", circle + ":" + assignment)
                .put("text", "Het overleg liep vast");
        assertEquals(202, teams.post(submit.toString(), null).statusCode());
        assertEquals(1L, (long) app.database().jdbi().withHandle(h -> h.createQuery(
                "SELECT COUNT(*) FROM assignment_answer WHERE user_id = :u").bind("u", BOB).mapTo(Long.class).one()));
    }

    private static JsonNode readTree(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
