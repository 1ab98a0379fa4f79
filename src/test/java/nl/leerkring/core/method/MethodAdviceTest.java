package nl.leerkring.core.method;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ranking behind {@code /kring methodes}, on the shipped methods and on small ones, and the
 * {@code suits} and {@code group} keys every method file may carry.
 */
class MethodAdviceTest {

    private static final List<Method> SHIPPED = MethodLibrary.load(Path.of("config/methods")).all().stream().toList();

    @Test
    void everyKindOfQuestionInEveryOfferedTimeGetsTwoOrThreeMethodsThatFitTimeAndGroup() {
        for (Suit kind : Suit.values()) {
            for (int minutes : List.of(45, 60, 90)) {
                List<Method> advice = MethodAdvice.suggest(SHIPPED, kind, minutes, OptionalInt.of(5));
                assertTrue(advice.size() >= 2 && advice.size() <= 3, kind + " in " + minutes + ": " + ids(advice));
                for (Method m : advice) {
                    assertTrue(m.suits().contains(kind), m.id());
                    assertTrue(m.duration().orElseThrow().toMinutes() <= minutes, m.id() + " takes " + m.duration());
                    assertTrue(m.group().fits(5), m.id());
                }
            }
        }
    }

    @Test
    void theBestFitComesFirstThenTheMethodThatUsesMoreOfTheTime() {
        // a practical problem: the methods that name it first, longest that fits first
        assertEquals(List.of("probleemoplossende-methode", "leer-en-onderzoeksmethode", "toetsingsmethode"),
                ids(MethodAdvice.suggest(SHIPPED, Suit.PRACTICAL, 60, OptionalInt.of(5))));
        // in 45 minutes only one names it first; the next best names it second
        assertEquals(List.of("terugkoppelingsmethode", "dominante-ideeenmethode"),
                ids(MethodAdvice.suggest(SHIPPED, Suit.PRACTICAL, 45, OptionalInt.of(5))));
        assertEquals(List.of("roddelmethode", "leren-van-successen"),
                ids(MethodAdvice.suggest(SHIPPED, Suit.PERSON, 45, OptionalInt.of(5))));
    }

    @Test
    void theGroupSizeCounts() {
        // the gossip method needs three helpers besides the bringer
        assertTrue(ids(MethodAdvice.suggest(SHIPPED, Suit.PERSON, 45, OptionalInt.of(4))).contains("roddelmethode"));
        assertFalse(ids(MethodAdvice.suggest(SHIPPED, Suit.PERSON, 45, OptionalInt.of(3))).contains("roddelmethode"));
        assertFalse(ids(MethodAdvice.suggest(SHIPPED, Suit.PERSON, 90, OptionalInt.of(3))).contains("organisatieopstellingen"));
        assertTrue(ids(MethodAdvice.suggest(SHIPPED, Suit.PERSON, 90, OptionalInt.empty())).contains("tien-stappenmethode"),
                "an unknown size keeps every method");
        assertEquals(List.of(), MethodAdvice.suggest(SHIPPED, Suit.PERSON, 90, OptionalInt.of(40)), "no method is for forty people");
    }

    @Test
    void aMethodWithoutAKnownLengthOrKindIsNotSuggested() {
        Step timed = step("a", Duration.ofMinutes(20));
        Step open = step("b", null);
        Method known = method("bekend", List.of(timed), List.of(Suit.ACTING));
        Method untimed = method("open", List.of(timed, open), List.of(Suit.ACTING));
        Method unsorted = method("zonder", List.of(timed), List.of());
        assertEquals(List.of(known), MethodAdvice.suggest(List.of(untimed, unsorted, known), Suit.ACTING, 45, OptionalInt.of(5)));
        assertTrue(untimed.duration().isEmpty());
        assertEquals(Duration.ofMinutes(20), known.duration().orElseThrow());
        assertEquals(List.of(), MethodAdvice.suggest(List.of(known), Suit.ACTING, 15, OptionalInt.of(5)), "20 minutes do not fit in 15");
        assertEquals(GroupSize.ANY, unsorted.group(), "without group any size fits");
    }

    @Test
    void everyShippedMethodSaysWhatItSuitsAndForHowMany() {
        assertEquals(17, SHIPPED.size());
        for (Method m : SHIPPED) {
            assertFalse(m.suits().isEmpty(), m.id());
            assertTrue(m.group() != GroupSize.ANY && m.group().min() >= 3, m.id() + " " + m.group());
        }
    }

    // ----------------------------------------------------------------------------------------
    // The keys in a file

    static final String HEAD = """
            id: proef
            name: {nl: Proef, en: Trial}
            purpose: {nl: Proberen, en: Trying}
            source: Een bron die hier lang genoeg voor is.
            """;
    static final String STEPS = """
            steps:
              - id: een
                title: {nl: Een, en: One}
                prompt: {nl: Zeg iets, en: Say something}
                actor: everyone
                input: text
                timer: 5m
                complete: all_answered
            """;

    private static String errorFor(Path dir, String yaml) throws Exception {
        Files.writeString(dir.resolve("proef.yaml"), yaml);
        return assertThrows(MethodFileException.class, () -> MethodLibrary.load(dir)).getMessage();
    }

    @Test
    void theKeysAreReadAndAWrongValueIsNamedWithTheNearestValidOne(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("proef.yaml"), HEAD + "suits: [person, practical]\ngroup: {min: 4, max: 6}\n" + STEPS);
        Method m = MethodLibrary.load(dir).find("proef").orElseThrow();
        assertEquals(List.of(Suit.PERSON, Suit.PRACTICAL), m.suits());
        assertEquals(new GroupSize(4, 6), m.group());

        String kind = errorFor(dir, HEAD + "suits: [practical, persoon]\n" + STEPS);
        assertEquals(dir.resolve("proef.yaml") + ", line 5 (suits[1]): unknown suits 'persoon'; did you mean 'person'? "
                + "choose one of practical, acting, person", kind);

        String key = errorFor(dir, HEAD + "suit: [practical]\n" + STEPS);
        assertTrue(key.endsWith("line 5 (suit): Unrecognized field \"suit\"; did you mean \"suits\"?"), key);

        String number = errorFor(dir, HEAD + "group: {min: drie, max: 8}\n" + STEPS);
        assertTrue(number.endsWith("line 5 (group.min): 'drie' is not a number; write a number of members, for example 3"), number);

        String range = errorFor(dir, HEAD + "group:\n  min: 6\n  max: 4\n" + STEPS);
        assertTrue(range.endsWith("line 7 (group.max): max (4) must be at least min (6) and at most 99"), range);

        String twice = errorFor(dir, HEAD + "suits: [acting, acting]\n" + STEPS);
        assertTrue(twice.contains("line 5 (suits): method 'proef' names a kind of question twice"), twice);
    }

    private static Step step(String id, Duration timer) {
        return new Step(id, new Localized("T", "T"), new Localized("P", "P"), Actor.EVERYONE, InputKind.TEXT, false, timer,
                Completion.MOVED_ON, 1, null, null, false, false);
    }

    private static Method method(String id, List<Step> steps, List<Suit> suits) {
        return new Method(id, new Localized(id, id), new Localized("Doel", "Purpose"), "eigen praktijk", steps, List.of(), suits, null);
    }

    private static List<String> ids(List<Method> methods) {
        return methods.stream().map(Method::id).toList();
    }
}
