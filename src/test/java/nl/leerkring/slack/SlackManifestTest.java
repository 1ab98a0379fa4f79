package nl.leerkring.slack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The Slack manifest asks for what the code uses and nothing more: every Web API method the
 * {@code slack} package calls and every event it listens for, each with the scopes Slack's
 * documentation lists for it, make up the manifest's bot scopes and bot events exactly. A
 * method or listener added without its scope, or a scope left behind, fails here.
 */
class SlackManifestTest {

    private static final Path MANIFEST = Path.of("manifests/slack/manifest.yaml");
    private static final Path SLACK_CODE = Path.of("src/main/java/nl/leerkring/slack");

    /** The Web API methods (as the Java client names them) and the bot scopes each needs, per Slack's method pages. */
    private static final Map<String, Set<String>> METHOD_SCOPES = Map.ofEntries(
            Map.entry("chatPostMessage", Set.of("chat:write")),
            Map.entry("chatPostEphemeral", Set.of("chat:write")),
            Map.entry("chatUpdate", Set.of("chat:write")),
            // in whichever kind of conversation /kring is typed or a button is pressed
            Map.entry("conversationsInfo", Set.of("channels:read", "groups:read", "im:read", "mpim:read")),
            Map.entry("conversationsHistory", Set.of("channels:history", "groups:history", "im:history")),
            Map.entry("conversationsReplies", Set.of("channels:history", "groups:history", "im:history")),
            Map.entry("conversationsOpen", Set.of("im:write")),
            Map.entry("usersInfo", Set.of("users:read")),
            Map.entry("filesUploadV2", Set.of("files:write")),
            Map.entry("viewsOpen", Set.of()),
            Map.entry("viewsPublish", Set.of()));

    /** The Bolt event classes listened for, the manifest's bot events that deliver them, and their scopes. */
    private static final Map<String, Map<String, String>> EVENT_SUBSCRIPTIONS = Map.of(
            "AppMentionEvent", Map.of("app_mention", "app_mentions:read"),
            // a case's thread in a public or private channel, and the app's Messages tab
            "MessageEvent", Map.of("message.channels", "channels:history", "message.groups", "groups:history",
                    "message.im", "im:history"),
            "MessageThreadBroadcastEvent", Map.of("message.channels", "channels:history", "message.groups", "groups:history"),
            "MessageFileShareEvent", Map.of("message.channels", "channels:history", "message.groups", "groups:history"),
            // an edited or deleted thread reply: subtypes of the same message events
            "MessageChangedEvent", Map.of("message.channels", "channels:history", "message.groups", "groups:history"),
            "MessageDeletedEvent", Map.of("message.channels", "channels:history", "message.groups", "groups:history"),
            "AppHomeOpenedEvent", Map.of("app_home_opened", ""));

    private static final Pattern CALL = Pattern.compile("\\.((?:chat|conversations|users|views|files|reactions|pins|team|usergroups|bookmarks)[A-Z][A-Za-z0-9]*)\\(");
    private static final Pattern LISTENER = Pattern.compile("app\\.event\\(([A-Za-z]+)\\.class");

    @Test
    void theManifestAsksForExactlyWhatTheCodeUses() throws IOException {
        Set<String> methods = new TreeSet<>();
        Set<String> listeners = new TreeSet<>();
        boolean command = false;
        try (Stream<Path> files = Files.list(SLACK_CODE)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String code = Files.readString(file);
                find(CALL, code, methods);
                find(LISTENER, code, listeners);
                command |= code.contains("app.command(\"/kring\"");
            }
        }
        assertTrue(methods.contains("chatPostMessage") && listeners.contains("MessageEvent"), methods + " " + listeners);

        Set<String> scopes = new TreeSet<>();
        Set<String> events = new TreeSet<>();
        for (String method : methods) {
            assertTrue(METHOD_SCOPES.containsKey(method), "the code calls " + method + ": add its scopes from Slack's docs here");
            scopes.addAll(METHOD_SCOPES.get(method));
        }
        for (String listener : listeners) {
            assertTrue(EVENT_SUBSCRIPTIONS.containsKey(listener), "the code listens for " + listener + ": add its events here");
            EVENT_SUBSCRIPTIONS.get(listener).forEach((event, scope) -> {
                events.add(event);
                if (!scope.isEmpty()) {
                    scopes.add(scope);
                }
            });
        }
        if (command) {
            scopes.add("commands");
        }

        JsonNode manifest = new ObjectMapper(new YAMLFactory()).readTree(MANIFEST.toFile());
        assertEquals(scopes, strings(manifest.path("oauth_config").path("scopes").path("bot")), "bot scopes");
        assertEquals(events, strings(manifest.path("settings").path("event_subscriptions").path("bot_events")), "bot events");
        assertEquals(command, manifest.path("features").path("slash_commands").findValuesAsText("command").contains("/kring"));
        assertTrue(manifest.path("features").path("app_home").path("messages_tab_enabled").asBoolean()
                && !manifest.path("features").path("app_home").path("messages_tab_read_only_enabled").asBoolean(),
                "the Messages tab is open for typing: what is typed there is answered");
    }

    private static void find(Pattern pattern, String code, Set<String> into) {
        Matcher m = pattern.matcher(code);
        while (m.find()) {
            into.add(m.group(1));
        }
    }

    private static Set<String> strings(JsonNode array) {
        Set<String> values = new TreeSet<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }
}
