package nl.leerkring.teams;

import com.microsoft.bot.builder.BotFrameworkAdapter;
import com.microsoft.bot.builder.TurnContext;
import com.microsoft.bot.builder.teams.TeamsInfo;
import com.microsoft.bot.schema.ConversationReference;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import nl.leerkring.chat.Form;
import nl.leerkring.chat.OutgoingMessage;
import nl.leerkring.core.Mentions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The display names of the members a message names. Teams gives a name with every activity
 * ({@code from.name}, mention entities), which {@link TeamsBot} remembers; a member the bot knows
 * only by id (added by someone else, never written), or whose name is older than {@link #MAX_AGE},
 * is looked up in the conversation's member list ({@code GET /v3/conversations/{id}/members/{memberId}}
 * through {@code TeamsInfo.getMember}) before the message goes, and remembered per tenant. Of
 * Teams' answer only the name is kept. A member Teams does not know there is not asked about again
 * for {@link #RETRY_AFTER}; until then the message shows a short form of the id.
 */
final class MemberNames {

    /** How long a name Teams gave is shown without asking again: names change seldom. */
    static final Duration MAX_AGE = Duration.ofDays(7);
    /** How long a member Teams could not name here is not asked about again (on this server). */
    static final Duration RETRY_AFTER = Duration.ofHours(1);
    /** The most a send waits for names; then the message goes with what is known. */
    private static final long TIMEOUT_SECONDS = 4;

    private static final Logger log = LoggerFactory.getLogger(MemberNames.class);

    private final ConversationStore store;
    private final Clock clock;
    private final Map<String, Instant> failed = new ConcurrentHashMap<>();

    MemberNames(ConversationStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** The users a message mentions ({@code <@id>} in its title, text, fields, choices and form). */
    static Set<String> mentionedIn(OutgoingMessage message) {
        StringBuilder all = new StringBuilder();
        all.append(message.title()).append('\n').append(message.text());
        message.fields().forEach(f -> all.append('\n').append(f.label()).append('\n').append(f.value()));
        message.choices().forEach(c -> all.append('\n').append(c.label()));
        if (message.form() != null) {
            all.append('\n').append(textOf(message.form()));
        }
        return idsIn(all.toString());
    }

    /** The users a form mentions (in its title, labels and pick lists). */
    static Set<String> mentionedIn(Form form) {
        return idsIn(textOf(form));
    }

    private static String textOf(Form form) {
        StringBuilder all = new StringBuilder(form.title());
        for (Form.FormField field : form.fields()) {
            all.append('\n').append(field.label());
            field.options().forEach(o -> all.append('\n').append(o.label()));
        }
        return all.toString();
    }

    private static Set<String> idsIn(String text) {
        Set<String> ids = new LinkedHashSet<>();
        Mentions.replace(text, id -> {
            ids.add(id);
            return "";
        });
        return ids;
    }

    /**
     * The names to show for the users {@code message} mentions, posting through {@code reference}:
     * those without a fresh name are first looked up in a proactive turn there.
     */
    Map<String, String> forMessage(BotFrameworkAdapter adapter, String appId, ConversationReference reference, String tenantId,
                                   OutgoingMessage message) {
        Set<String> ids = mentionedIn(message);
        List<String> unknown = toLookUp(tenantId, ids);
        if (!unknown.isEmpty()) {
            try {
                adapter.continueConversation(appId, reference, turn -> lookUp(turn, tenantId, unknown))
                        .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException | RuntimeException e) {
                log.warn("Could not look up {} Teams member name(s): {}", unknown.size(), e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return known(tenantId, ids);
    }

    /** Of these users, those to ask Teams about: no name, or one older than {@link #MAX_AGE}, and not refused lately. */
    List<String> toLookUp(String tenantId, Collection<String> userIds) {
        Instant now = clock.instant();
        Set<String> fresh = store.namedSince(tenantId, userIds, now.minus(MAX_AGE));
        return userIds.stream()
                .filter(id -> !fresh.contains(id))
                .filter(id -> {
                    Instant at = failed.get(tenantId + "\n" + id);
                    return at == null || at.plus(RETRY_AFTER).isBefore(now);
                })
                .toList();
    }

    /** Asks Teams for each user's name in the turn's conversation and remembers it; one that fails is left out. */
    CompletableFuture<Void> lookUp(TurnContext turn, String tenantId, Collection<String> userIds) {
        CompletableFuture<?>[] each = userIds.stream()
                .map(id -> ask(turn, id).handle((member, error) -> {
                    if (error == null && member != null && member.getName() != null && !member.getName().isBlank()) {
                        store.rememberName(tenantId, id, member.getName(), clock.instant());
                        failed.remove(tenantId + "\n" + id);
                    } else {
                        failed.put(tenantId + "\n" + id, clock.instant());
                        log.info("Teams gave no name for a member: {}", error == null ? "no name in the answer" : error.toString());
                    }
                    return null;
                }))
                .toArray(CompletableFuture[]::new);
        return CompletableFuture.allOf(each);
    }

    private static CompletableFuture<com.microsoft.bot.schema.teams.TeamsChannelAccount> ask(TurnContext turn, String userId) {
        try {
            return TeamsInfo.getMember(turn, userId);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** The remembered names of these users, as a mention can show them (no angle brackets). */
    Map<String, String> known(String tenantId, Collection<String> userIds) {
        Map<String, String> names = new HashMap<>();
        for (String id : userIds) {
            store.nameOf(tenantId, id).map(n -> n.replace("<", "").replace(">", "").strip())
                    .filter(n -> !n.isEmpty()).ifPresent(n -> names.put(id, n));
        }
        return names;
    }
}
