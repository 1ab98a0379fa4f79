package nl.leerkring.core.session;

import java.time.Duration;
import java.time.Instant;

/**
 * One planned session of a circle.
 *
 * @param cycle which plan of the circle it belongs to (1, 2, …)
 * @param number its number in that plan, from 1
 * @param templateId the template its agenda comes from
 * @param cohostId who co-hosts it, or null when nobody but the facilitator can
 * @param partIndex while it runs: the agenda part it is in (the closing part after the last)
 * @param learningPoints what the group recorded at its end, one per line, or null
 * @param startedAt when it really began, or null before
 */
public record Session(long id, String workspaceId, long circleId, int cycle, int number, String templateId,
                      Instant startsAt, int lengthMinutes, String cohostId, Status status, int partIndex,
                      String learningPoints, Instant startedAt) {

    public enum Status { PLANNED, RUNNING, HELD, CANCELLED }

    public Session withStart(Instant newStart) {
        return new Session(id, workspaceId, circleId, cycle, number, templateId, newStart, lengthMinutes, cohostId, status,
                partIndex, learningPoints, startedAt);
    }

    public Session withCohost(String newCohost) {
        return new Session(id, workspaceId, circleId, cycle, number, templateId, startsAt, lengthMinutes, newCohost, status,
                partIndex, learningPoints, startedAt);
    }

    /** Where its agenda's times count from: when it began, or else when it is planned. */
    public Instant agendaStart() {
        return (startedAt != null ? startedAt : startsAt).truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
    }

    public Instant endsAt() {
        return startsAt.plus(Duration.ofMinutes(lengthMinutes));
    }

    public boolean isPlanned() {
        return status == Status.PLANNED;
    }

    /** The anchor key of its agenda message; its parts are threaded under it. */
    public String threadKey() {
        return "session:" + id;
    }
}
