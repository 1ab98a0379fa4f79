package nl.leerkring.teams;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.bot.schema.Activity;
import com.microsoft.bot.schema.ChannelAccount;
import com.microsoft.bot.schema.ConversationAccount;
import com.microsoft.bot.schema.ConversationReference;
import com.microsoft.bot.schema.Mention;
import com.microsoft.bot.schema.Serialization;
import java.util.Optional;
import java.util.regex.Pattern;
import nl.leerkring.chat.Address;
import nl.leerkring.chat.InboundEvent;
import nl.leerkring.chat.Platform;
import nl.leerkring.core.Mentions;

/** Turns Bot Framework activities from Teams into Leerkring's neutral events and addresses. */
final class ActivityMapper {

    static final String PERSONAL = "personal";
    static final String GROUP_CHAT = "groupChat";
    static final String ACTION_KEY = "lk_action";
    static final String VALUE_KEY = "lk_value";
    static final String FORM_KEY = "lk_form";
    static final String CONTEXT_KEY = "lk_context";
    /** A Teams channel conversation id carries the thread it happened in after this marker. */
    static final String THREAD_MARKER = ";messageid=";

    private static final Pattern LEADING_KRING = Pattern.compile("^/?kring\\b\\s*", Pattern.CASE_INSENSITIVE);

    private ActivityMapper() {
    }

    /** The tenant: {@code conversation.tenantId}, else {@code channelData.tenant.id}, else the channel (emulator). */
    static String tenantOf(Activity activity) {
        ConversationAccount conversation = activity.getConversation();
        if (conversation != null && notBlank(conversation.getTenantId())) {
            return conversation.getTenantId();
        }
        if (activity.getChannelData() != null) {
            String id = Serialization.objectToTree(activity.getChannelData()).path("tenant").path("id").asText("");
            if (!id.isBlank()) {
                return id;
            }
        }
        // Only the Bot Framework Emulator sends no tenant at all; its channel id then stands in.
        return activity.getChannelId() == null ? "" : activity.getChannelId();
    }

    /** The team of a channel activity ({@code channelData.team.id}), or null. */
    static String teamOf(Activity activity) {
        if (activity.getChannelData() == null) {
            return null;
        }
        String id = Serialization.objectToTree(activity.getChannelData()).path("team").path("id").asText("");
        return id.isBlank() ? null : id;
    }

    /** The conversation id without a {@code ;messageid=} thread suffix: the channel itself. */
    static String channelOf(String conversationId) {
        int at = conversationId.indexOf(THREAD_MARKER);
        return at < 0 ? conversationId : conversationId.substring(0, at);
    }

    /** The thread root message id from a {@code ;messageid=} suffix, or null. */
    static String threadOf(String conversationId) {
        int at = conversationId.indexOf(THREAD_MARKER);
        return at < 0 ? null : conversationId.substring(at + THREAD_MARKER.length());
    }

    static boolean isPersonal(ConversationAccount conversation) {
        return conversation != null && PERSONAL.equalsIgnoreCase(conversation.getConversationType());
    }

    static boolean isGroupChat(ConversationAccount conversation) {
        return conversation != null && GROUP_CHAT.equalsIgnoreCase(conversation.getConversationType());
    }

    /**
     * Whether messages there can have replies under them: only in a channel. A 1:1 chat and a
     * group chat are one flat stream, where a case posts each step as a new message.
     */
    static boolean hasThreads(ConversationAccount conversation) {
        return conversation != null && !isPersonal(conversation) && !isGroupChat(conversation);
    }

    /**
     * What to store to post in this conversation later: ids only (no user names, no locale: the
     * SDK would make the locale the JVM's default on every proactive turn), the channel without
     * thread suffix, and no activity id (a proactive message is not a reply).
     */
    static ConversationReference referenceOf(Activity activity) {
        ConversationAccount from = activity.getConversation();
        ConversationAccount conversation = new ConversationAccount(channelOf(from.getId()));
        conversation.setTenantId(tenantOf(activity));
        conversation.setConversationType(from.getConversationType());
        conversation.setIsGroup(from.isGroup());

        ConversationReference reference = new ConversationReference();
        reference.setChannelId(activity.getChannelId());
        reference.setServiceUrl(activity.getServiceUrl());
        reference.setConversation(conversation);
        if (activity.getRecipient() != null) {
            reference.setBot(new ChannelAccount(activity.getRecipient().getId(), activity.getRecipient().getName()));
        }
        // Only a 1:1 chat has one user. In a channel the last speaker would otherwise be kept and
        // become the "recipient" of every later channel post, tying them to what others said.
        if (activity.getFrom() != null && isPersonal(from)) {
            reference.setUser(new ChannelAccount(activity.getFrom().getId()));
        }
        return reference;
    }

