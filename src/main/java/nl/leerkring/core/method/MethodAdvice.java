package nl.leerkring.core.method;

import java.time.Duration;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalInt;

/**
 * Which methods to suggest for a question: those that suit its kind, fit in the time there is
 * and work with the group's size, best first. A method fits in the time when every step has a
 * timer and they add up to no more than the time; one whose steps are not all timed has no
 * known length and is not suggested (it stays in the list of all methods).
 *
 * <p>Best first: a method that names this kind first in its {@code suits} before one that
 * names it later; then the one that uses more of the time (a 60-minute method for an hour
 * before a 45-minute one); then by id, so the advice is the same every time.
 */
public final class MethodAdvice {

    /** At most this many suggestions. */
    public static final int MOST = 3;

    private MethodAdvice() {
    }

    /**
     * @param minutes the time there is for the discussion
     * @param members the group's size, the case bringer included; empty when unknown (then any size fits)
     */
    public static List<Method> suggest(Collection<Method> methods, Suit kind, int minutes, OptionalInt members) {
        Duration time = Duration.ofMinutes(minutes);
        return methods.stream()
                .filter(m -> m.suits().contains(kind))
                .filter(m -> m.duration().filter(d -> d.compareTo(time) <= 0).isPresent())
                .filter(m -> members.isEmpty() || m.group().fits(members.getAsInt()))
                .sorted(Comparator.comparingInt((Method m) -> m.suits().indexOf(kind))
                        .thenComparing((Method m) -> m.duration().orElseThrow(), Comparator.reverseOrder())
                        .thenComparing(Method::id))
                .limit(MOST)
                .toList();
    }
}
