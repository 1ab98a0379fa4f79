package nl.leerkring.teams;

import java.util.List;
import java.util.Map;
import nl.leerkring.chat.Platform;
import nl.leerkring.core.circle.Circle;
import nl.leerkring.core.command.CommandRegistry;
import nl.leerkring.core.feature.Feature;
import nl.leerkring.core.feature.PersonalData;
import nl.leerkring.core.circle.Person;
import org.jdbi.v3.core.Handle;

/**
 * Teams' conversation references in the data rights: a 1:1 chat's reference holds the member's
 * id; a channel's holds none. Wired by the composition root next to the features, so that the
 * core knows nothing of Teams.
 */
public final class ConversationData implements Feature {

    @Override
    public String name() {
        return "teams";
    }

    @Override
    public String bundle() {
        return "messages";
    }

    @Override
    public void register(CommandRegistry registry) {
    }

    @Override
    public Map<String, List<Map<String, Object>>> export(Handle handle, Person person) {
        if (person.platform() != Platform.TEAMS) {
            return Map.of();
        }
        return Map.of("teams_conversation", PersonalData.rows(handle, """
                        SELECT conversation_id, updated_at FROM teams_conversation
                        WHERE tenant_id = :workspace AND POSITION(:user IN reference_json) > 0""", person),
                "teams_member", PersonalData.rows(handle, """
                        SELECT display_name, name_seen_at, chat_id, updated_at FROM teams_member
                        WHERE tenant_id = :workspace AND user_id = :user""", person));
    }

    /** Their 1:1 chat's reference and their remembered name go; the bot can no longer write to them unless they write first. */
    @Override
    public Map<String, Integer> erase(Handle handle, Person person) {
        if (person.platform() != Platform.TEAMS) {
            return Map.of();
        }
        return Map.of("teams conversations", PersonalData.update(handle,
                        "DELETE FROM teams_conversation WHERE tenant_id = :workspace AND POSITION(:user IN reference_json) > 0", person),
                "teams members", PersonalData.update(handle,
                        "DELETE FROM teams_member WHERE tenant_id = :workspace AND user_id = :user", person));
    }

    @Override
    public Map<String, Integer> deleteCircle(Handle handle, Circle circle) {
        if (circle.platform() != Platform.TEAMS) {
            return Map.of();
        }
        return Map.of("teams conversations", handle.createUpdate(
                        "DELETE FROM teams_conversation WHERE tenant_id = :tenant AND conversation_id = :channel")
                .bind("tenant", circle.workspaceId()).bind("channel", circle.channelId()).execute());
    }
}
