package nl.leerkring.teams;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.microsoft.bot.schema.ConversationReference;
import com.microsoft.bot.schema.Serialization;
import java.io.IOException;
import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * The {@code teams_conversation} table: for every conversation the bot is in, the reference it
 * needs to post there later (service URL, conversation id and type, the bot's own account).
 */
final class ConversationStore {

    private final Jdbi jdbi;

    ConversationStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /**
     * Stores or replaces the reference of one conversation. UPDATE first and INSERT when there was
     * no row: the same SQL on H2 and PostgreSQL. Two first activities racing each other both write
     * an equally fresh reference, so the loser of the INSERT may do nothing.
     */
    void save(String tenantId, String conversationId, ConversationReference reference, Instant now) {
        String json = write(reference);
        jdbi.useTransaction(h -> {
            int updated = h.createUpdate("""
                            UPDATE teams_conversation SET reference_json = :json, updated_at = :now
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
        });
    }

    /** The stored reference, a fresh object the caller may change. */
    Optional<ConversationReference> find(String tenantId, String conversationId) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT reference_json FROM teams_conversation
                        WHERE tenant_id = :tenant AND conversation_id = :conversation""")
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
                        SELECT reference_json FROM teams_conversation WHERE tenant_id = :tenant
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
