package nl.leerkring.teams;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.microsoft.bot.schema.ConversationReference;
import com.microsoft.bot.schema.Serialization;
import java.io.IOException;
import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The {@code teams_conversation} table: for every conversation the bot is in, the reference it
 * needs to post there later (service URL, conversation id and type, the bot's own account),
 * whether it greeted there and whether it was removed; and {@code teams_member}: per member the
 * 1:1 chat with the bot and the display name Teams last gave.
 */
final class ConversationStore {

    private final Jdbi jdbi;
    /** Whether a conversation has threads, by tenant and conversation: its type never changes. */
    private final java.util.Map<String, Boolean> threads = new java.util.concurrent.ConcurrentHashMap<>();

    ConversationStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /**
     * Whether messages in this conversation can have replies under them (only a channel's can),
     * from the reference stored for it; true for a conversation not known. Kept in memory once
     * known, so a turn asking about it rarely reads.
     */
    boolean hasThreads(String tenantId, String conversationId) {
        Boolean known = threads.get(tenantId + "\n" + conversationId);
        if (known != null) {
            return known;
        }
        Optional<ConversationReference> reference = find(tenantId, conversationId);
        reference.ifPresent(r -> threads.put(tenantId + "\n" + conversationId, ActivityMapper.hasThreads(r.getConversation())));
        return reference.map(r -> ActivityMapper.hasThreads(r.getConversation())).orElse(true);
    }

    /**
     * Stores or replaces the reference of one conversation. UPDATE first and INSERT when there was
     * no row: the same SQL on H2 and PostgreSQL. Two first activities racing each other both write
     * an equally fresh reference, so the loser of the INSERT may do nothing.
     */
    void save(String tenantId, String conversationId, ConversationReference reference, Instant now) {
        save(tenantId, conversationId, null, reference, now);
    }

    /** As {@link #save(String, String, ConversationReference, Instant)}, noting the team a channel belongs to (when known). */
    void save(String tenantId, String conversationId, String teamId, ConversationReference reference, Instant now) {
        jdbi.useTransaction(h -> save(h, tenantId, conversationId, teamId, reference, now));
    }

    /** The same in the caller's transaction. */
    void save(Handle h, String tenantId, String conversationId, String teamId, ConversationReference reference, Instant now) {
        String json = write(reference);
        threads.put(tenantId + "\n" + conversationId, ActivityMapper.hasThreads(reference.getConversation()));
        int updated = h.createUpdate("""
                        UPDATE teams_conversation SET reference_json = :json, updated_at = :now, gone_at = NULL
                        WHERE tenant_id = :tenant AND conversation_id = :conversation""")
                .bind("tenant", tenantId).bind("conversation", conversationId)
                .bind("json", json).bind("now", now)
                .execute();
        if (updated == 0) {
            h.createUpdate("""
                            INSERT INTO teams_conversation (tenant_id, conversation_id, reference_json, updated_at)
                            VALUES (:tenant, :conversation, :json, :now)
                            ON CONFLICT DO NOTHING""")
                    .bind("tenant", tenantId).bind("conversation", conversationId)
                    .bind("json", json).bind("now", now)
                    .execute();
        }
        if (teamId != null && !teamId.isBlank() && teamId.length() <= 255) {
            h.createUpdate("UPDATE teams_conversation SET team_id = :team WHERE tenant_id = :tenant AND conversation_id = :conversation")
                    .bind("tenant", tenantId).bind("conversation", conversationId).bind("team", teamId)
                    .execute();
        }
    }

    /** Runs the given writes (the {@code Handle} variants here) in one transaction: one commit for an activity's bookkeeping. */
    void together(java.util.function.Consumer<Handle> writes) {
        jdbi.useTransaction(writes::accept);
    }

    /**
     * Leerkring was removed from the conversation: nothing is posted there any more (until an
     * activity from it shows it is back), and it will greet again when added again. The
     * reference and everything of the circle stay.
     */
    void markGone(String tenantId, String conversationId, Instant now) {
        markGone(tenantId, conversationId, null, now);
    }

    /** As {@link #markGone(String, String, Instant)}; removed from a team ({@code teamId} set), from every channel of it. */
    void markGone(String tenantId, String conversationId, String teamId, Instant now) {
        jdbi.useTransaction(h -> {
            h.createUpdate("""
                            UPDATE teams_conversation SET gone_at = :now, greeted_at = NULL
                            WHERE tenant_id = :tenant AND conversation_id = :conversation""")
                    .bind("tenant", tenantId).bind("conversation", conversationId).bind("now", now)
                    .execute();
            if (teamId != null && !teamId.isBlank()) {
                h.createUpdate("""
                                UPDATE teams_conversation SET gone_at = :now, greeted_at = NULL
                                WHERE tenant_id = :tenant AND team_id = :team""")
                        .bind("tenant", tenantId).bind("team", teamId).bind("now", now)
                        .execute();
            }
        });
    }

    boolean isGone(String tenantId, String conversationId) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT COUNT(*) FROM teams_conversation
                        WHERE tenant_id = :tenant AND conversation_id = :conversation AND gone_at IS NOT NULL""")
                .bind("tenant", tenantId).bind("conversation", conversationId)
                .mapTo(Integer.class).one()) > 0;
    }

    /** True once per stay in a conversation: the caller that gets true greets. */
    boolean claimGreeting(String tenantId, String conversationId, Instant now) {
        return jdbi.withHandle(h -> h.createUpdate("""
                        UPDATE teams_conversation SET greeted_at = :now
                        WHERE tenant_id = :tenant AND conversation_id = :conversation AND greeted_at IS NULL""")
                .bind("tenant", tenantId).bind("conversation", conversationId).bind("now", now)
                .execute()) == 1;
    }

    /** The greeting could not be sent: the next chance may try again. */
    void releaseGreeting(String tenantId, String conversationId) {
        jdbi.useHandle(h -> h.createUpdate("""
                        UPDATE teams_conversation SET greeted_at = NULL
                        WHERE tenant_id = :tenant AND conversation_id = :conversation""")
                .bind("tenant", tenantId).bind("conversation", conversationId)
                .execute());
    }

    /** The language of the circle in this Teams channel, when there is one. */
    Optional<String> circleLanguage(String tenantId, String channelId) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT language FROM circle WHERE platform = 'TEAMS' AND workspace_id = :tenant AND channel_id = :channel""")
                .bind("tenant", tenantId).bind("channel", channelId)
                .mapTo(String.class)
                .findOne());
    }

    /** The 1:1 chat of the bot with this member, when known. */
    Optional<String> chatWith(String tenantId, String userId) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT chat_id FROM teams_member WHERE tenant_id = :tenant AND user_id = :user AND chat_id IS NOT NULL""")
                .bind("tenant", tenantId).bind("user", userId)
                .mapTo(String.class)
                .findOne());
    }

    void rememberChat(String tenantId, String userId, String chatId, Instant now) {
        jdbi.useTransaction(h -> rememberChat(h, tenantId, userId, chatId, now));
    }

    void rememberChat(Handle h, String tenantId, String userId, String chatId, Instant now) {
        upsertMember(h, tenantId, userId, "chat_id", chatId, now);
    }

    void forgetChat(String tenantId, String userId) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE teams_member SET chat_id = NULL WHERE tenant_id = :tenant AND user_id = :user")
                .bind("tenant", tenantId).bind("user", userId)
                .execute());
    }

    /** The display name Teams last gave this member ({@code from.name}, a mention entity, its member list). */
    void rememberName(String tenantId, String userId, String name, Instant now) {
        jdbi.useTransaction(h -> rememberName(h, tenantId, userId, name, now));
    }

    void rememberName(Handle h, String tenantId, String userId, String name, Instant now) {
        if (name != null && !name.isBlank()) {
            upsertMember(h, tenantId, userId, "display_name", name.length() > 255 ? name.substring(0, 255) : name, now);
            h.createUpdate("UPDATE teams_member SET name_seen_at = :now WHERE tenant_id = :tenant AND user_id = :user")
                    .bind("tenant", tenantId).bind("user", userId).bind("now", now)
                    .execute();
        }
    }

    /** Of these members of the tenant, those whose name Teams gave at or after {@code since}. */
    java.util.Set<String> namedSince(String tenantId, java.util.Collection<String> userIds, Instant since) {
        if (userIds.isEmpty()) {
            return java.util.Set.of();
        }
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT user_id FROM teams_member
                        WHERE tenant_id = :tenant AND user_id IN (<users>) AND display_name IS NOT NULL AND name_seen_at >= :since""")
                .bind("tenant", tenantId).bindList("users", java.util.List.copyOf(userIds)).bind("since", since)
                .mapTo(String.class)
                .set());
    }

    Optional<String> nameOf(String tenantId, String userId) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT display_name FROM teams_member
                        WHERE tenant_id = :tenant AND user_id = :user AND display_name IS NOT NULL""")
                .bind("tenant", tenantId).bind("user", userId)
                .mapTo(String.class)
                .findOne());
    }

    /** UPDATE, then INSERT when there was no row, as {@link #save}; {@code column} is one of this class's own. */
    private static void upsertMember(Handle h, String tenantId, String userId, String column, String value, Instant now) {
        int updated = h.createUpdate("UPDATE teams_member SET " + column + " = :value, updated_at = :now"
                        + " WHERE tenant_id = :tenant AND user_id = :user")
                .bind("tenant", tenantId).bind("user", userId).bind("value", value).bind("now", now)
                .execute();
        if (updated == 0) {
            h.createUpdate("INSERT INTO teams_member (tenant_id, user_id, " + column + ", updated_at)"
                            + " VALUES (:tenant, :user, :value, :now) ON CONFLICT DO NOTHING")
                    .bind("tenant", tenantId).bind("user", userId).bind("value", value).bind("now", now)
                    .execute();
        }
    }

    /** The stored reference of a conversation Leerkring is still in, a fresh object the caller may change. */
    Optional<ConversationReference> find(String tenantId, String conversationId) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT reference_json FROM teams_conversation
                        WHERE tenant_id = :tenant AND conversation_id = :conversation AND gone_at IS NULL""")
                .bind("tenant", tenantId).bind("conversation", conversationId)
                .mapTo(String.class)
                .findOne())
                .map(ConversationStore::read);
    }

    /**
     * The most recently seen conversation of the tenant: what a direct message needs from it is
     * the connector's address and the bot's account, which are the same in every conversation.
     */
    Optional<ConversationReference> latestInTenant(String tenantId) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT reference_json FROM teams_conversation WHERE tenant_id = :tenant AND gone_at IS NULL
                        ORDER BY updated_at DESC LIMIT 1""")
                .bind("tenant", tenantId)
                .mapTo(String.class)
                .findOne())
                .map(ConversationStore::read);
    }

    private static String write(ConversationReference reference) {
        try {
            return Serialization.toString(reference);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Cannot write a conversation reference as JSON", e);
        }
    }

    private static ConversationReference read(String json) {
        try {
            return Serialization.safeGetAs(Serialization.jsonToTree(json), ConversationReference.class);
        } catch (IOException e) {
            throw new IllegalStateException("Stored conversation reference is not readable: " + e.getMessage(), e);
        }
    }
}
