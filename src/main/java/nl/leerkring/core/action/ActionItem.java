package nl.leerkring.core.action;

import java.time.LocalDate;

/** A follow-up action agreed in a case discussion or a session: who does what, by when. */
public record ActionItem(long id, String workspaceId, long circleId, String ownerId, String text, LocalDate due,
                         boolean done) {
}
