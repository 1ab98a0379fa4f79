package nl.leerkring.teams;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microsoft.bot.builder.ActivityHandler;
import com.microsoft.bot.builder.InvokeResponse;
import com.microsoft.bot.builder.MessageFactory;
import com.microsoft.bot.builder.TurnContext;
import com.microsoft.bot.schema.Activity;
import com.microsoft.bot.schema.ActivityTypes;
import com.microsoft.bot.schema.Attachment;
import com.microsoft.bot.schema.ChannelAccount;
import com.microsoft.bot.schema.Mention;
import com.microsoft.bot.schema.Serialization;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import nl.leerkring.chat.Address;
import nl.leerkring.chat.Form;
import nl.leerkring.chat.InboundEvent;
import nl.leerkring.chat.OutgoingMessage;
import nl.leerkring.chat.Platform;
import nl.leerkring.chat.SendResult;
import nl.leerkring.core.Bot;
import nl.leerkring.core.Inbox;
import nl.leerkring.core.i18n.Texts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Bot Framework side of the Teams door, run only for authenticated activities. It
 * remembers every conversation it hears from (so the outbox can post there later) and hands
 * messages and card submits to the core; replies leave through the outbox, never in this turn.
 * The exceptions are Teams' own bookkeeping: the invoke response, the update of an answered
 * form card, and the greeting when Leerkring is added somewhere.
 *
 * <p>{@code ActivityHandler} is marked deprecated along with the whole retired SDK; it is still
 * the SDK's own way to dispatch by activity type.
 */
@SuppressWarnings("deprecation")
final class TeamsBot extends ActivityHandler {

    static final String ADAPTIVE_CARD_ACTION = "adaptiveCard/action";
    static final String MESSAGE_RESPONSE = "application/vnd.microsoft.activity.message";

    private static final Logger log = LoggerFactory.getLogger(TeamsBot.class);

    private final Bot bot;
    private final Inbox inbox;
    private final ConversationStore conversations;
    private final CardOrigins origins;
    private final TeamsSender sender;
    private final AdaptiveCards cards;
    private final Texts texts;
    private final Clock clock;
    private final FileConsent files;

    TeamsBot(Bot bot, Inbox inbox, ConversationStore conversations, CardOrigins origins, TeamsSender sender, AdaptiveCards cards,
             Texts texts, Clock clock, FileConsent files) {
        this.files = files;
        this.inbox = inbox;
        this.bot = bot;
        this.conversations = conversations;
        this.origins = origins;
        this.sender = sender;
        this.cards = cards;
        this.texts = texts;
        this.clock = clock;
    }

    /**
     * Every activity type (message, conversationUpdate, installationUpdate, …) refreshes the
     * reference and the names it gives, in one commit; a message for the bot in the same commit
     * as its event.
     */
    @Override
    public CompletableFuture<Void> onTurn(TurnContext turnContext) {
        Activity activity = turnContext.getActivity();
        if (activity.getConversation() != null && activity.getConversation().getId() != null
                && activity.getServiceUrl() != null) {
            if (!ActivityTypes.MESSAGE.equals(activity.getType()) || ActivityMapper.toEvent(activity).isEmpty()) {
                conversations.together(h -> keepTrack(h, activity));
            } // else: written with the event, in the inbox's commit (handle)
        }
        return super.onTurn(turnContext);
    }

    @Override
    protected CompletableFuture<Void> onMessageActivity(TurnContext turnContext) {
        handle(turnContext, turnContext.getActivity());
        return CompletableFuture.completedFuture(null);
    }

    /**
     * The event goes into the inbox (which dedupes by the event key); the bot handles it right
     * after. A form submitted from the card sent to this user is then shown as answered on that
     * card; its answers were checked first, in this request.
     */
    private boolean handle(TurnContext turnContext, Activity activity) {
        Optional<InboundEvent> mapped = ActivityMapper.toEvent(activity);
        if (mapped.isEmpty()) {
            return false;
        }
        InboundEvent event = mapped.get();
        Optional<OutgoingMessage> card = origins.card(event, activity);
        InboundEvent located = card.map(OutgoingMessage::to)
                .map(to -> event.at(new Address(Platform.TEAMS, to.workspaceId(), to.channelId(), to.threadId(), null)))
                .orElse(event);
        if (event.kind() == InboundEvent.Kind.FORM && card.isPresent() && card.get().form() != null) {
            Map<String, String> problems = bot.checkForm(located);
            if (!problems.isEmpty()) {
                showRefused(turnContext, activity, card.get().form(), located, problems);
                return true;
            }
        }
        // kept before Teams gets its answer, handled moments later; a resent activity is a duplicate
        Inbox.Accepted accepted = inbox.accept(located, h -> keepTrack(h, activity));
        if (accepted == Inbox.Accepted.UNAVAILABLE) {
            String errorId = java.util.UUID.randomUUID().toString().substring(0, 8);
            log.error("[{}] Teams activity {} not kept", errorId, activity.getId());
            turnContext.sendActivity(MessageFactory.text(texts.get("error.internal", errorId))).join();
            return true;
        }
        if (accepted == Inbox.Accepted.KEPT && event.kind() == InboundEvent.Kind.FORM && card.isPresent() && card.get().form() != null) {
            markAnswered(turnContext, activity, card.get().form(), located);
        }
        return true;
    }

