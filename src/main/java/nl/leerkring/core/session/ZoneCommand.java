package nl.leerkring.core.session;

import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import nl.leerkring.core.command.Turn;
import nl.leerkring.core.circle.Circle;
import nl.leerkring.core.reminder.Reminders;
import nl.leerkring.core.time.ZoneInput;

/**
 * {@code /kring tijdzone [Zone/Id | standaard]}: a member's own time zone, so that reminders
 * come inside their working hours. It applies in every circle of the workspace they are in.
 */
final class ZoneCommand {

    private final CircleTime time;
    private final Reminders reminders;

    ZoneCommand(CircleTime time, Reminders reminders) {
        this.time = time;
        this.reminders = reminders;
    }

    /** For members of a circle; the zone counts in each circle of theirs in the workspace. */
    void run(Turn turn, String args) {
        Circle circle = turn.theCircle();
        String wanted = args.strip();
        if (wanted.isEmpty()) {
            Optional<ZoneId> own = new MemberZones(turn.handle()).of(circle, turn.userId());
            turn.tell(own.map(z -> turn.text("zone.show", z.getId()))
                    .orElse(turn.text("zone.showCircle", time.zone(turn, circle).getId())));
            return;
        }
        ZoneId zone = null;
        if (!List.of("standaard", "default", "kring", "circle").contains(wanted.toLowerCase(java.util.Locale.ROOT))) {
            Optional<ZoneId> parsed = ZoneInput.parse(wanted);
            if (parsed.isEmpty()) {
                turn.tell(turn.text("zone.unknown", wanted));
                return;
            }
            zone = parsed.get();
        }
        new MemberZones(turn.handle()).set(circle.platform(), circle.workspaceId(), turn.userId(), zone);
        reminders.rescheduleFor(turn, turn.userId());
        turn.tell(zone == null ? turn.text("zone.cleared", time.zone(turn, circle).getId()) : turn.text("zone.set", zone.getId(),
                time.rhythm().hours().start(), time.rhythm().hours().end()));
    }
}
