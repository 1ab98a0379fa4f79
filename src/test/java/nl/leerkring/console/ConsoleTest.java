package nl.leerkring.console;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import nl.leerkring.Leerkring;
import nl.leerkring.config.Config;
import nl.leerkring.testing.TestConfigs;
import nl.leerkring.testing.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The terminal door on the real app and an H2 file database, across a restart. */
class ConsoleTest {

    @TempDir
    Path tmp;

    private String session(Config config, String... lines) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        ConsoleSender sender = new ConsoleSender(out);
        try (Leerkring app = Leerkring.create(config, Clock.systemUTC()).startConsole(sender)) {
            new ConsoleApp(app.bot(), app.delivery(), sender, out)
                    .run(new BufferedReader(new StringReader(String.join("\n", lines) + "\n")));
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void startAndHelpWorkInDutchAndTheCircleSurvivesARestart() throws Exception {
        Config config = TestConfigs.server(TestDatabases.h2(tmp));

        String first = session(config, "alice: /kring start", "alice: /kring help", "alice: /kring rol @bob lid");
        assertTrue(first.contains("[kring] Welkom bij jullie leerkring"), first);
        assertTrue(first.contains("@alice is de begeleider"), first);
        assertTrue(first.contains("[kring · alleen voor @alice] Leerkring: wat ik voor je kring kan doen"), first);
        assertTrue(first.contains("/kring leervraag [tekst]"), first);
        assertTrue(first.contains("@bob is nu lid in deze kring."), first);

        String second = session(config, "bob: /kring leden", "carol: /kring start");
        assertTrue(second.contains("@alice — begeleider"), second);
        assertTrue(second.contains("@bob — lid"), second);
        assertTrue(second.contains("Dit kanaal is al een leerkring (begeleider: @alice)"), second);
    }

    @Test
    void choicesAreAnsweredByNumberOrLabel() throws Exception {
        Config config = TestConfigs.server(TestDatabases.h2(tmp));
        String out = session(config, "alice: /kring start", "alice: /kring taal", "alice: 2",
                "alice: /kring language", "alice: nederlands");
        assertTrue(out.contains("[1] Nederlands  [2] English"), out);
        assertTrue(out.contains("From now on I speak English in this circle."), out);
        assertTrue(out.contains("Vanaf nu praat ik Nederlands in deze kring."), out);
    }

    @Test
    void otherChannelsAndBadLinesGetClearAnswers() throws Exception {
        Config config = TestConfigs.server(TestDatabases.h2(tmp));
        String out = session(config, "alice: /kring start", "bob@team2: /kring leden", "zomaar wat", "alice: /help");
        assertTrue(out.contains("[team2 · alleen voor @bob] Dit kanaal is nog geen leerkring"), out);
        assertTrue(out.contains("[1] Start een leerkring"), out);
        assertTrue(out.contains("Typ: naam: bericht"), out);
        assertTrue(out.contains("Alleen /kring ken ik"), out);
    }

    @Test
    void planSessionsAndTasksInTheConsole() throws Exception {
        Config config = TestConfigs.server(TestDatabases.h2(tmp));
        String out = session(config, "alice: /kring start", "alice: /kring rol @bob lid", "alice: /kring rol @carol lid",
                "alice: /kring plan 12-01-2099 19:30 3x elke 6 weken", "carol: /kring sessies",
                "alice: /kring opdracht Beschrijf een situatie tot 01-01-2099", "alice: /kring actie @bob belt team B voor 05-01-2099",
                "bob: /kring taken", "bob: 1", "bob: Het overleg liep vast", "bob: /kring taken", "bob: /kring plan morgen 10:00");
        assertTrue(out.contains("[kring] De bijeenkomsten zijn gepland (3)"), out);
        assertTrue(out.contains("1. maandag 12 januari 2099, 19:30–21:30 · co-host @bob"), out);
        assertTrue(out.contains("[kring · alleen voor @carol] Bijeenkomsten van deze kring"), out);
        assertTrue(out.contains("3. maandag 6 april 2099, 19:30–21:30 · co-host @bob"), out);
        assertTrue(out.contains("[dm · alleen voor @bob] Opdracht voor de volgende bijeenkomst"), out);
        assertTrue(out.contains("[kring · alleen voor @bob] Mijn taken"), out);
        assertTrue(out.contains("• Beschrijf een situatie — vóór donderdag 1 januari 2099"), out);
        assertTrue(out.contains("[1] Beantwoorden: Beschrijf een situatie  [2] Klaar: belt team B"), out);
        assertTrue(out.contains("[kring · alleen voor @bob] Je antwoord is bewaard."), out);
        assertTrue(out.contains("[kring · alleen voor @bob] Alleen de begeleider van de kring kan dat doen."), out);
        int lastList = out.lastIndexOf("Mijn taken");
        assertFalse(out.substring(lastList).contains("Beschrijf een situatie —"), "answered, so off the list");
    }

    @Test
    void aTopReachesTheReceiversPrivateLineAndTheChannelSeesOnlyTotals() throws Exception {
        Config config = TestConfigs.server(TestDatabases.h2(tmp));
        String out = session(config, "alice: /kring start", "alice: /kring rol @bob lid",
                "alice: /kring top @bob Goed voorbereid!", "alice: 1");
        assertTrue(out.contains("[kring · alleen voor @alice] Geef je deze top met je naam of anoniem?\n  [1] Met mijn naam  [2] Anoniem"), out);
        assertTrue(out.contains("[dm · alleen voor @bob] Je kreeg een top van @alice\n  Goed voorbereid!"), out);
        assertTrue(out.contains("[kring] Er is een top gegeven. Deze kring: 1 top en 0 tips in de laatste 8 weken (1:0)."), out);
        assertTrue(out.contains("[kring · alleen voor @alice] Verstuurd: @bob krijgt je top, met je naam erbij."), out);
        assertEquals(1, out.split("Goed voorbereid!", -1).length - 1, "the text appears once, in bob's line: " + out);
    }

    @Test
    void aNumberAnswersTheNewestPromptMeantForThatUserInThatPlace() throws Exception {
        Config config = TestConfigs.server(TestDatabases.h2(tmp));
        // alice's private language buttons are older than the case's step, which is meant for everyone
        String out = session(config, "alice: /kring start", "alice: /kring rol @bob lid", "alice: /kring taal",
                "alice: /kring casus actieleren Wachtlijst", "alice: 1", "bob: 7");
        assertTrue(out.contains("[kring · alleen voor @alice] "), out);
        assertTrue(out.contains("[1] Nederlands  [2] English"), out);
        assertTrue(out.contains("[1] Volgende stap  [2] Casus beëindigen"), out);
        assertTrue(out.contains("Stap 2 van 9"), "alice's 1 is the step's Volgende stap: " + out);
        assertFalse(out.contains("Vanaf nu praat ik Nederlands"), "not the older language button: " + out);
        assertTrue(out.contains("Er is geen knop 7 bij het nieuwste bericht voor jou hier."), out);
    }

    @Test
    void theFormChecksEachAnswerWhenItIsGivenWithTheCommandsParserAndKeepsTheOthers() throws Exception {
        Config config = TestConfigs.server(TestDatabases.h2(tmp));
        String out = session(config, "alice: /kring start", "alice: /kring rol @bob lid", "alice: /kring plan",
                "alice: 31 februari 2027", "alice: dinsdag 12 januari 2027", "alice: 25:61", "alice: 19:30",
                "alice: 3", "alice: -", "alice: -", "alice: -", "alice: 1", "bob: /kring sessies");
        int refusedDate = out.indexOf("31 februari 2027");
        assertTrue(refusedDate > 0, out);
        String afterDate = out.substring(refusedDate);
        // the wrong date is refused at once, with the reason, and the same question is asked again
        assertTrue(afterDate.indexOf("Datum van de eerste bijeenkomst") < afterDate.indexOf("Begintijd"), out);
        assertTrue(out.contains("\"25:61\" is geen tijd."), out);
        assertTrue(out.contains("[kring] De bijeenkomsten zijn gepland (3)"), out);
        assertTrue(out.contains("1. dinsdag 12 januari 2027, 19:30"), out);
    }

    @Test
    void aFormIsLeftWithStopAndNothingIsSaved() throws Exception {
        Config config = TestConfigs.server(TestDatabases.h2(tmp));
        String out = session(config, "alice: /kring start", "alice: /kring plan", "alice: 12-01-2027", "alice: stop",
                "alice: /kring sessies");
        assertTrue(out.contains("stoppen: alice: stop"), out);
        assertTrue(out.contains("[kring · alleen voor @alice] Formulier \"Bijeenkomsten plannen\" gestopt: er is niets verstuurd of bewaard."), out);
        assertFalse(out.contains("De bijeenkomsten zijn gepland"), out);
    }

    @Test
    void aFormRefusedAsAWholeAsksAgainOnlyTheFieldToChange() throws Exception {
        Config config = TestConfigs.server(TestDatabases.h2(tmp));
        String out = session(config, "alice: /kring start", "alice: /kring plan", "alice: 12-01-2099", "alice: 19:30",
                "alice: 8", "alice: -", "alice: -", "alice: -", "alice: 1", "alice: 4");
        int refused = out.indexOf("Het sjabloon leergroep heeft 6 bijeenkomsten; plan er hooguit 6.");
        assertTrue(refused > 0, out);
        String after = out.substring(refused);
        assertTrue(after.startsWith("Het sjabloon leergroep heeft 6 bijeenkomsten; plan er hooguit 6.\n  Aantal bijeenkomsten"), after);
        assertFalse(after.contains("Begintijd"), "the other answers are kept: " + after);
        assertTrue(after.contains("[kring] De bijeenkomsten zijn gepland (4)"), after);
        assertTrue(after.contains("1. maandag 12 januari 2099, 19:30"), after);
    }
}