    /** Teams' own words for an event in its circle's language (the default where there is no circle). */
    private Texts textsOf(InboundEvent event) {
        return conversations.circleLanguage(event.where().workspaceId(), event.where().channelId()).map(Texts::of).orElse(texts);
    }

    /**
     * A form card with a refused answer is shown again in its place ({@code updateActivity}), with
     * what was typed still in its inputs and the reason under the refused one; nothing is taken.
     */
    private void showRefused(TurnContext turnContext, Activity activity, Form form, InboundEvent event,
                             Map<String, String> problems) {
        Activity update = Activity.createMessageActivity();
        update.setId(activity.getReplyToId());
        update.setConversation(activity.getConversation());
        update.setSummary(form.title());
        Attachment attachment = new Attachment();
        attachment.setContentType(AdaptiveCards.CONTENT_TYPE);
        attachment.setContent(cards.in(textsOf(event)).refusedCard(form, event.form(), problems,
                sender.names(ActivityMapper.tenantOf(activity), form)));
        update.setAttachments(List.of(attachment));
        try {
            turnContext.updateActivity(update).join();
        } catch (RuntimeException e) {
            log.warn("Could not show the form card {} again with its errors: {}", activity.getReplyToId(), e.toString());
            turnContext.sendActivity(MessageFactory.text(String.join("\n", problems.values()))).join();
        }
    }

    /**
     * Replaces the form card by what was sent and by whom ({@code updateActivity}): its inputs
     * are gone, so it cannot be sent a second time (and a second submit of it is a duplicate anyway).
     */
    private void markAnswered(TurnContext turnContext, Activity activity, Form form, InboundEvent event) {
        Activity update = Activity.createMessageActivity();
        update.setId(activity.getReplyToId());
        update.setConversation(activity.getConversation());
        String who = activity.getFrom().getName() == null ? AdaptiveCards.mentionsAsText("<@" + event.userId() + ">")
                : activity.getFrom().getName();
        Texts here = textsOf(event);
        String title = here.get("teams.submittedBy", form.title(), who);
        update.setSummary(title);
        Attachment attachment = new Attachment();
        attachment.setContentType(AdaptiveCards.CONTENT_TYPE);
        attachment.setContent(cards.in(here).answeredCard(title, form, event.form(),
                sender.names(ActivityMapper.tenantOf(activity), form)));
        update.setAttachments(List.of(attachment));
        try {
            turnContext.updateActivity(update).join();
        } catch (RuntimeException e) {
            log.warn("Could not mark the answered form card {} as sent: {}", activity.getReplyToId(), e.toString());
        }
    }

    /**
     * {@code adaptiveCard/action} (an Action.Execute) counts as the same press or form submit as
     * an Action.Submit with its data, and is answered as Universal Actions expect. A member's
     * answer to a file consent card goes to {@link FileConsent}. Other invokes
     * (dialogs, message actions) are answered with a plain "not supported".
     */
    @Override
    protected CompletableFuture<InvokeResponse> onInvokeActivity(TurnContext turnContext) {
        Activity activity = turnContext.getActivity();
        String name = activity.getName() == null ? "" : activity.getName();
        if (FileConsent.INVOKE.equals(name)) {
            return CompletableFuture.completedFuture(files.answer(turnContext));
        }
        if (ADAPTIVE_CARD_ACTION.equals(name)) {
            JsonNode action = activity.getValue() == null ? null : Serialization.objectToTree(activity.getValue()).path("action");
            JsonNode data = action == null ? null : action.path("data");
            if (data != null && data.isObject()) {
                Activity submit = Activity.clone(activity);
                submit.setType(ActivityTypes.MESSAGE);
                submit.setName(null);
                submit.setValue(data);
                if (handle(turnContext, submit)) {
                    return CompletableFuture.completedFuture(new InvokeResponse(200, actionResponse(200, MESSAGE_RESPONSE,
                            Serialization.createObjectNode().textNode(texts.get("teams.done")))));
                }
            }
            ObjectNode error = Serialization.createObjectNode().put("code", "BadRequest")
                    .put("message", texts.get("teams.unsupported"));
            return CompletableFuture.completedFuture(new InvokeResponse(200,
                    actionResponse(400, "application/vnd.microsoft.error", error)));
        }
        String unsupported = texts.get("teams.unsupported");
        if (name.startsWith("task/")) {
            ObjectNode body = Serialization.createObjectNode();
            body.putObject("task").put("type", "message").put("value", unsupported);
            return CompletableFuture.completedFuture(new InvokeResponse(200, body));
        }
        return CompletableFuture.completedFuture(new InvokeResponse(200,
                actionResponse(200, MESSAGE_RESPONSE, Serialization.createObjectNode().textNode(unsupported))));
    }