    /** The neutral event of a message activity, or empty when it is not for the bot. */
    static Optional<InboundEvent> toEvent(Activity activity) {
        ConversationAccount conversation = activity.getConversation();
        ChannelAccount from = activity.getFrom();
        if (conversation == null || conversation.getId() == null || from == null || from.getId() == null
                || activity.getId() == null || isFromBot(activity)) {
            return Optional.empty();
        }
        Address where = Address.channel(Platform.TEAMS, tenantOf(activity), channelOf(conversation.getId()));
        String thread = threadOf(conversation.getId());
        if (thread != null) {
            where = where.inThread(thread);
        }
        // Teams keeps the activity id when it resends, so it is the dedupe key.
        String key = "activity:" + activity.getId();

        // A form card is answered once: a second submit of the same card (a double click, an
        // older client that kept the inputs) has the same key and is a duplicate.
        String formKey = activity.getReplyToId() == null ? key : cardKey(conversation.getId(), activity.getReplyToId());
        Optional<InboundEvent> form = formOf(formKey, where, from.getId(), activity.getValue());
        if (form.isPresent()) {
            return form;
        }
        Optional<String[]> choice = choiceOf(activity.getValue());
        if (choice.isPresent()) {
            return Optional.of(InboundEvent.choice(key, where, from.getId(), choice.get()[0], choice.get()[1]));
        }
        if (activity.getText() == null) {
            return Optional.empty();
        }
        Text text = neutralText(activity);
        // With the read-all-messages permissions (RSC) Teams delivers every channel and group chat
        // message. Only what is addressed to the bot is a command: anything in a 1:1 chat, and
        // elsewhere a message with the bot's mention entity. Other channel talk is read only as a
        // reply in a thread, other group chat talk only as talk in the chat (the core acts on it
        // in a running case and ignores it elsewhere).
        if (isPersonal(conversation) || text.botMentioned()) {
            var kring = LEADING_KRING.matcher(text.value());
            String command = kring.find() ? text.value().substring(kring.end()) : text.value();
            return Optional.of(InboundEvent.command(key, where, from.getId(), command));
        }
        if (thread != null) {
            return Optional.of(InboundEvent.message(key, where, from.getId(), text.value()));
        }
        return flatReply(key, where, from.getId(), conversation, text.value());
    }

    /**
     * In a group chat there are no reply chains: a case runs there flat, and what members write
     * without the bot's mention is read as talk in the chat's running case, as the core reads a
     * conversation without threads ({@link Address#NEWEST_THREAD}). With no case running the
     * core ignores it.
     */
    private static Optional<InboundEvent> flatReply(String key, Address where, String userId, ConversationAccount conversation,
                                                    String text) {
        if (!isGroupChat(conversation) || text.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(InboundEvent.message(key, where.inThread(Address.NEWEST_THREAD), userId, text));
    }

    /** The dedupe key of an answer to the card with id {@code cardId} in this conversation. */
    static String cardKey(String conversationId, String cardId) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest((channelOf(conversationId) + "\n" + cardId).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return "card:" + java.util.HexFormat.of().formatHex(digest);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private record Text(String value, boolean botMentioned) {
    }

    /**
     * The text with the bot's own mention removed and other mentions as {@code <@id>}. Literal
     * replacement: the SDK's {@code Activity.removeMentionText} uses {@code replaceAll} with the
     * mention text as a regex, which breaks on names with brackets or dots.
     */
    private static Text neutralText(Activity activity) {
        String text = activity.getText().replace("&nbsp;", " ").replace('\u00A0', ' ');
        String botId = activity.getRecipient() == null ? null : activity.getRecipient().getId();
        boolean botMentioned = false;
        for (Mention mention : activity.getMentions()) {
            if (mention.getMentioned() == null || mention.getMentioned().getId() == null) {
                continue;
            }
            String id = mention.getMentioned().getId();
            String shown = mention.getText() != null ? mention.getText() : "<at>" + mention.getMentioned().getName() + "</at>";
            if (id.equals(botId)) {
                botMentioned |= text.contains(shown);
                text = text.replace(shown, " ");
            } else {
                text = text.replace(shown, Mentions.of(id));
            }
        }
        return new Text(text.strip(), botMentioned);
    }

    /** A submitted form card: {@code lk_form}, {@code lk_context} and the inputs by id. */
    private static Optional<InboundEvent> formOf(String key, Address where, String user, Object value) {
        if (value == null) {
            return Optional.empty();
        }
        JsonNode node = Serialization.objectToTree(value);
        String action = node.path(FORM_KEY).asText("");
        if (action.isEmpty()) {
            return Optional.empty();
        }
        java.util.Map<String, String> answers = new java.util.HashMap<>();
        node.fields().forEachRemaining(e -> {
            if (!e.getKey().startsWith("lk_") && e.getValue().isValueNode()) {
                answers.put(e.getKey(), e.getValue().asText());
            }
        });
        return Optional.of(InboundEvent.formSubmitted(key, where, user, action, node.path(CONTEXT_KEY).asText(""), answers));
    }

    /**
     * {@code {"lk_action": …, "lk_value": …}} from an Adaptive Card button; from a pick list's
     * submit {@code {"lk_action": …, "lk_pick": value}}, or {@code {"lk_pick": action␟value}}
     * when the list holds choices of several actions.
     */
    static Optional<String[]> choiceOf(Object value) {
        if (value == null) {
            return Optional.empty();
        }
        JsonNode node = Serialization.objectToTree(value);
        String action = node.path(ACTION_KEY).asText("");
        if (node.hasNonNull(AdaptiveCards.PICK_KEY)) {
            String picked = node.path(AdaptiveCards.PICK_KEY).asText("");
            if (!action.isEmpty()) {
                return Optional.of(new String[] {action, picked});
            }
            int at = picked.indexOf(AdaptiveCards.PICK_SEPARATOR);
            return at <= 0 ? Optional.empty() : Optional.of(new String[] {picked.substring(0, at), picked.substring(at + 1)});
        }
        if (action.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new String[] {action, node.path(VALUE_KEY).asText("")});
    }

    private static boolean isFromBot(Activity activity) {
        return activity.getRecipient() != null && activity.getFrom().getId().equals(activity.getRecipient().getId());
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }
}
