package nl.leerkring.slack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.List;
import nl.leerkring.testing.Await;
import nl.leerkring.testing.FakeSlackApi;
import nl.leerkring.testing.SlackLimits;
import nl.leerkring.testing.SlackRequests;
import nl.leerkring.testing.FakeSlackApi.Call;
import nl.leerkring.testing.MutableClock;
import nl.leerkring.testing.Rows;
import nl.leerkring.testing.SlackChannel;
import nl.leerkring.testing.SlackServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sessions end to end over the real Slack door, with a controlled clock: signed slash commands
 * plan the cycle and start the session (the agenda and its parts reach the fake Slack API in
 * the channel and its thread); an assignment goes to every member's DM with the app; the answer
 * button in that DM opens a modal, and its submission is saved.
 */
class SlackSessionsTest {

    private static final String CHANNEL = "C1";

    @TempDir
    Path tmp;
    private final MutableClock clock = new MutableClock(Instant.parse("2027-01-04T10:00:00Z"));
    private SlackServer server;
    private FakeSlackApi slack;
    private SlackChannel kring;

    @BeforeEach
    void start() {
        server = SlackServer.start(tmp, clock);
        slack = server.api();
        kring = server.channel(CHANNEL);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            try {
                assertEquals(List.of(), SlackLimits.violations(slack.calls()), "every block within Slack's limits");
            } finally {
                server.close();
            }
        }
    }

    @Test
    void wholeSessionsInDutchAndInEnglishStayWithinSlacksLimits() {
        kring.command("U1", "start");
        kring.command("U1", "rol <@U2> lid");
        kring.command("U1", "leervraag " + "Hoe houden we een lange leervraag leesbaar? ".repeat(20).strip());
        kring.command("U1", "plan 12-01-2027 19:30");
        slack.await("chat.postMessage", c -> c.content().contains("De bijeenkomsten zijn gepland (6)"));
        clock.set(Instant.parse("2027-01-12T18:30:00Z"));
        kring.command("U1", "sessie start");
        runTheSession("Bijeenkomst 1 van 6");

        kring.command("U1", "taal en");
        slack.await("chat.postMessage", c -> c.content().contains("English"));
        kring.command("U1", "help");
        int mark = kring.mark();
        kring.command("U1", "session start");
        Call asked = Await.until(() -> slack.calls().stream().skip(mark)
                .filter(c -> c.isChat() && (c.content().contains("Session 2 of 6") || hasButton(c, "session.startNow|")))
                .findFirst(), () -> "no answer to session start: " + slack.calls().stream().skip(mark).toList());
        if (hasButton(asked, "session.startNow|")) {
            pressAction("U1", asked, "session.startNow|");
        }
        runTheSession("Session 2 of 6");
    }

    /** The facilitator moves through every part of the session that starts now, and closes it. */
    private void runTheSession(String agendaTitle) {
        int mark = kring.mark();
        slack.await("chat.postMessage", c -> c.content().contains(agendaTitle));
        for (int pressed = 0; pressed < 20; pressed++) {
            int seen = pressed;
            Call last = Await.until(() -> slack.calls().stream().skip(mark)
                    .filter(c -> c.method().equals("chat.postMessage")
                            && (hasButton(c, "session.next|") || hasButton(c, "session.close|")))
                    .skip(seen).findFirst(), () -> "no part " + (seen + 1) + ": " + slack.calls().stream().skip(mark).toList());
            if (hasButton(last, "session.close|")) {
                pressAction("U1", last, "session.close|");
                slack.await("chat.postMessage", c -> slack.calls().indexOf(c) > slack.calls().indexOf(last)
                        && (c.content().contains("is afgesloten") || c.content().contains("is closed")));
                server.awaitDelivered();
                return;
            }
            pressAction("U1", last, "session.next|");
        }
        throw new AssertionError("the session did not end after 20 parts");
    }

    private static boolean hasButton(Call message, String valuePrefix) {
        return message.field("blocks").startsWith("[") && SlackChannel.buttons(message).stream()
                .anyMatch(b -> b.path("value").asText().startsWith(valuePrefix));
    }

    private void pressAction(String user, Call message, String valuePrefix) {
        var button = SlackChannel.buttons(message).stream().filter(b -> b.path("value").asText().startsWith(valuePrefix))
                .findFirst().orElseThrow();
        server.post(SlackRequests.FORM, SlackRequests.buttonPress(SlackChannel.TEAM, CHANNEL, user,
                button.path("action_id").asText(), button.path("value").asText(), message.ref(),
                message.threadTs().isEmpty() ? null : message.threadTs(), message.isEphemeral(), SlackRequests.newTrigger()));
    }

    @Test
    void planStartTheSessionAndAnswerTheAssignmentFromTheAppDm() {
        kring.command("U1", "start");
        kring.command("U1", "rol <@U2> lid");
        kring.command("U1", "rol <@U3> lid");
        kring.command("U1", "plan 12-01-2027 19:30");
        slack.await("chat.postMessage", c -> c.content().contains("De bijeenkomsten zijn gepland (6)"));

        clock.set(Instant.parse("2027-01-12T18:30:00Z"));
        kring.command("U2", "sessie start");
        Call agenda = slack.await("chat.postMessage", c -> c.content().contains("Bijeenkomst 1 van 6"));
        assertEquals(CHANNEL, agenda.field("channel"));
        assertTrue(agenda.content().contains("19:30–19:55  Kennismaken"), agenda.content());
        Call part = slack.await("chat.postMessage", c -> c.content().contains("Onderdeel 1 van 5"));
        assertEquals(CHANNEL, part.field("channel"));
        assertTrue(part.field("thread_ts") != null, "the parts go in the agenda's thread");

        kring.command("U1", "opdracht Beschrijf een situatie die niet lukte tot 20-01-2027");
        slack.await("chat.postMessage", c -> c.field("channel").equals(CHANNEL) && c.content().contains("heeft de opdracht"));
        for (String member : Set.of("U1", "U2", "U3")) {
            Call dm = slack.await("chat.postMessage", c -> c.field("channel").equals(member));
            assertTrue(dm.content().contains("Beschrijf een situatie die niet lukte"), dm.content());
        }
        Set<String> channelsWithTheText = slack.calls("chat.postMessage").stream()
                .filter(c -> c.content().contains("die niet lukte")).map(c -> c.field("channel")).collect(Collectors.toSet());
        assertEquals(Set.of("U1", "U2", "U3"), channelsWithTheText, "the assignment itself goes only to DMs");

        // U3 presses "Antwoord geven" in the app DM (D3): a modal opens with the click's trigger
        Call dm = slack.await("chat.postMessage", c -> c.field("channel").equals("U3"));
        SlackChannel appDm = server.channel("D3");
        Call modal = appDm.pressAndSubmit("U3", dm, "Antwoord geven", Map.of("text", "Het overleg liep vast"));
        assertEquals("Je antwoord", SlackChannel.view(modal).path("title").path("text").asText());
        // answered in the DM as a message (an ephemeral there would be gone on the next visit)
        slack.await("chat.postMessage", c -> c.field("channel").equals("U3") && c.content().contains("Je antwoord is bewaard"));
        assertEquals(1, Rows.count(server.app().database(), "SELECT COUNT(*) FROM assignment_answer WHERE user_id = 'U3'"));
        assertFalse(slack.calls("chat.postMessage").stream().anyMatch(c -> c.content().contains("Het overleg liep vast")),
                "the answer is not shown before the next session");
    }
}
