package nl.leerkring.core.feedback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import nl.leerkring.chat.Address;
import nl.leerkring.chat.Choice;
import nl.leerkring.chat.OutgoingMessage;
import nl.leerkring.chat.Platform;
import nl.leerkring.testing.BotHarness;
import nl.leerkring.testing.MutableClock;
import nl.leerkring.testing.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nobody outside a circle reads its feedback: not a member of another circle in the same
 * workspace, not a user of another workspace with the same user id, by any command.
 */
class FeedbackPrivacyTest {

    static final String SECRET = "Geheime tekst voor bob";
    static final Address OTHER_CIRCLE = BotHarness.channel("C2");
    static final Address OTHER_WORKSPACE = Address.channel(Platform.SLACK, "T2", "C1");

    @TempDir
    Path tmp;
    MutableClock clock = new MutableClock(Instant.parse("2026-11-02T08:00:00Z"));
    BotHarness kring;

    @BeforeEach
    void twoCirclesAndTwoWorkspaces() {
        kring = new BotHarness(TestDatabases.h2(tmp), clock).circle("alice", "bob lid");
        kring.command(OTHER_CIRCLE, "erin", "start");
        kring.command(OTHER_CIRCLE, "erin", "rol <@frank> lid");
        // the same user ids in another workspace, in a circle on a channel with the same id
        kring.command(OTHER_WORKSPACE, "erin", "start");
        kring.command(OTHER_WORKSPACE, "erin", "rol <@bob> lid");
        kring.command(OTHER_WORKSPACE, "erin", "rol <@alice> lid");
        clock.advance(Duration.ofDays(20));

        kring.command("alice", "top <@bob> " + SECRET);
        Choice anonymous = kring.last().choices().get(1);
        kring.press("alice", anonymous.action(), anonymous.value());
    }

    @AfterEach
    void close() {
        kring.close();
    }

    int seen() {
        return kring.outbox().size();
    }

    /** Everything written to the outbox since {@code from}. */
    List<OutgoingMessage> since(int from) {
        List<OutgoingMessage> all = kring.outbox();
        return all.subList(from, all.size());
    }

    @Test
    void onlyTheReceiverEverSeesTheText() {
        for (OutgoingMessage m : kring.outbox()) {
            if (m.plainText().contains(SECRET)) {
                assertTrue(m.to().isDirect() && "bob".equals(m.to().privateTo()) && "T1".equals(m.to().workspaceId()), m.toString());
            }
        }
        kring.command("bob", "mijn feedback");
        assertTrue(kring.last().text().contains(SECRET));
    }

    @Test
    void aMemberOfAnotherCircleCannotReadThisCirclesFeedback() {
        int from = seen();
        kring.command(OTHER_CIRCLE, "erin", "cultuur");
        kring.command(OTHER_CIRCLE, "frank", "mijn feedback");
        kring.command(OTHER_CIRCLE, "erin", "mijn feedback");
        // in this circle's channel, erin is not a member
        kring.command("erin", "cultuur");
        kring.command("erin", "mijn feedback");
        kring.command("erin", "nudges uit");

        List<OutgoingMessage> answers = since(from);
        assertEquals(6, answers.size(), answers.toString());
        for (OutgoingMessage m : answers) {
            assertFalse(m.plainText().contains(SECRET), m.toString());
            assertFalse(m.plainText().contains("<@bob>"), m.toString());
            assertFalse(m.plainText().contains("1 top"), "not even this circle's counts: " + m);
        }
        assertTrue(answers.get(0).plainText().contains("Tops · 0\nTips · 0"), answers.get(0).plainText());
        assertTrue(answers.get(3).text().startsWith("Je bent (nog) geen lid"), answers.get(3).text());
        assertTrue(answers.get(4).text().startsWith("Je hebt in deze kring nog geen feedback gekregen"), answers.get(4).text());
        assertTrue(answers.get(5).text().startsWith("Je bent (nog) geen lid"), answers.get(5).text());
    }

    @Test
    void theSameUserIdInAnotherWorkspaceCannotReadIt() {
        int from = seen();
        kring.command(OTHER_WORKSPACE, "bob", "mijn feedback");
        kring.command(OTHER_WORKSPACE, "bob", "cultuur");
        kring.command(Address.direct(Platform.SLACK, "T2", "bob"), "bob", "my feedback");
        kring.command(OTHER_WORKSPACE, "bob", "mijn feedback wissen");

        for (OutgoingMessage m : since(from)) {
            assertFalse(m.plainText().contains(SECRET), m.toString());
            assertFalse(m.plainText().contains("1 top"), m.toString());
        }
        assertTrue(since(from).get(3).text().contains("de tekst van 0 tops en tips is gewist"), since(from).get(3).text());
        kring.command("bob", "mijn feedback");
        assertTrue(kring.last().text().contains(SECRET), "erasing in another workspace did not touch this one");
    }

    @Test
    void theFacilitatorSeesOnlyTotals() {
        kring.command("alice", "cultuur");
        String text = kring.last().plainText();
        assertTrue(text.contains("Tops ██████████ 1"), text);
        assertFalse(text.contains(SECRET) || text.contains("<@bob>") || text.contains("<@alice>"), text);
        kring.command("alice", "mijn feedback");
        assertTrue(kring.last().text().startsWith("Je hebt in deze kring nog geen feedback gekregen"), kring.last().text());
    }

    @Test
    void aButtonOrFormCannotReachACircleOfAnotherWorkspace() {
        long circleId = kring.database().jdbi().withHandle(h -> h.createQuery(
                "SELECT id FROM circle WHERE workspace_id = 'T1' AND channel_id = 'C1'").mapTo(Long.class).one());
        int from = seen();
        kring.bot().handle(nl.leerkring.chat.InboundEvent.choice("x1", OTHER_WORKSPACE, "bob", "feedback.form", "TOP:" + circleId));
        kring.bot().handle(nl.leerkring.chat.InboundEvent.formSubmitted("x2", OTHER_WORKSPACE, "bob", "feedback.form.submit",
                "TOP:" + circleId, java.util.Map.of("receiver", "alice", "text", "Via een andere werkruimte", "who", "named")));
        List<OutgoingMessage> answers = since(from);
        assertEquals(2, answers.size(), answers.toString());
        answers.forEach(m -> assertTrue(m.text().startsWith("Deze knop hoort bij iets dat niet meer loopt"), m.text()));
        assertEquals(1L, kring.count("feedback"));
    }
}
