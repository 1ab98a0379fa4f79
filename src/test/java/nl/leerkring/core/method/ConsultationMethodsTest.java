package nl.leerkring.core.method;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The fourteen forms of collegial consultation of seeds/002 r. 2869-2917 ("14 keer collegiale
 * consultatie"), each a shipped method that names its source, fits a 45-90 minute slot and
 * ends by evaluating; and the English words they answer to.
 */
class ConsultationMethodsTest {

    static final MethodLibrary LIBRARY = MethodLibrary.load(Path.of("config/methods"));

    /** Each method with the seed lines of its purpose. */
    static final Map<String, String> FOURTEEN = Map.ofEntries(
            Map.entry("toetsingsmethode", "2872"),
            Map.entry("terugkoppelingsmethode", "2875"),
            Map.entry("probleemoplossende-methode", "2879"),
            Map.entry("leer-en-onderzoeksmethode", "2882"),
            Map.entry("dominante-ideeenmethode", "2885"),
            Map.entry("u-methode", "2886"),
            Map.entry("leren-van-successen", "2889"),
            Map.entry("tien-stappenmethode", "2892"),
            Map.entry("vijf-stappenmethode", "2897"),
            Map.entry("roddelmethode", "2900"),
            Map.entry("clinicmethode", "2904"),
            Map.entry("verhaalmethode", "2908"),
            Map.entry("hologrammethode", "2911"),
            Map.entry("organisatieopstellingen", "2914"));

    @Test
    void allFourteenAreShippedWithTheirSeedLinesAndBooks() {
        for (var e : FOURTEEN.entrySet()) {
            Method m = LIBRARY.find(e.getKey()).orElseThrow(() -> new AssertionError("no method " + e.getKey()));
            assertTrue(m.source().contains("seeds/002 r. " + e.getValue()), m.id() + ": " + m.source());
            assertTrue(m.source().contains("Hendriksen") || m.source().contains("Leren met collega"),
                    m.id() + " names the books its steps follow: " + m.source());
        }
    }

    @Test
    void eachFitsA45To90MinuteSlotAndEndsWithAnEvaluation() {
        for (String id : FOURTEEN.keySet()) {
            Method m = LIBRARY.find(id).orElseThrow();
            Duration total = Duration.ZERO;
            for (Step s : m.steps()) {
                assertNotNull(s.timer(), id + "/" + s.id() + " has a time box");
                total = total.plus(s.timer());
            }
            assertTrue(total.toMinutes() >= 45 && total.toMinutes() <= 90, id + " takes " + total.toMinutes() + " minutes");
            Step last = m.step(m.stepCount() - 1);
            assertTrue(last.evaluation(), id + " ends with an evaluation");
            assertTrue(m.steps().stream().anyMatch(Step::inReport), id + " keeps an outcome in the report");
            assertEquals(Actor.BRINGER, m.step(0).actor(), id + " starts with the case bringer");
            assertTrue(m.step(0).prompt().nl().contains("herkenbare details"), id + ": the case is told without identifying details");
        }
    }

    @Test
    void theStepsCarryWhatEachMethodIsFor() {
        // peer review holds members to agreements: tracked actions with owner and date
        assertTrue(hasInput("toetsingsmethode", InputKind.ACTIONS));
        // the gossip: the helpers talk, the bringer only reads along
        assertEquals(Actor.EVERYONE, step("roddelmethode", "roddelen").actor());
        // ten steps suspend judgement: advice only in step 8 of 10
        assertEquals(7, LIBRARY.find("tien-stappenmethode").orElseThrow().indexOf("adviezen"));
        assertEquals(10, LIBRARY.find("tien-stappenmethode").orElseThrow().stepCount());
        // the clinic: a counterpart is picked for the role play, the bringer chooses a suggestion
        assertEquals(Actor.PICKED, step("clinicmethode", "tegenspeler").actor());
        assertEquals(Actor.BRINGER, step("clinicmethode", "kiezen").actor());
        assertEquals(InputKind.VOTE, step("clinicmethode", "kiezen").input());
        // constellations: members speak in turn as stand-ins, and step out of the role at the end
        assertEquals(Actor.EACH_IN_TURN, step("organisatieopstellingen", "stand-ins").actor());
        assertTrue(step("organisatieopstellingen", "stand-ins").prompt().nl().contains("ik-vorm"));
        assertTrue(LIBRARY.find("organisatieopstellingen").orElseThrow().indexOf("uit-de-rol") > 0);
        // members write before they see each other's: the comparison, the stories, the dominant ideas
        assertTrue(step("terugkoppelingsmethode", "aanpakken").hidden());
        assertTrue(step("verhaalmethode", "verhalen").hidden());
        assertTrue(step("dominante-ideeenmethode", "dominante-ideeen").hidden());
    }

    @Test
    void englishIdsAndNamesFindTheMethods() {
        Map<String, String> words = Map.of(
                "intervision", "intervisie",
                "Five-step-method", "vijf-stappenmethode",
                "five step method", "vijf-stappenmethode",
                "gossip-method", "roddelmethode",
                "dominante-ideeënmethode", "dominante-ideeenmethode",
                "Dominant ideas method", "dominante-ideeenmethode",
                "peer-review", "toetsingsmethode",
                "constellations", "organisatieopstellingen",
                "u-method", "u-methode",
                "Leren van successen", "leren-van-successen");
        words.forEach((word, id) -> assertEquals(id, LIBRARY.find(word).map(Method::id).orElse("nothing"), word));
        assertFalse(LIBRARY.find("vliegen").isPresent());
        assertFalse(LIBRARY.ids().contains("intervision"), "aliases are not listed as methods of their own");
    }

    private static boolean hasInput(String method, InputKind input) {
        return LIBRARY.find(method).orElseThrow().steps().stream().anyMatch(s -> s.input() == input);
    }

    private static Step step(String method, String step) {
        Method m = LIBRARY.find(method).orElseThrow();
        int i = m.indexOf(step);
        assertTrue(i >= 0, method + " has no step " + step);
        return m.step(i);
    }

    @Test
    void everyMethodHasItsOwnWords() {
        List<Method> all = List.copyOf(LIBRARY.all());
        for (Method m : all) {
            for (String alias : m.aliases()) {
                assertEquals(m.id(), LIBRARY.find(alias).orElseThrow().id(), alias);
            }
        }
    }
}
