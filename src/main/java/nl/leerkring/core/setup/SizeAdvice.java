package nl.leerkring.core.setup;

import nl.leerkring.chat.OutgoingMessage;
import nl.leerkring.core.circle.Circle;
import nl.leerkring.core.circle.Role;
import nl.leerkring.core.command.Turn;

/**
 * Learning groups work best small: about five participants, and seven is already on the large
 * side. When a member joins and the circle has more than {@link #LARGEST} participants (the
 * facilitators not counted), the circle is told so once; the moment is kept in
 * {@code circle.size_advice_at}, so the ninth and tenth member, or a restart, bring no repeat.
 */
final class SizeAdvice {

    /** The most participants a learning group is advised to have. */
    static final int LARGEST = 7;

    private SizeAdvice() {
    }

    /** After a member joined: the advice in the channel, the first time the circle is larger than advised. */
    static void afterJoin(Turn turn, Circle circle) {
        long participants = turn.circles().members(circle).stream().filter(m -> m.role() != Role.FACILITATOR).count();
        if (participants <= LARGEST) {
            return;
        }
        // claimed in the same statement that checks it: two joins at once advise once
        int claimed = turn.handle().createUpdate("UPDATE circle SET size_advice_at = :now WHERE id = :id AND size_advice_at IS NULL")
                .bind("now", turn.now()).bind("id", circle.id()).execute();
        if (claimed == 1) {
            turn.send(OutgoingMessage.text(Turn.channelOf(circle), turn.text("circle.sizeAdvice", participants))
                    .withTitle(turn.text("circle.sizeAdvice.title")));
        }
    }
}
