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
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;
import nl.leerkring.chat.Address;
import nl.leerkring.chat.Form;
import nl.leerkring.chat.OutgoingMessage;
import nl.leerkring.chat.SendResult;
import nl.leerkring.chat.Sender;
import nl.leerkring.core.i18n.Texts;

/**
 * Sends outbox messages to Teams as proactive messages: the stored conversation reference,
 * {@code continueConversation}, and the card(s). Nothing goes to a conversation Leerkring was
 * removed from. A private message in a channel or group chat, and
 * a direct message, go to a 1:1 chat with that user, never to the channel. A direct message's
 * file goes as a file consent card after it ({@link FileConsent}).
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
    private final AdaptiveCards cards;
    private final Clock clock;
    private final MemberNames names;

    TeamsSender(BotFrameworkAdapter adapter, String appId, ConversationStore conversations, AdaptiveCards cards, Clock clock) {
        this.adapter = adapter;
        this.appId = appId;
        this.conversations = conversations;
        this.cards = cards;
        this.clock = clock;
        this.names = new MemberNames(conversations, clock);
    }

    /**
     * Sends the message; a long one as several messages in order. The result's ref is the id of
     * the first, the one a thread hangs under.
     */
    @Override
    public SendResult send(OutgoingMessage message, String threadRef) {
        Address to = message.to();
        try {
            boolean direct = to.isDirect() || to.isHome();
            Optional<ConversationReference> found = direct
                    ? conversations.latestInTenant(to.workspaceId())
                    : conversations.find(to.workspaceId(), to.channelId());
            if (found.isEmpty()) {
                return new SendResult.Failed(!direct && conversations.isGone(to.workspaceId(), to.channelId())
                        ? "Leerkring was removed from " + to.workspaceId() + "/" + to.channelId()
                        : "no conversation reference for " + to.workspaceId() + "/" + to.channelId());
            }
            ConversationReference reference = found.get();
            // Teams' own words on the card (required, pick, sent by) in the circle's language
            AdaptiveCards inLanguage = conversations.circleLanguage(to.workspaceId(), to.channelId())
                    .map(language -> cards.in(Texts.of(language))).orElse(cards);
            List<Activity> activities = new java.util.ArrayList<>(inLanguage.render(message,
                    reference.getBot() == null ? null : reference.getBot().getName(),
                    names.forMessage(adapter, appId, reference, to.workspaceId(), message)));
            if (message.file() != null && direct) {
                // a file only after the member's consent, in the 1:1 chat; made again when they accept
                activities.add(FileConsent.card(message.file(), message.title()));
            }
            boolean personal = ActivityMapper.isPersonal(reference.getConversation());
            if (direct || (to.isPrivate() && !personal)) {
                return new SendResult.Sent(run(reference, turn -> sendPrivately(turn, reference, to.privateTo(), activities)));
            }
            if (threadRef != null && ActivityMapper.hasThreads(reference.getConversation())) {
                ConversationAccount conversation = reference.getConversation();
                conversation.setId(conversation.getId() + ActivityMapper.THREAD_MARKER + threadRef);
            }
            return new SendResult.Sent(run(reference, turn -> {
                turn.onSendActivities(TeamsSender::notAReply);
                return inOrder(activities, turn::sendActivity);
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

    /** The known display names of the users a form mentions (in its title, labels and pick lists). */
    Map<String, String> names(String tenantId, Form form) {
        return names.known(tenantId, MemberNames.mentionedIn(form));
    }

    /** Only a channel has reply chains; a 1:1 chat and a group chat are flat. */
    @Override
    public boolean hasThreads(Address conversation) {
        return conversations.hasThreads(conversation.workspaceId(), conversation.channelId());
    }

    /** Posts the activities one after the other; the answer to the first. */
    private static CompletableFuture<ResourceResponse> inOrder(List<Activity> activities,
                                                              Function<Activity, CompletableFuture<ResourceResponse>> post) {
        CompletableFuture<ResourceResponse> first = post.apply(activities.get(0));
        CompletableFuture<ResourceResponse> chain = first;
        for (Activity next : activities.subList(1, activities.size())) {
            chain = chain.thenCompose(previous -> post.apply(next));
        }
        return chain.thenCompose(last -> first);
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

    /**
     * Posts in the user's 1:1 chat with the bot: the one remembered for this user (from an earlier
     * send, or from the user writing to the bot there), else one created (Teams finds the existing
     * chat of the pair) and then remembered. One call per message instead of two. When a
     * remembered chat is refused (404/403: the app was removed there), it is created afresh.
     */
    private CompletableFuture<ResourceResponse> sendPrivately(TurnContext turn, ConversationReference reference,
                                                             String userId, List<Activity> activities) {
        ConnectorClient connector = turn.getTurnState().get(BotFrameworkAdapter.CONNECTOR_CLIENT_KEY);
        String tenantId = reference.getConversation().getTenantId();
        Optional<String> known = conversations.chatWith(tenantId, userId);
        if (known.isPresent()) {
            return postPrivately(connector, reference, userId, known.get(), activities).exceptionallyCompose(error -> {
                if (!isGoneChat(error)) {
                    return CompletableFuture.failedFuture(error);
                }
                conversations.forgetChat(tenantId, userId);
                return createChat(connector, reference, userId)
                        .thenCompose(chat -> postPrivately(connector, reference, userId, chat, activities));
            });
        }
        return createChat(connector, reference, userId)
                .thenCompose(chat -> postPrivately(connector, reference, userId, chat, activities));
    }

    private CompletableFuture<String> createChat(ConnectorClient connector, ConversationReference reference, String userId) {
        String tenantId = reference.getConversation().getTenantId();
        ConversationParameters parameters = new ConversationParameters();
        parameters.setIsGroup(false);
        parameters.setBot(reference.getBot());
        parameters.setMembers(List.of(new ChannelAccount(userId)));
        parameters.setTenantId(tenantId);
        ObjectNode channelData = Serialization.createObjectNode();
        channelData.putObject("tenant").put("id", tenantId);
        parameters.setChannelData(channelData);
        return connector.getConversations().createConversation(parameters).thenApply(created -> {
            conversations.rememberChat(tenantId, userId, created.getId(), clock.instant());
            return created.getId();
        });
    }

    private static CompletableFuture<ResourceResponse> postPrivately(ConnectorClient connector, ConversationReference reference,
                                                                    String userId, String chatId, List<Activity> activities) {
        ConversationAccount chat = new ConversationAccount(chatId);
        chat.setTenantId(reference.getConversation().getTenantId());
        chat.setConversationType(ActivityMapper.PERSONAL);
        for (Activity activity : activities) {
            activity.setConversation(chat);
            activity.setChannelId(reference.getChannelId());
            activity.setServiceUrl(reference.getServiceUrl());
            activity.setFrom(reference.getBot());
            activity.setRecipient(new ChannelAccount(userId));
        }
        return inOrder(activities, a -> connector.getConversations().sendToConversation(chatId, a));
    }

    private static boolean isGoneChat(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof RestException rest && rest.response() != null) {
                return rest.response().code() == 404 || rest.response().code() == 403;
            }
        }
        return false;
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
