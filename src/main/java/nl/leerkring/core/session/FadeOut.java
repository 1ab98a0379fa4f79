package nl.leerkring.core.session;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A circle's plan for its facilitators to step back over a cycle: how many facilitators lead
 * which sessions, written {@code 2:1-3 1:4-6 0:7-} (two in sessions 1 to 3, one in 4 to 6, none
 * from 7). After the last range its number holds. What each number means for a session:
 * {@link Lead}.
 */
record FadeOut(List<Stage> stages) {

    /** At most this many facilitators in a plan: two, then one, then none. */
    static final int MOST = 2;
    private static final Pattern TERM = Pattern.compile("(\\d{1,2})\\s*:\\s*(\\d{1,3})\\s*(?:(-)\\s*(\\d{1,3})?)?");

    /** {@code facilitators} lead sessions {@code from} to {@code to} (to the end when {@code to} is 0). */
    record Stage(int facilitators, int from, int to) {

        String written() {
            return facilitators + ":" + from + (to == 0 ? "-" : to == from ? "" : "-" + to);
        }
    }

    /** Who leads a session under a plan. */
    enum Lead {
        /** Two facilitators (or no plan): the facilitators lead as always. */
        FACILITATORS,
        /** One facilitator: the co-host keeps the time, moves the parts on and closes; both may steer. */
        SHARED,
        /** No facilitator: the co-host leads all of it; the facilitator steps back. */
        COHOST
    }

    /** A plan read from what a user typed, or the problem: a text key and its arguments. */
    record Parsed(FadeOut plan, String problemKey, Object... args) {
    }

    /** How many facilitators lead session {@code number}. */
    int facilitatorsAt(int number) {
        for (Stage s : stages) {
            if (number >= s.from() && (s.to() == 0 || number <= s.to())) {
                return s.facilitators();
            }
        }
        return stages.get(stages.size() - 1).facilitators();
    }

    Lead leadAt(int number) {
        return switch (facilitatorsAt(number)) {
            case 0 -> Lead.COHOST;
            case 1 -> Lead.SHARED;
            default -> Lead.FACILITATORS;
        };
    }

    /** Whether session {@code number} is led differently from the one before it (the first always is news). */
    boolean changesAt(int number) {
        return number <= 1 || facilitatorsAt(number) != facilitatorsAt(number - 1);
    }

    /** The plan as it is stored and shown: {@code 2:1-3 1:4-6 0:7-}. */
    String written() {
        return stages.stream().map(Stage::written).collect(Collectors.joining(" "));
    }

    /**
     * Reads {@code 2:1-3 1:4-6 0:7-} (ranges separated by spaces or commas; {@code 1:4} is one
     * session, {@code 0:7-} all from 7). The ranges start at session 1, follow each other without
     * gaps or overlaps, and only the last may stay open.
     */
    static Parsed parse(String text) {
        String t = text.strip().replace('–', '-').replace('—', '-');
        if (t.isEmpty()) {
            return new Parsed(null, "fadeout.usage");
        }
        List<Stage> stages = new ArrayList<>();
        for (String term : t.split("\\s*,\\s*|\\s+(?=\\d{1,2}\\s*:)")) {
            Matcher m = TERM.matcher(term.strip());
            if (!m.matches()) {
                return new Parsed(null, "fadeout.error.term", term.strip());
            }
            int count = Integer.parseInt(m.group(1));
            int from = Integer.parseInt(m.group(2));
            boolean open = m.group(3) != null && m.group(4) == null;
            int to = open ? 0 : m.group(4) != null ? Integer.parseInt(m.group(4)) : from;
            if (count > MOST) {
                return new Parsed(null, "fadeout.error.count", count, term.strip());
            }
            if (from < 1 || (to != 0 && to < from)) {
                return new Parsed(null, "fadeout.error.range", term.strip());
            }
            if (!stages.isEmpty()) {
                Stage before = stages.get(stages.size() - 1);
                if (before.to() == 0) {
                    return new Parsed(null, "fadeout.error.afterOpen", before.written(), term.strip());
                }
                if (from != before.to() + 1) {
                    return new Parsed(null, from <= before.to() ? "fadeout.error.overlap" : "fadeout.error.gap",
                            before.written(), term.strip(), before.to() + 1);
                }
            } else if (from != 1) {
                return new Parsed(null, "fadeout.error.first", term.strip());
            }
            stages.add(new Stage(count, from, to));
        }
        return new Parsed(new FadeOut(List.copyOf(stages)), null);
    }

    /** A stored plan read back; empty when there is none (or it no longer reads, which it always does). */
    static Optional<FadeOut> stored(String written) {
        return written == null ? Optional.empty() : Optional.ofNullable(parse(written).plan());
    }
}
