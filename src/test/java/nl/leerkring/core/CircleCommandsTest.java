package nl.leerkring.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import nl.leerkring.chat.InboundEvent;
import nl.leerkring.chat.OutgoingMessage;
import nl.leerkring.testing.BotHarness;
import nl.leerkring.testing.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The circle commands through the real core and a real H2 database, without any platform. */
class CircleCommandsTest {

    @TempDir
    Path tmp;
    BotHarness kring;

    @BeforeEach
    void open() {
        kring = new BotHarness(TestDatabases.h2(tmp), Clock.fixed(Instant.parse("2026-11-21T10:00:00Z"), ZoneOffset.UTC));
    }

    @AfterEach
    void close() {
        kring.close();
    }

    private String circleColumn(String column) {
        return kring.database().jdbi().withHandle(h -> h.createQuery("SELECT " + column + " FROM circle").mapTo(String.class).one());
    }

    private String roleOf(String user) {
        return kring.database().jdbi().withHandle(h -> h.createQuery("SELECT role FROM circle_member WHERE user_id = :u")
                .bind("u", user).mapTo(String.class).findOne().orElse(null));
    }

    @Test
    void startMakesTheChannelACircleWithTheCallerAsFacilitator() {
        kring.command("alice", "start");

        assertEquals(1, kring.count("circle"));
        assertEquals("FACILITATOR", roleOf("alice"));
        OutgoingMessage welcome = kring.last();
        assertFalse(welcome.to().isPrivate(), "the welcome is for the whole channel");
        assertTrue(welcome.text().contains("Dit kanaal is nu een leerkring"), welcome.text());
        assertTrue(welcome.text().contains("<@alice>"), welcome.text());
    }

    @Test
    void startingTwiceKeepsOneCircleAndSaysSoPrivately() {
        kring.command("alice", "start");
        kring.command("bob", "start");

        assertEquals(1, kring.count("circle"));
        assertEquals("bob", kring.last().to().privateTo());
        assertTrue(kring.last().text().contains("al een leerkring"), kring.last().text());
        assertNull(roleOf("bob"));
    }

    @Test
    void theSameEventIdActsOnce() {
        InboundEvent start = InboundEvent.command("same-id", BotHarness.channel(BotHarness.CHANNEL), "alice", "start");

        assertTrue(kring.bot().handle(start));
        assertFalse(kring.bot().handle(start), "a retry is recognised");
        assertEquals(1, kring.outbox().size());
    }

    @Test
    void commandsOutsideACircleExplainHowToStartWithAButton() {
        kring.command("alice", "leden");

        OutgoingMessage answer = kring.last();
        assertEquals("alice", answer.to().privateTo());
        assertTrue(answer.text().contains("nog geen leerkring"), answer.text());
        assertEquals("circle.start", answer.choices().get(0).action());
        assertEquals(0, kring.count("circle"));
    }

    @Test
    void theFacilitatorGivesRolesAndOthersMayNot() {
        kring.command("alice", "start");
        kring.command("alice", "rol <@bob> lid");
        kring.command("alice", "role <@carol|carol> co-host");
        assertEquals("MEMBER", roleOf("bob"));
        assertEquals("COHOST", roleOf("carol"));

        kring.command("bob", "rol <@dave> begeleider");
        assertNull(roleOf("dave"), "a member cannot hand out roles");
        assertEquals("bob", kring.last().to().privateTo());
        assertTrue(kring.last().text().contains("Alleen de begeleider"), kring.last().text());

        kring.command("mallory", "rol <@mallory> begeleider");
        assertNull(roleOf("mallory"), "an outsider cannot make themselves facilitator");
        assertTrue(kring.last().text().contains("geen lid"), kring.last().text());
    }

    @Test
    void roleNeedsAMentionAndAKnownRole() {
        kring.command("alice", "start");
        kring.command("alice", "rol bob lid");
        assertTrue(kring.last().text().contains("Noem iemand"), kring.last().text());
        kring.command("alice", "rol <@bob> koning");
        assertTrue(kring.last().text().contains("\"koning\""), kring.last().text());
        assertNull(roleOf("bob"));
    }

