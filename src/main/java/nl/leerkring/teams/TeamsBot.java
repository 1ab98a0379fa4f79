package nl.leerkring.teams;

import com.microsoft.bot.builder.ActivityHandler;
import com.microsoft.bot.builder.TurnContext;
import com.microsoft.bot.schema.Activity;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import nl.leerkring.core.Bot;

/**
 * The Bot Framework side of the Teams door, run only for authenticated activities. It
 * remembers every conversation it hears from (so the outbox can post there later) and hands
 * messages and card submits to the core; replies leave through the outbox, never in this turn.
 *
 * <p>{@code ActivityHandler} is marked deprecated along with the whole retired SDK; it is still
 * the SDK's own way to dispatch by activity type.
 */
@SuppressWarnings("deprecation")
final class TeamsBot extends ActivityHandler {

    private final Bot bot;
    private final ConversationStore conversations;
    private final CardOrigins origins;
    private final Clock clock;

    TeamsBot(Bot bot, ConversationStore conversations, CardOrigins origins, Clock clock) {
        this.bot = bot;
        this.conversations = conversations;
        this.origins = origins;
        this.clock = clock;
    }

    /** Every activity type (message, conversationUpdate, installationUpdate, …) refreshes the reference. */
    @Override
    public CompletableFuture<Void> onTurn(TurnContext turnContext) {
        Activity activity = turnContext.getActivity();
        if (activity.getConversation() != null && activity.getConversation().getId() != null
                && activity.getServiceUrl() != null) {
            conversations.save(ActivityMapper.tenantOf(activity),
                    ActivityMapper.channelOf(activity.getConversation().getId()),
                    ActivityMapper.referenceOf(activity), clock.instant());
        }
        return super.onTurn(turnContext);
    }

    @Override
    protected CompletableFuture<Void> onMessageActivity(TurnContext turnContext) {
        // Bot.handle dedupes by the event key and does its work in one transaction.
        Activity activity = turnContext.getActivity();
        ActivityMapper.toEvent(activity).map(event -> origins.locate(event, activity)).ifPresent(bot::handle);
        return CompletableFuture.completedFuture(null);
    }
}
