package nl.leerkring.core.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import nl.leerkring.chat.Choice;
import nl.leerkring.chat.OutgoingMessage;
import nl.leerkring.core.method.Method;
import nl.leerkring.core.method.MethodLibrary;
import nl.leerkring.core.method.Suit;
import nl.leerkring.testing.BotHarness;
import nl.leerkring.testing.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /kring methodes}: the questions as buttons, the group's size from the circle or asked,
 * and two or three suggestions that suit the question and fit the time and the group.
 */
class MethodHelpTest {

    private static final MethodLibrary SHIPPED = MethodLibrary.load(Path.of("config/methods"));

    @TempDir
    Path tmp;
    private BotHarness kring;

    @BeforeEach
    void open() {
        kring = new BotHarness(TestDatabases.h2(tmp), Clock.systemUTC());
    }

    @AfterEach
    void close() {
        kring.close();
    }

    /** The methods an advice suggests, by the ids of its "see" buttons, checked against the question. */
    private static List<Method> suggested(OutgoingMessage advice, Suit kind, int minutes, int members) {
        List<Method> methods = advice.choices().stream().filter(c -> c.action().equals(MethodHelp.SHOW))
                .map(c -> SHIPPED.find(c.value().split(":")[1]).orElseThrow()).toList();
        assertTrue(methods.size() >= 2 && methods.size() <= 3, kind + " " + minutes + ": " + advice.text());
        for (Method m : methods) {
            assertTrue(m.suits().contains(kind), m.id() + " does not suit " + kind);
            assertTrue(m.duration().orElseThrow().toMinutes() <= minutes, m.id() + " is longer than " + minutes);
            assertTrue(m.group().fits(members), m.id() + " is not for " + members);
            assertTrue(advice.text().contains("• " + m.name().nl()) || advice.text().contains("• " + m.name().en()), advice.text());
        }
        return methods;
    }

    @Test
    void inADutchCircleOfFiveEveryKindAndTimeGivesTwoOrThreeMethodsThatFit() {
        kring.circle("alice", "bob lid", "carol lid", "dave lid", "erin lid");
        for (int k = 0; k < 3; k++) {
            for (int minutes : List.of(45, 60, 90)) {
                kring.command("bob", "methodes");
                OutgoingMessage question = kring.last();
                assertEquals("bob", question.to().privateTo());
                assertEquals(BotHarness.text("methods.ask.kind"), question.text());
                assertEquals(4, question.choices().size(), "three kinds and all methods");
                kring.press("bob", question, question.choices().get(k).label());
                OutgoingMessage time = kring.last();
                assertEquals(List.of("45 minuten", "60 minuten", "90 minuten"), time.choices().stream().map(Choice::label).toList());
                kring.press("bob", time, minutes + " minuten");
                OutgoingMessage advice = kring.last();
                assertEquals("Methodes die passen", advice.title());
                assertTrue(advice.text().startsWith("Voor " + BotHarness.text("methods.kind." + Suit.values()[k].yamlName())
                        + ", in " + minutes + " minuten, met de 5 leden van deze kring:"), advice.text());
                List<Method> methods = suggested(advice, Suit.values()[k], minutes, 5);
                Method first = methods.get(0);
                assertTrue(advice.text().contains("Bekijken: /kring methode " + first.id()), advice.text());
                kring.press("bob", advice, "Bekijk " + first.name().nl());
                assertEquals(first.name().nl(), kring.last().title(), "the button shows the method's steps");
                assertTrue(kring.last().text().contains("/kring casus " + first.id()), "and how to start it");
            }
        }
        assertEquals(0L, kring.count("flow_run"), "nothing started");
    }

    @Test
    void inEnglishWithoutACircleItAsksTheGroupSizeToo() {
        List<String> kinds = List.of("A practical problem", "How the case bringer acts", "The case bringer as a person");
        for (int k = 0; k < 3; k++) {
            for (int minutes : List.of(45, 60, 90)) {
                kring.command(BotHarness.channel("C-elsewhere"), "zoe", "methods");
                OutgoingMessage question = kring.last();
                assertTrue(question.text().startsWith("What kind of question does the case bringer have?"), question.text());
                kring.pressIn(BotHarness.channel("C-elsewhere"), "zoe", MethodHelp.ASK, question.choices().get(k).value());
                OutgoingMessage time = kring.last();
                assertEquals(List.of("45 minutes", "60 minutes", "90 minutes"), time.choices().stream().map(Choice::label).toList());
                Choice chosen = time.choices().stream().filter(c -> c.label().equals(minutes + " minutes")).findFirst().orElseThrow();
                kring.pressIn(BotHarness.channel("C-elsewhere"), "zoe", chosen.action(), chosen.value());
                OutgoingMessage size = kring.last();
                assertEquals("How many of you are there, the case bringer included?", size.text());
                Choice six = size.choices().stream().filter(c -> c.label().equals("6 people")).findFirst().orElseThrow();
                kring.pressIn(BotHarness.channel("C-elsewhere"), "zoe", six.action(), six.value());
                OutgoingMessage advice = kring.last();
                assertEquals("Methods that fit", advice.title());
                assertTrue(advice.text().startsWith("For " + kinds.get(k).substring(0, 1).toLowerCase() + kinds.get(k).substring(1)
                        + ", in " + minutes + " minutes, with 6 people:"), advice.text());
                List<Method> methods = suggested(advice, Suit.values()[k], minutes, 6);
                assertTrue(advice.text().contains("• " + methods.get(0).name().en() + " ("), advice.text());
                assertTrue(advice.text().contains("To see it: /kring method " + methods.get(0).id()), advice.text());
            }
        }
    }

    @Test
    void typedAnswersSkipTheQuestionsAndTheListOfAllStaysReachable() {
        kring.circle("alice", "bob lid", "carol lid");
        kring.command("bob", "methodes persoon 45");
        OutgoingMessage advice = kring.last();
        assertTrue(advice.text().contains("met de 3 leden van deze kring"), advice.text());
        // with three, the gossip method (three helpers besides the bringer) is not suggested
        assertTrue(!advice.text().contains("Roddelmethode") && advice.text().contains("Leren van successen"), advice.text());

        kring.command("bob", "methodes alle");
        OutgoingMessage all = kring.last();
        assertEquals(BotHarness.text("methods.title"), all.title());
        assertEquals(17, all.text().lines().filter(l -> l.startsWith("• ")).count(), all.text());

        kring.press("bob", advice, "Alle methodes");
        assertEquals(BotHarness.text("methods.title"), kring.last().title());

        kring.command("bob", "methodes vandaag");
        assertEquals(BotHarness.text("methods.usage"), kring.last().text());
        kring.press("bob", MethodHelp.ASK, "nl:welk:60:5");
        assertEquals(BotHarness.text("error.staleChoice"), kring.last().text());
    }
}
