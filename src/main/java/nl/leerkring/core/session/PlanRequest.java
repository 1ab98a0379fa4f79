package nl.leerkring.core.session;

import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * A complete plan: when the first session is, how many there are, how far apart, how long
 * each lasts, in which time zone, and which template gives their agendas.
 */
record PlanRequest(LocalDate firstDate, LocalTime time, int count, int intervalWeeks, Duration length, ZoneId zone,
                   String templateId) {

    /**
     * The start of every session, each computed from its local date and time: a 19:30 session
     * stays at 19:30 across a daylight-saving change.
     */
    List<ZonedDateTime> starts() {
        List<ZonedDateTime> starts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            starts.add(ZonedDateTime.of(firstDate.plusWeeks((long) i * intervalWeeks), time, zone));
        }
        return starts;
    }

    /** The plan as a {@code /kring plan} text that {@link PlanInput} reads back to this plan. */
    String asArgs() {
        return firstDate + " " + time + " " + count + "x elke " + intervalWeeks + " weken " + length.toMinutes() + " min "
                + zone.getId() + " sjabloon " + templateId;
    }
}
