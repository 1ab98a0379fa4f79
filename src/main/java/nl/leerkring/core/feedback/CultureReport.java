package nl.leerkring.core.feedback;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import nl.leerkring.chat.Field;
import nl.leerkring.chat.OutgoingMessage;
import nl.leerkring.core.command.Turn;
import nl.leerkring.core.circle.Circle;
import nl.leerkring.core.feedback.CultureReading.Culture;

/**
 * {@code /kring cultuur}: the ratio over the window, a small bar picture, the culture it
 * resembles with what that means and one thing to try. Totals only, never names or texts.
 */
final class CultureReport {

    /** The longest bar, in blocks. */
    static final int BAR_WIDTH = 10;
    private static final int CASES_SHOWN = 3;

    private CultureReport() {
    }

    static OutgoingMessage of(Turn turn, Circle circle, FeedbackPolicy policy) {
        FeedbackStore store = new FeedbackStore(turn.handle());
        Tally window = store.tallySince(circle, CultureReading.windowStart(turn.now(), policy.zone(), policy.windowWeeks()));
        Culture culture = CultureReading.read(window, Duration.between(circle.createdAt(), turn.now()), policy.thresholds());
        String text = bars(turn, window) + "\n\n"
                + turn.text("feedback.culture.ratio", window.ratio(turn.texts().language()), policy.windowWeeks(),
                        Tally.target(policy.thresholds().targetRatio(), turn.texts().language())) + "\n"
                + turn.text("feedback.culture." + culture.key() + ".reading") + " " + meaning(turn, culture) + "\n"
                + tryThis(turn, culture);
        List<Field> fields = new ArrayList<>();
        fields.add(new Field(turn.text("feedback.culture.sinceStart"), Wording.counts(turn, store.tallySince(circle, Instant.EPOCH))));
        List<FeedbackStore.TitledTally> cases = store.perCase(circle, CASES_SHOWN);
        if (!cases.isEmpty()) {
            fields.add(new Field(turn.text("feedback.culture.cases"), cases.stream()
                    .map(c -> "• " + c.title() + ": " + Wording.counts(turn, c.tally()))
                    .collect(Collectors.joining("\n"))));
        }
        return OutgoingMessage.text(turn.here().privatelyTo(turn.userId()), text)
                .withTitle(turn.text("feedback.culture.title")).withFields(fields);
    }

    /**
     * "Tops ██████████ 12" over "Tips ███ 4": blocks scaled to the larger count, at least one
     * block for any count above zero. Plain characters, so it reads the same in Slack, Teams and
     * a terminal, monospaced or not.
     */
    static String bars(Turn turn, Tally tally) {
        int most = Math.max(tally.tops(), tally.tips());
        return turn.text("feedback.culture.tops") + " " + bar(tally.tops(), most) + " " + tally.tops() + "\n"
                + turn.text("feedback.culture.tips") + " " + bar(tally.tips(), most) + " " + tally.tips();
    }

    static String bar(int count, int most) {
        if (count == 0) {
            return "·";
        }
        int blocks = Math.max(1, Math.round((float) count * BAR_WIDTH / most));
        return "█".repeat(blocks);
    }

    /** One sentence on what the culture means. */
    static String meaning(Turn turn, Culture culture) {
        return turn.text("feedback.culture." + culture.key() + ".meaning");
    }

    /** One thing to try. */
    static String tryThis(Turn turn, Culture culture) {
        return turn.text("feedback.culture.try", turn.text("feedback.culture." + culture.key() + ".try"));
    }
}
