package nl.leerkring.teams;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microsoft.bot.builder.BotFrameworkAdapter;
import com.microsoft.bot.builder.TurnContext;
import com.microsoft.bot.connector.ConnectorClient;
import com.microsoft.bot.restclient.RestException;
import com.microsoft.bot.schema.Activity;
import com.microsoft.bot.schema.ChannelAccount;
import com.microsoft.bot.schema.ConversationAccount;
import com.microsoft.bot.schema.ConversationParameters;
import com.microsoft.bot.schema.ConversationReference;
import com.microsoft.bot.schema.ResourceResponse;
import com.microsoft.bot.schema.Serialization;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;
import nl.leerkring.chat.Address;
import nl.leerkring.chat.OutgoingMessage;
import nl.leerkring.chat.SendResult;
import nl.leerkring.chat.Sender;

/**
 * Sends outbox messages to Teams as proactive messages: the stored conversation reference,
 * {@code continueConversation}, and the card. A private message in a channel or group chat, and
 * a direct message, go to a 1:1 chat with that user, never to the channel.
 */
final class TeamsSender implements Sender {

    /**
     * How long a send may take before it counts as "maybe sent": short, so that a slow connector
     * holds up only its own conversation, and well inside the delivery worker's lease.
     */
    private static final long TIMEOUT_SECONDS = 10;

    private final BotFrameworkAdapter adapter;
    private final String appId;
    private final ConversationStore conversations;
    private final Clock clock;

    TeamsSender(BotFrameworkAdapter adapter, String appId, ConversationStore conversations, Clock clock) {
        this.adapter = adapter;
        this.appId = appId;
        this.conversations = conversations;
        this.clock = clock;
    }

    @Override
    public SendResult send(OutgoingMessage message, String threadRef) {
        Address to = message.to();
        try {
            Optional<ConversationReference> found = to.isDirect() || to.isHome()
                    ? conversations.latestInTenant(to.workspaceId())
                    : conversations.find(to.workspaceId(), to.channelId());
            if (found.isEmpty()) {
                return new SendResult.Failed("no conversation reference for " + to.workspaceId() + "/" + to.channelId());
            }
            ConversationReference reference = found.get();
            Activity activity = AdaptiveCards.render(message);
            boolean personal = ActivityMapper.isPersonal(reference.getConversation());
            if (to.isDirect() || to.isHome() || (to.isPrivate() && !personal)) {
                return new SendResult.Sent(run(reference, turn -> sendPrivately(turn, reference, to.privateTo(), activity)));
            }
            if (threadRef != null && !personal) {
                ConversationAccount conversation = reference.getConversation();
                conversation.setId(conversation.getId() + ActivityMapper.THREAD_MARKER + threadRef);
            }
            return new SendResult.Sent(run(reference, turn -> {
                turn.onSendActivities(TeamsSender::notAReply);
                return turn.sendActivity(activity);
            }));
        } catch (ExecutionException e) {
            return failure(e.getCause() == null ? e : e.getCause());
        } catch (TimeoutException e) {
            return new SendResult.MaybeSent("Bot Connector did not answer within " + TIMEOUT_SECONDS + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new SendResult.RetryLater(null, "interrupted");
        } catch (RuntimeException e) {
            return failure(e);
        }
    }

    /** One proactive turn in the conversation; the id the connector gave the posted message. */
    private String run(ConversationReference reference,
                       Function<TurnContext, CompletableFuture<ResourceResponse>> send)
            throws ExecutionException, InterruptedException, TimeoutException {
        AtomicReference<String> id = new AtomicReference<>();
        adapter.continueConversation(appId, reference, turn -> send.apply(turn).thenAccept(r -> id.set(r == null ? null : r.getId())))
                .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        return id.get();
    }

    /**
     * The continuation activity has a random id, and {@code TurnContextImpl.sendActivities} makes
     * every outgoing activity a reply to it ({@code replyToId}), so the SDK would POST to
     * {@code /activities/<random id>}. A proactive message replies to nothing.
     */
    private static CompletableFuture<ResourceResponse[]> notAReply(TurnContext turn, List<Activity> activities,
                                                                   Supplier<CompletableFuture<ResourceResponse[]>> next) {
        activities.forEach(a -> a.setReplyToId(null));
        return next.get();
    }

    /** Creates (or, as Teams does for an existing pair, finds) the 1:1 chat with the user and posts there. */
    private static CompletableFuture<ResourceResponse> sendPrivately(TurnContext turn, ConversationReference reference,
                                                                    String userId, Activity activity) {
        ConnectorClient connector = turn.getTurnState().get(BotFrameworkAdapter.CONNECTOR_CLIENT_KEY);
        String tenantId = reference.getConversation().getTenantId();
        ConversationParameters parameters = new ConversationParameters();
        parameters.setIsGroup(false);
        parameters.setBot(reference.getBot());
        parameters.setMembers(List.of(new ChannelAccount(userId)));
        parameters.setTenantId(tenantId);
        ObjectNode channelData = Serialization.createObjectNode();
        channelData.putObject("tenant").put("id", tenantId);
        parameters.setChannelData(channelData);
        return connector.getConversations().createConversation(parameters).thenCompose(created -> {
            ConversationAccount chat = new ConversationAccount(created.getId());
            chat.setTenantId(tenantId);
            chat.setConversationType(ActivityMapper.PERSONAL);
            activity.setConversation(chat);
            activity.setChannelId(reference.getChannelId());
            activity.setServiceUrl(reference.getServiceUrl());
            activity.setFrom(reference.getBot());
            activity.setRecipient(new ChannelAccount(userId));
            return connector.getConversations().sendToConversation(created.getId(), activity);
        });
    }

    /** 429 and 5xx and network trouble: try later; any other 4xx: this message will never go. */
    private SendResult failure(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof RestException rest && rest.response() != null) {
                int code = rest.response().code();
                String reason = "HTTP " + code + " from the Bot Connector: " + rest.getMessage();
                if (code == 429) {
                    return new SendResult.RateLimited(retryAfter(rest.response().headers().get("Retry-After")), reason);
                }
                if (code >= 500 || code == 408) {
                    return new SendResult.RetryLater(null, reason);
                }
                return new SendResult.Failed(reason);
            }
            if (t instanceof IOException) {
                return new SendResult.RetryLater(null, "Bot Connector unreachable: " + t);
            }
        }
        return new SendResult.RetryLater(null, String.valueOf(error));
    }

    /** Retry-After as seconds or as an HTTP date; null when absent or unreadable. */
    Duration retryAfter(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(header.strip())));
        } catch (NumberFormatException e) {
            try {
                Duration d = Duration.between(clock.instant(),
                        ZonedDateTime.parse(header.strip(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
                return d.isNegative() ? Duration.ZERO : d;
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
    }
}
