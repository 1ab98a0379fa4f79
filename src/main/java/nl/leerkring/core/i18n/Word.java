package nl.leerkring.core.i18n;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The fixed words users type as a switch or a choice, in Dutch and English, in one place. Both
 * languages are understood in every circle. (Roles are words of {@code Role}; weekdays and
 * months of {@code DateInput}.)
 */
public enum Word {
    ON(List.of("aan"), List.of("on")),
    OFF(List.of("uit"), List.of("off")),
    /** No role any more: the member leaves the circle. */
    NONE(List.of("geen", "weg"), List.of("none", "remove"));

    private final List<String> dutch;
    private final List<String> english;

    Word(List<String> dutch, List<String> english) {
        this.dutch = dutch;
        this.english = english;
    }

    public boolean matches(String typed) {
        String t = typed.strip().toLowerCase(Locale.ROOT);
        return dutch.contains(t) || english.contains(t);
    }

    /** On or off, for a typed switch; empty for anything else. */
    public static Optional<Boolean> onOff(String typed) {
        return ON.matches(typed) ? Optional.of(true) : OFF.matches(typed) ? Optional.of(false) : Optional.empty();
    }
}