    @Test
    void theLastFacilitatorCannotBeRemovedOrDemoted() {
        kring.command("alice", "start");
        kring.command("alice", "rol <@alice> lid");
        assertEquals("FACILITATOR", roleOf("alice"));
        kring.command("alice", "rol <@alice> geen");
        assertEquals("FACILITATOR", roleOf("alice"));
        assertTrue(kring.last().text().contains("altijd een begeleider"), kring.last().text());

        kring.command("alice", "rol <@bob> begeleider");
        kring.command("alice", "rol <@alice> geen");
        assertNull(roleOf("alice"), "with another facilitator, alice may leave");
    }

    @Test
    void aCohostSetsTheLearningQuestionAndAMemberOnlyReadsIt() {
        kring.command("alice", "start");
        kring.command("alice", "rol <@carol> cohost");
        kring.command("alice", "rol <@bob> lid");

        kring.command("bob", "leervraag Hoe geven we elkaar feedback?");
        assertNull(circleColumn("learning_question"));
        assertTrue(kring.last().text().contains("begeleider of de co-host"), kring.last().text());

        kring.command("carol", "leervraag Hoe geven we elkaar feedback?");
        assertEquals("Hoe geven we elkaar feedback?", circleColumn("learning_question"));
        kring.command("bob", "leervraag");
        assertTrue(kring.last().text().contains("Hoe geven we elkaar feedback?"));
        assertEquals("bob", kring.last().to().privateTo());
    }

    @Test
    void oversizedTextIsRefusedAndChangesNothing() {
        kring.command("alice", "start");
        kring.command("alice", "afspraken " + "x".repeat(4001));
        assertNull(circleColumn("contract"));
        assertTrue(kring.last().text().contains("te lang"), kring.last().text());

        kring.command("alice", "leervraag " + "y".repeat(2001));
        assertNull(circleColumn("learning_question"));
        assertTrue(kring.last().text().contains("2000"), kring.last().text());
    }

    @Test
    void unknownCommandsGetAHelpfulAnswerInTheCircleLanguage() {
        kring.command("alice", "start");
        kring.command("alice", "vliegen");
        assertTrue(kring.last().text().contains("/kring help"), kring.last().text());
        assertTrue(kring.last().text().contains("\"vliegen\""), kring.last().text());

        kring.command("alice", "taal en");
        assertEquals("en", circleColumn("language"));
        assertTrue(kring.last().text().contains("English"), kring.last().text());
        kring.command("alice", "fly");
        assertTrue(kring.last().text().contains("I don't know the command"), kring.last().text());
    }

    @Test
    void englishAliasesAnswerInEnglishOutsideACircle() {
        kring.command("alice", "members");
        assertTrue(kring.last().text().contains("not a learning circle"), kring.last().text());
    }

    @Test
    void helpListsEveryCommandInTheCircleLanguage() {
        kring.command("alice", "help");
        String help = kring.last().text();
        for (String name : new String[] {"start", "rol", "leden", "leervraag", "afspraken", "taal"}) {
            assertTrue(help.contains("/kring " + name + " "), "help mentions " + name + ": " + help);
        }
        assertEquals("alice", kring.last().to().privateTo());
        for (String heading : new String[] {"*De kring*", "*Casusbesprekingen*", "*Bijeenkomsten, opdrachten en afspraken*",
                "*Tops en tips*"}) {
            assertTrue(help.contains(heading + "\n/kring "), "help is grouped under " + heading + ": " + help);
        }
    }

    @Test
    void circlesInOtherChannelsAndWorkspacesAreApart() {
        kring.command("alice", "start");
        kring.command("alice", "leervraag Geheim van kanaal C1");
        kring.command(BotHarness.channel("C2"), "alice", "leervraag");
        assertTrue(kring.last().text().contains("nog geen leerkring"), "C2 is not C1's circle");

        var otherWorkspace = new nl.leerkring.chat.Address(nl.leerkring.chat.Platform.SLACK, "T2", BotHarness.CHANNEL, null, null);
        kring.command(otherWorkspace, "alice", "leervraag");
        assertFalse(kring.last().text().contains("Geheim"), "another workspace's channel with the same id sees nothing");
    }

    @Test
    void aButtonForSomethingUnknownSaysItIsStale() {
        kring.bot().handle(InboundEvent.choice(UUID.randomUUID().toString(), BotHarness.channel(BotHarness.CHANNEL),
                "alice", "flow.gone", "42"));
        assertTrue(kring.last().text().contains("niet meer loopt"), kring.last().text());
    }
}