    private static ObjectNode actionResponse(int statusCode, String type, JsonNode value) {
        ObjectNode body = Serialization.createObjectNode().put("statusCode", statusCode).put("type", type);
        body.set("value", value);
        return body;
    }

    /** Added to a team, group chat or 1:1 chat (membersAdded has the bot): greet; removed: go quiet. */
    @Override
    protected CompletableFuture<Void> onConversationUpdateActivity(TurnContext turnContext) {
        Activity activity = turnContext.getActivity();
        if (contains(activity.getMembersAdded(), activity.getRecipient())) {
            greet(activity);
        } else if (contains(activity.getMembersRemoved(), activity.getRecipient())) {
            gone(activity);
        }
        return CompletableFuture.completedFuture(null);
    }

    /** The app installed ({@code add}, {@code add-upgrade}) or uninstalled ({@code remove}, …) here. */
    @Override
    protected CompletableFuture<Void> onInstallationUpdate(TurnContext turnContext) {
        Activity activity = turnContext.getActivity();
        String action = activity.getAction() == null ? "" : activity.getAction();
        if (action.startsWith("add")) {
            greet(activity);
        } else if (action.startsWith("remove")) {
            gone(activity);
        }
        return CompletableFuture.completedFuture(null);
    }

    /** Teams often sends both a conversationUpdate and an installationUpdate for one install: greets once. */
    private void greet(Activity activity) {
        String tenant = ActivityMapper.tenantOf(activity);
        String conversation = ActivityMapper.channelOf(activity.getConversation().getId());
        if (!conversations.claimGreeting(tenant, conversation, clock.instant())) {
            return;
        }
        OutgoingMessage welcome = OutgoingMessage.text(Address.channel(Platform.TEAMS, tenant, conversation),
                texts.get("teams.welcome.text")).withTitle(texts.get("teams.welcome.title"));
        SendResult result = sender.send(welcome, null);
        if (!(result instanceof SendResult.Sent)) {
            log.warn("Could not greet in Teams conversation {}: {}", conversation, result);
            conversations.releaseGreeting(tenant, conversation);
        }
    }

    private void gone(Activity activity) {
        String conversation = ActivityMapper.channelOf(activity.getConversation().getId());
        log.info("Leerkring was removed from Teams conversation {}: nothing is sent there any more", conversation);
        // Removed from a team: from all its channels (Teams tells it once, in the team's General channel).
        conversations.markGone(ActivityMapper.tenantOf(activity), conversation, ActivityMapper.teamOf(activity), clock.instant());
    }

    private static boolean contains(List<ChannelAccount> members, ChannelAccount bot) {
        return members != null && bot != null && bot.getId() != null
                && members.stream().anyMatch(m -> bot.getId().equals(m.getId()));
    }

    /** Where to answer in this conversation later, and the names the activity gives. */
    private void keepTrack(org.jdbi.v3.core.Handle h, Activity activity) {
        if (activity.getConversation() == null || activity.getConversation().getId() == null || activity.getServiceUrl() == null) {
            return;
        }
        conversations.save(h, ActivityMapper.tenantOf(activity), ActivityMapper.channelOf(activity.getConversation().getId()),
                ActivityMapper.teamOf(activity), ActivityMapper.referenceOf(activity), clock.instant());
        rememberPeople(h, activity);
    }

    /**
     * The display names Teams gives: of the sender, and of everyone mentioned. Written in the
     * order of their ids, so that two activities naming the same people cannot wait for each other.
     */
    private void rememberPeople(org.jdbi.v3.core.Handle h, Activity activity) {
        String tenant = ActivityMapper.tenantOf(activity);
        ChannelAccount from = activity.getFrom();
        String botId = activity.getRecipient() == null ? null : activity.getRecipient().getId();
        java.util.SortedMap<String, String> names = new java.util.TreeMap<>();
        boolean fromSomeone = from != null && from.getId() != null && !from.getId().equals(botId);
        if (fromSomeone) {
            names.put(from.getId(), from.getName());
        }
        if (ActivityTypes.MESSAGE.equals(activity.getType())) {
            for (Mention mention : activity.getMentions()) {
                ChannelAccount who = mention.getMentioned();
                if (who != null && who.getId() != null && !who.getId().equals(botId)) {
                    names.putIfAbsent(who.getId(), who.getName());
                }
            }
        }
        names.forEach((id, name) -> {
            conversations.rememberName(h, tenant, id, name, clock.instant());
            if (fromSomeone && id.equals(from.getId()) && ActivityMapper.isPersonal(activity.getConversation())) {
                conversations.rememberChat(h, tenant, id, activity.getConversation().getId(), clock.instant());
            }
        });
    }
}
