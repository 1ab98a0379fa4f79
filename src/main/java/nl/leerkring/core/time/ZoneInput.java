package nl.leerkring.core.time;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Optional;

/** Time zones as people type them: {@code Europe/Amsterdam}, {@code europe/london}, {@code UTC}. */
public final class ZoneInput {

    private ZoneInput() {
    }

    /** The zone a text names, matched without regard to case; empty when it names none. */
    public static Optional<ZoneId> parse(String text) {
        String t = text.strip();
        if (t.isEmpty()) {
            return Optional.empty();
        }
        Optional<String> region = ZoneId.getAvailableZoneIds().stream().filter(id -> id.equalsIgnoreCase(t)).findFirst();
        if (region.isPresent()) {
            return Optional.of(ZoneId.of(region.get()));
        }
        try {
            return Optional.of(ZoneId.of(t.toUpperCase(java.util.Locale.ROOT)));
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }
}
