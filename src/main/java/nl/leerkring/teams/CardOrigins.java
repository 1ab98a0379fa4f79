package nl.leerkring.teams;

import com.microsoft.bot.schema.Activity;
import java.util.Optional;
import nl.leerkring.chat.Address;
import nl.leerkring.chat.InboundEvent;
import nl.leerkring.chat.OutgoingMessage;
import nl.leerkring.chat.Platform;
import nl.leerkring.delivery.Outbox;

/**
 * Puts a press on a card in a 1:1 chat back in the channel it belongs to.
 *
 * <p>A private message for a channel (a form, an explanation with a button) goes to the user's
 * 1:1 chat with the bot, and Teams delivers a press or form submit on it from that chat, with the
 * id of the card's message as {@code replyToId}. Handled as it comes, it would act on the chat
 * as if that were the channel: no circle there, so a case form was answered with "this channel
 * is not a circle yet". The sent outbox row with that message id still knows the channel and
 * thread the message was written for; the event is handled there.
 *
 * <p>The place is taken from what the bot itself sent to this very user, never from the card's
 * data, which the client sends and could change.
 */
final class CardOrigins {

    private final Outbox outbox;

    CardOrigins(Outbox outbox) {
        this.outbox = outbox;
    }

    /** The event in the channel its card was sent for, or unchanged when it is not a press on such a card. */
    InboundEvent locate(InboundEvent event, Activity activity) {
        return card(event, activity)
                .map(OutgoingMessage::to)
                .map(to -> event.at(new Address(Platform.TEAMS, to.workspaceId(), to.channelId(), to.threadId(), null)))
                .orElse(event);
    }

    /** The private card (sent to this very user in a 1:1 chat) that this press or submit answers, if any. */
    Optional<OutgoingMessage> card(InboundEvent event, Activity activity) {
        boolean press = event.kind() == InboundEvent.Kind.CHOICE || event.kind() == InboundEvent.Kind.FORM;
        if (!press || !ActivityMapper.isPersonal(activity.getConversation()) || activity.getReplyToId() == null) {
            return Optional.empty();
        }
        return outbox.sentWithRef(Platform.TEAMS, event.where().workspaceId(), activity.getReplyToId()).stream()
                .filter(m -> m.to().isPrivate() && !m.to().isDirect() && event.userId().equals(m.to().privateTo()))
                .findFirst();
    }
}
