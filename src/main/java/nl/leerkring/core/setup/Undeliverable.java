package nl.leerkring.core.setup;

import nl.leerkring.chat.Address;
import nl.leerkring.chat.OutgoingMessage;
import nl.leerkring.core.circle.Member;
import nl.leerkring.core.circle.Role;
import nl.leerkring.core.command.Turn;

/**
 * A message to a circle's channel that the platform refused for good (the app removed from the
 * channel, the channel archived, the installation revoked): its facilitators hear it privately,
 * once, with what to do. The delivery worker reports it as a scheduled event whose key holds
 * the conversation and the reason, so the same refusal again tells nobody twice.
 */
public final class Undeliverable {

    /** The scheduled action the delivery worker's report arrives as; its value is the platform's reason. */
    public static final String ACTION = "delivery.undeliverable";

    private Undeliverable() {
    }

    static void tellFacilitators(Turn turn, String reason) {
        turn.circle().ifPresent(circle -> {
            for (Member member : turn.circles().members(circle)) {
                if (member.role() == Role.FACILITATOR) {
                    turn.send(OutgoingMessage.text(Address.direct(circle.platform(), circle.workspaceId(), member.userId()),
                            turn.text("delivery.undeliverable", reason)));
                }
            }
        });
    }
}
