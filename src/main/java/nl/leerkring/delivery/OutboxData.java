package nl.leerkring.delivery;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nl.leerkring.chat.OutgoingMessage;
import nl.leerkring.core.circle.Circle;
import nl.leerkring.core.command.CommandRegistry;
import nl.leerkring.core.feature.Feature;
import nl.leerkring.core.circle.Person;
import nl.leerkring.store.Json;
import org.jdbi.v3.core.Handle;

/**
 * The bot's own tables in the data rights: the outbox (messages to, or naming, a person) and
 * the seen event ids. It has no commands; it is in the list so that {@code /kring vergeet mij}
 * and {@code /kring kring opheffen} reach these tables too.
 */
public final class OutboxData implements Feature {

    /** How much of each message an export shows. */
    static final int EXPORT_CHARS = 300;

    @Override
    public String name() {
        return "outbox";
    }

    @Override
    public String bundle() {
        return "messages";
    }

    /**
     * The button sent when a form's trigger expired before it could open: the form its outbox
     * row holds opens again, with the new trigger of the press, for the person it was for alone.
     */
    @Override
    public void register(CommandRegistry registry) {
        registry.onChoice(nl.leerkring.core.command.Turn.REOPEN_FORM, (turn, value) -> {
            java.util.Optional<OutgoingMessage> row = value.matches("\\d{1,18}")
                    ? Outbox.formFor(turn.handle(), turn.event().platform(), turn.event().where().workspaceId(), turn.userId(),
                            Long.parseLong(value))
                    : java.util.Optional.empty();
            row.ifPresentOrElse(m -> turn.openForm(m.form()), () -> turn.tell(turn.text("form.gone")));
        });
    }

    private record Stored(long id, String conversationKey, String payload, String status, String anchorKey, String createdAt) {
        boolean concerns(Person person) {
            return conversationKey.endsWith("|" + person.userId()) || payload.contains("\"" + person.userId() + "\"")
                    || payload.contains("<@" + person.userId() + ">");
        }
    }

    private static List<Stored> stored(Handle handle, Person person) {
        return handle.createQuery("""
                        SELECT id, conversation_key, payload, status, anchor_key, created_at FROM outbox
                        WHERE platform = :platform AND workspace_id = :workspace ORDER BY id""")
                .bind("platform", person.platform().name()).bind("workspace", person.workspaceId())
                .map((rs, ctx) -> new Stored(rs.getLong("id"), rs.getString("conversation_key"), rs.getString("payload"),
                        rs.getString("status"), rs.getString("anchor_key"), rs.getTimestamp("created_at").toInstant().toString()))
                .list();
    }

    /** The messages kept that went to them or name them: when, whether delivered, and the start of the text. */
    @Override
    public Map<String, List<Map<String, Object>>> export(Handle handle, Person person) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Stored s : stored(handle, person)) {
            if (s.concerns(person) && !"{}".equals(s.payload())) {
                String text = Json.read(s.payload(), OutgoingMessage.class).plainText();
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("created_at", s.createdAt());
                row.put("status", s.status());
                row.put("text", text.length() > EXPORT_CHARS ? text.substring(0, EXPORT_CHARS) + "…" : text);
                rows.add(row);
            }
        }
        return Map.of("outbox", rows);
    }

    /**
     * Messages to them go; messages that name them go too, except the start message of a thread
     * that was delivered, which keeps its platform id (so replies still find their thread) without its text.
     */
    @Override
    public Map<String, Integer> erase(Handle handle, Person person) {
        int messages = 0;
        for (Stored s : stored(handle, person)) {
            if (!s.concerns(person)) {
                continue;
            }
            boolean threadStart = s.anchorKey() != null && !OutgoingMessage.onlyReplaced(s.anchorKey())
                    && Outbox.SENT.equals(s.status());
            messages += handle.createUpdate(threadStart ? "UPDATE outbox SET payload = '{}' WHERE id = :id" : "DELETE FROM outbox WHERE id = :id")
                    .bind("id", s.id()).execute();
        }
        // event ids are stored as keyed hashes; rows written before that may still hold the key itself
        int events = handle.createUpdate("DELETE FROM inbound_event WHERE platform = :platform AND POSITION(:user IN event_key) > 0")
                .bind("platform", person.platform().name()).bind("user", person.userId()).execute();
        // a private conversation's pacing bucket is named by its key, which holds the receiver's id
        int buckets = handle.createUpdate("DELETE FROM delivery_bucket WHERE POSITION(:user IN id) > 0")
                .bind("user", person.userId()).execute();
        // so is the place in the delivery queue of a private conversation with nothing left to send
        int queued = Outbox.dropFromQueue(handle, person.userId());
        Map<String, Integer> erased = new LinkedHashMap<>();
        erased.put("messages", messages);
        erased.put("delivery queue", queued);
        erased.put("event ids", events);
        erased.put("pacing buckets", buckets);
        return erased;
    }

    /** Every message of the circle's channel (its threads, and what was shown there to one member). */
    @Override
    public Map<String, Integer> deleteCircle(Handle handle, Circle circle) {
        String prefix = circle.platform() + "|" + circle.workspaceId() + "|" + circle.channelId() + "|";
        int messages = handle.createUpdate("""
                        DELETE FROM outbox WHERE platform = :platform AND workspace_id = :workspace
                          AND POSITION(:prefix IN conversation_key) = 1""")
                .bind("platform", circle.platform().name()).bind("workspace", circle.workspaceId()).bind("prefix", prefix)
                .execute();
        handle.createUpdate("DELETE FROM outbox_queue WHERE POSITION(:prefix IN conversation_key) = 1")
                .bind("prefix", prefix).execute();
        return Map.of("messages", messages);
    }
}
