package nl.leerkring.teams;

import static nl.leerkring.teams.TeamsChannel.content;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
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
 * A form card with a wrong answer is shown again in its place, with what was typed still in its
 * inputs and the reason under the wrong one; nothing is taken. The same card with the date
 * written as {@code /kring plan} takes it is then taken.
 */
class TeamsFormErrorsTest {

    static final String ANNA = "29:1anna-user-id";
    static final String BOB = "29:1bob-user-id";
    static final String CHANNEL = "19:leerkring-channel@thread.tacv2";

    @TempDir
    Path tmp;
    MutableClock clock = new MutableClock(Instant.parse("2026-12-07T10:00:00Z"));
    TeamsServer server;
    FakeConnector connector;
    TeamsChannel teams;

    @BeforeEach
    void start() {
        server = TeamsServer.start(TestConfigs.server(TestDatabases.h2(tmp)), clock);
        connector = server.connector();
        teams = server.channel(CHANNEL);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aWrongDateShowsTheCardAgainWithTheTypedValuesAndTheReason() throws Exception {
        teams.atBot(ANNA, "kring start");
        teams.atBot(ANNA, "kring rol <@" + BOB + "> lid");
        int mark = teams.mark();
        teams.atBot(ANNA, "kring plan");
        FakeConnector.Call form = teams.awaitPrivate(mark, ANNA, TeamsChannel::isForm);

        teams.submit(ANNA, form, Map.of("date", "dinsdag 31 februari 2027", "time", "19:30", "count", "3", "template", "leergroep"));
        FakeConnector.Call shownAgain = Await.until(() -> connector.updates().stream().findFirst(), () -> "no card update");
        JsonNode card = content(shownAgain);
        String reason = "De datum \"31 februari 2027\" bestaat niet. Kijk het nog eens na.";
        boolean reasonShown = false;
        for (JsonNode block : card.path("body")) {
            if (block.path("id").asText().equals("date")) {
                assertEquals("dinsdag 31 februari 2027", block.path("value").asText(), card.toString());
            }
            if (block.path("id").asText().equals("time")) {
                assertEquals("19:30", block.path("value").asText(), card.toString());
            }
            reasonShown |= block.path("type").asText().equals("TextBlock") && block.path("text").asText().equals(reason)
                    && block.path("color").asText().equals("Attention");
        }
        assertTrue(reasonShown, card.toString());
        assertEquals(0, Rows.countAll(server.app().database(), "circle_session"), "nothing planned");

        teams.submit(ANNA, form, Map.of("date", "dinsdag 12 januari 2027", "time", "19:30", "count", "3", "template", "leergroep"));
        teams.awaitPost(c -> TeamsChannel.text(c).contains("De bijeenkomsten zijn gepland (3)")
                && TeamsChannel.text(c).contains("dinsdag 12 januari 2027, 19:30"));
        assertEquals(3, Rows.countAll(server.app().database(), "circle_session"));
    }
}
