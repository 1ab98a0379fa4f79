package nl.leerkring.core.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Reading a fade-out plan: what it says for each session, and every way it can be wrong. */
class FadeOutTest {

    private static FadeOut plan(String text) {
        FadeOut.Parsed parsed = FadeOut.parse(text);
        assertNull(parsed.problemKey(), text + ": " + parsed.problemKey());
        return parsed.plan();
    }

    private static String problem(String text) {
        FadeOut.Parsed parsed = FadeOut.parse(text);
        assertNull(parsed.plan(), text);
        return parsed.problemKey() + " " + List.of(parsed.args());
    }

    @Test
    void twoThenOneThenNone() {
        FadeOut p = plan("2:1-3 1:4-6 0:7-");
        assertEquals(List.of(2, 2, 2, 1, 1, 1, 0, 0, 0, 0), java.util.stream.IntStream.rangeClosed(1, 10).map(p::facilitatorsAt).boxed().toList());
        assertEquals(FadeOut.Lead.FACILITATORS, p.leadAt(3));
        assertEquals(FadeOut.Lead.SHARED, p.leadAt(4));
        assertEquals(FadeOut.Lead.COHOST, p.leadAt(7));
        assertEquals(List.of(1, 4, 7), java.util.stream.IntStream.rangeClosed(1, 10).filter(p::changesAt).boxed().toList(),
                "news before the first session and where the number changes");
        assertEquals("2:1-3 1:4-6 0:7-", p.written());
    }

    @Test
    void writtenLooselyItReadsTheSame() {
        assertEquals("2:1-3 1:4-6 0:7-", plan(" 2 : 1 - 3, 1:4–6 ,0: 7 - ").written());
        assertEquals("1:1 0:2-", plan("1:1 0:2-").written());
        FadeOut closed = plan("2:1-2 1:3-4");
        assertEquals(1, closed.facilitatorsAt(9), "after the last range its number holds");
        assertEquals("2:1-2 1:3-4 0:5-", plan(FadeOuts.STANDARD).written());
    }

    @Test
    void badPlansAreRefusedWithWhatIsWrong() {
        assertEquals("fadeout.usage []", problem("  "));
        assertEquals("fadeout.error.term [twee:1-3]", problem("twee:1-3"));
        assertEquals("fadeout.error.term [2-1-3]", problem("2-1-3"));
        assertEquals("fadeout.error.count [3, 3:1-2]", problem("3:1-2 0:3-"));
        assertEquals("fadeout.error.range [1:6-4]", problem("2:1-3 1:6-4"));
        assertEquals("fadeout.error.first [2:2-3]", problem("2:2-3 0:4-"));
        assertEquals("fadeout.error.gap [2:1-3, 1:5-6, 4]", problem("2:1-3 1:5-6"));
        assertEquals("fadeout.error.overlap [2:1-3, 1:3-6, 4]", problem("2:1-3 1:3-6"));
        assertEquals("fadeout.error.afterOpen [2:1-, 0:7-]", problem("2:1- 0:7-"));
        assertEquals("fadeout.error.range [0:0-]", problem("0:0-"));
    }
}
