package nl.leerkring.core.feedback;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** How many tops and tips, in some window or context. */
public record Tally(int tops, int tips) {

    public static final Tally NONE = new Tally(0, 0);

    public Tally {
        if (tops < 0 || tips < 0) {
            throw new IllegalArgumentException("negative count");
        }
    }

    public int total() {
        return tops + tips;
    }

    public int of(FeedbackKind kind) {
        return kind == FeedbackKind.TOP ? tops : tips;
    }

    /**
     * The ratio as people say it: "3:1", "2,5:1" (Dutch decimal comma), "1:2" when tips lead,
     * "12:0" without tips; "0:0" without any feedback.
     */
    public String ratio(String language) {
        if (tops == 0 || tips == 0) {
            return tops + ":" + tips;
        }
        String sign = "en".equals(language) ? "." : ",";
        return tops >= tips ? number(tops, tips, sign) + ":1" : "1:" + number(tips, tops, sign);
    }

    /** A target such as 3 as "3:1" (2.5 as "2,5:1" in Dutch). */
    static String target(double topsPerTip, String language) {
        return number(BigDecimal.valueOf(topsPerTip), "en".equals(language) ? "." : ",") + ":1";
    }

    /** a / b with at most one decimal, without a trailing ",0". */
    private static String number(int a, int b, String decimalSign) {
        return number(BigDecimal.valueOf(a).divide(BigDecimal.valueOf(b), 1, RoundingMode.HALF_UP), decimalSign);
    }

    private static String number(BigDecimal value, String decimalSign) {
        return value.setScale(1, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString().replace(".", decimalSign);
    }
}
