package nl.leerkring.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Requests as Slack sends them to {@code /slack/events}: the bodies of a slash command, Events
 * API callbacks (app mention, channel or thread message, App Home opened), a button press (in a
 * message or on the Home tab) and a modal submission, signed the way Slack signs them
 * ({@code X-Slack-Signature: v0=hex(HMAC-SHA256(secret, "v0:" + timestamp + ":" + body))}).
 */
public final class SlackRequests {

    public static final String FORM = "application/x-www-form-urlencoded";
    public static final String JSON = "application/json";
    public static final String APP_ID = "A0LEERKRING";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final URI endpoint;
    private final String signingSecret;

    public SlackRequests(URI endpoint, String signingSecret) {
        this.endpoint = endpoint;
        this.signingSecret = signingSecret;
    }

    /** A request signed now. */
    public HttpRequest.Builder signed(String contentType, String body) {
        return signedAt(Instant.now(), contentType, body);
    }

    /** A request signed correctly, but as if sent at {@code when} (a stale one when long ago). */
    public HttpRequest.Builder signedAt(Instant when, String contentType, String body) {
        long ts = when.getEpochSecond();
        return unsigned(contentType, body)
                .header("X-Slack-Request-Timestamp", Long.toString(ts))
                .header("X-Slack-Signature", signature(signingSecret, ts, body));
    }

    /** A request without Slack's headers. */
    public HttpRequest.Builder unsigned(String contentType, String body) {
        return HttpRequest.newBuilder(endpoint)
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    }

    public static String signature(String secret, long timestamp, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] digest = mac.doFinal(("v0:" + timestamp + ":" + body).getBytes(StandardCharsets.UTF_8));
            return "v0=" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The form body of {@code /kring <text>}, with a fresh trigger_id (as every real invocation has). */
    public static String slashCommand(String team, String channel, String user, String text) {
        return slashCommand(team, channel, user, text, newTrigger());
    }

    /** A fresh trigger id, as Slack gives every slash command and interaction. */
    public static String newTrigger() {
        return "trig." + UUID.randomUUID();
    }

    /** The same with a given trigger_id, to find the modal opened with it. */
    public static String slashCommand(String team, String channel, String user, String text, String triggerId) {
        return slashCommand(team, channel, user, text, triggerId,
                "https://hooks.slack.com/commands/" + team + "/1/" + UUID.randomUUID());
    }

    /** The same with a given response_url (one on the fake Slack, to see what is posted to it). */
    public static String slashCommand(String team, String channel, String user, String text, String triggerId,
                                      String responseUrl) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("token", "legacy-verification-token");
        form.put("team_id", team);
        form.put("team_domain", "x");
        form.put("channel_id", channel);
        form.put("channel_name", "kring");
        form.put("user_id", user);
        form.put("user_name", user.toLowerCase());
        form.put("command", "/kring");
        form.put("text", text);
        form.put("api_app_id", APP_ID);
        form.put("trigger_id", triggerId);
        form.put("response_url", responseUrl);
        return form(form);
    }

    /** The JSON body of an Events API {@code app_mention} callback. */
    public static String appMention(String eventId, String team, String channel, String user, String text) {
        String ts = "1700000000.000200";
        return """
                {"token":"legacy-verification-token","team_id":"%s","api_app_id":"%s","type":"event_callback",
                 "event_id":"%s","event_time":1700000000,
                 "event":{"type":"app_mention","user":"%s","text":"%s","ts":"%s","channel":"%s","event_ts":"%s"}}"""
                .formatted(team, APP_ID, eventId, user, json(text), ts, channel, ts);
    }

    /**
     * The form body of a {@code block_actions} interaction: the user pressed the button with this
     * action id and value in an (ephemeral) message in the channel.
     */
    public static String buttonPress(String team, String channel, String user, String actionId, String value) {
        return buttonPress(team, channel, user, actionId, value, "1700000000.000300", null, true, newTrigger());
    }

    /**
     * A {@code block_actions} interaction on the message with {@code messageTs}, which is in the
     * thread of {@code threadTs} (null: not in a thread), as Slack sends it: the container names
     * the message and its thread.
     */
    public static String buttonPress(String team, String channel, String user, String actionId, String value,
                                     String messageTs, String threadTs, boolean ephemeral, String triggerId) {
        return buttonPress(team, channel, user, actionId, value, messageTs, threadTs, ephemeral, triggerId,
                "https://hooks.slack.com/actions/" + team + "/1/x");
    }

    /** The same with a given response_url (one on the fake Slack, to see what is posted to it). */
    public static String buttonPress(String team, String channel, String user, String actionId, String value,
                                     String messageTs, String threadTs, boolean ephemeral, String triggerId, String responseUrl) {
        ObjectNode payload = blockActions(team, user, triggerId);
        payload.put("response_url", responseUrl);
        ObjectNode container = payload.putObject("container").put("type", "message").put("message_ts", messageTs)
                .put("channel_id", channel).put("is_ephemeral", ephemeral);
        if (threadTs != null) {
            container.put("thread_ts", threadTs);
        }
        payload.putObject("channel").put("id", channel).put("name", "kring");
        return pressed(payload, actionId, "b1", value);
    }

    /** A {@code block_actions} interaction on the user's App Home tab: a view container, no channel and no response_url. */
    public static String homeButtonPress(String team, String user, String actionId, String value) {
        ObjectNode payload = blockActions(team, user, newTrigger());
        payload.putObject("container").put("type", "view").put("view_id", "VHOME");
        payload.putObject("view").put("id", "VHOME").put("type", "home").put("team_id", team);
        return pressed(payload, actionId, "b", value);
    }

    private static ObjectNode blockActions(String team, String user, String triggerId) {
        ObjectNode payload = MAPPER.createObjectNode();
        payload.put("type", "block_actions").put("api_app_id", APP_ID).put("token", "legacy-verification-token")
                .put("trigger_id", triggerId);
        payload.putObject("team").put("id", team).put("domain", "x");
        payload.putObject("user").put("id", user).put("username", user.toLowerCase()).put("team_id", team);
        return payload;
    }

    private static String pressed(ObjectNode payload, String actionId, String blockId, String value) {
        ObjectNode action = payload.putArray("actions").addObject().put("type", "button").put("action_id", actionId)
                .put("block_id", blockId).put("value", value).put("action_ts", actionTs());
        action.putObject("text").put("type", "plain_text").put("text", "knop");
        return form(Map.of("payload", payload.toString()));
    }

    /** The JSON body of an Events API {@code app_home_opened} callback: {@code user} opened the app's Home tab. */
    public static String appHomeOpened(String eventId, String team, String user) {
        ObjectNode body = eventCallback(eventId, team);
        body.putObject("event").put("type", "app_home_opened").put("user", user).put("channel", "D" + user)
                .put("tab", "home").put("event_ts", "1700000000.000100");
        return body.toString();
    }

    private static ObjectNode eventCallback(String eventId, String team) {
        ObjectNode body = MAPPER.createObjectNode();
        body.put("token", "legacy-verification-token").put("team_id", team).put("api_app_id", APP_ID)
                .put("type", "event_callback").put("event_id", eventId).put("event_time", 1700000000);
        return body;
    }

    /** The JSON body of an Events API {@code message} callback: a user's message, in a thread when {@code threadTs} is set. */
    public static String message(String eventId, String team, String channel, String user, String text, String ts,
                                 String threadTs) {
        ObjectNode body = eventCallback(eventId, team);
        ObjectNode event = body.putObject("event").put("type", "message").put("channel", channel).put("user", user)
                .put("text", text).put("ts", ts).put("event_ts", ts).put("channel_type", "channel");
        if (threadTs != null) {
            event.put("thread_ts", threadTs);
        }
        return body.toString();
    }

    /**
     * A {@code message} a person wrote in the app's Messages tab, as Slack's {@code message.im}
     * event sends it: {@code channel_type: im}, the DM's D id, the text also as a rich_text
     * block, and the envelope with {@code authorizations} and {@code context_team_id}.
     */
    public static String directMessage(String eventId, String team, String user, String text, String ts) {
        ObjectNode body = eventCallback(eventId, team);
        ObjectNode event = body.putObject("event").put("type", "message").put("user", user).put("text", text).put("ts", ts)
                .put("client_msg_id", UUID.randomUUID().toString()).put("team", team);
        ObjectNode block = event.putArray("blocks").addObject().put("type", "rich_text").put("block_id", "Bq2Dn");
        block.putArray("elements").addObject().put("type", "rich_text_section")
                .putArray("elements").addObject().put("type", "text").put("text", text);
        event.put("channel", FakeSlackApi.directChannelOf(user)).put("event_ts", ts).put("channel_type", "im");
        envelopeOf(body, team, team, false);
        return body.toString();
    }

    /**
     * A {@code message} the app itself posted in a DM, as Slack echoes it to {@code message.im}:
     * with the app's {@code bot_id} and its bot user.
     */
    public static String ownDirectMessage(String eventId, String team, String user, String text, String ts) {
        ObjectNode body = eventCallback(eventId, team);
        body.putObject("event").put("type", "message").put("user", FakeSlackApi.BOT_USER_ID).put("bot_id", "B1")
                .put("app_id", APP_ID).put("text", text).put("ts", ts).put("team", team)
                .put("channel", FakeSlackApi.directChannelOf(user)).put("event_ts", ts).put("channel_type", "im");
        envelopeOf(body, team, team, false);
        return body.toString();
    }

    /**
     * An {@code app_mention} by a person from another organisation in a Slack Connect channel, as
     * the app installed in {@code installedIn} gets it: the envelope's {@code team_id} is the
     * person's workspace, {@code context_team_id} and the one {@code authorizations} entry the
     * installation's, {@code is_ext_shared_channel} true; the event names the person's team
     * ({@code team}, {@code user_team}, {@code source_team}).
     */
    public static String sharedChannelMention(String eventId, String userTeam, String installedIn, String channel, String user,
                                              String text, String ts) {
        ObjectNode body = eventCallback(eventId, userTeam);
        body.putObject("event").put("type", "app_mention").put("user", user).put("text", text).put("ts", ts)
                .put("client_msg_id", UUID.randomUUID().toString()).put("team", userTeam).put("user_team", userTeam)
                .put("source_team", userTeam).put("channel", channel).put("event_ts", ts);
        envelopeOf(body, installedIn, installedIn, true);
        return body.toString();
    }

    /** The envelope's fields of the app's installation: {@code authorizations}, {@code context_team_id} and so on. */
    private static void envelopeOf(ObjectNode body, String installedIn, String contextTeam, boolean extShared) {
        body.putArray("authorizations").addObject().putNull("enterprise_id").put("team_id", installedIn)
                .put("user_id", FakeSlackApi.BOT_USER_ID).put("is_bot", true).put("is_enterprise_install", false);
        body.put("is_ext_shared_channel", extShared).put("event_context", "4-eyJldCI6Im1lc3NhZ2UifQ")
                .put("context_team_id", contextTeam).putNull("context_enterprise_id");
    }

    /**
     * An {@code app_mention} in a thread, as Slack sends it alongside the {@code message} event
     * of the same message (same ts, its own event id).
     */
    public static String appMentionInThread(String eventId, String team, String channel, String user, String text,
                                            String ts, String threadTs) {
        ObjectNode body = eventCallback(eventId, team);
        body.putObject("event").put("type", "app_mention").put("user", user).put("text", text).put("ts", ts)
                .put("client_msg_id", UUID.randomUUID().toString()).put("team", team).put("thread_ts", threadTs)
                .put("parent_user_id", FakeSlackApi.BOT_USER_ID).put("channel", channel).put("event_ts", ts);
        return body.toString();
    }

    /**
     * A {@code message} with {@code subtype: thread_broadcast}: a thread reply the user also sent
     * to the channel ("Also send to #channel"); {@code root} is the thread's first message.
     */
    public static String threadBroadcast(String eventId, String team, String channel, String user, String text,
                                         String ts, String threadTs) {
        ObjectNode body = eventCallback(eventId, team);
        ObjectNode event = body.putObject("event").put("type", "message").put("subtype", "thread_broadcast")
                .put("text", text).put("user", user).put("ts", ts).put("thread_ts", threadTs)
                .put("client_msg_id", UUID.randomUUID().toString());
        event.putObject("root").put("type", "message").put("subtype", "bot_message").put("text", "casus")
                .put("ts", threadTs).put("bot_id", "B1").put("thread_ts", threadTs).put("reply_count", 3);
        event.put("channel", channel).put("event_ts", ts).put("channel_type", "channel");
        return body.toString();
    }

    /** A {@code message} with {@code subtype: file_share}: a file with a comment, in a thread when {@code threadTs} is set. */
    public static String fileShare(String eventId, String team, String channel, String user, String text, String ts,
                                   String threadTs) {
        ObjectNode body = eventCallback(eventId, team);
        ObjectNode event = body.putObject("event").put("type", "message").put("subtype", "file_share").put("text", text);
        event.putArray("files").addObject().put("id", "F0FILE").put("created", 1700000000).put("timestamp", 1700000000)
                .put("name", "schema.png").put("title", "schema.png").put("mimetype", "image/png").put("filetype", "png")
                .put("user", user).put("size", 1234).put("mode", "hosted").put("is_external", false)
                .put("url_private", "https://files.slack.com/files-pri/T1-F0FILE/schema.png");
        event.put("upload", false).put("user", user).put("display_as_bot", false).put("ts", ts);
        if (threadTs != null) {
            event.put("thread_ts", threadTs);
        }
        event.put("channel", channel).put("event_ts", ts).put("channel_type", "channel");
        return body.toString();
    }

    /** A {@code message} with {@code subtype: message_changed}: the user edited the message with ts {@code ts}. */
    public static String messageChanged(String eventId, String team, String channel, String user, String newText,
                                        String ts, String threadTs) {
        ObjectNode body = eventCallback(eventId, team);
        ObjectNode event = body.putObject("event").put("type", "message").put("subtype", "message_changed").put("hidden", true);
        ObjectNode message = event.putObject("message").put("type", "message").put("user", user).put("text", newText)
                .put("ts", ts).put("thread_ts", threadTs);
        message.putObject("edited").put("user", user).put("ts", "1800000999.000100");
        event.putObject("previous_message").put("type", "message").put("user", user).put("text", "oud").put("ts", ts)
                .put("thread_ts", threadTs);
        event.put("channel", channel).put("event_ts", "1800000999.000100").put("ts", "1800000999.000100")
                .put("channel_type", "channel");
        return body.toString();
    }

    /** A {@code message} with {@code subtype: message_deleted}: the message with ts {@code deletedTs} is gone. */
    public static String messageDeleted(String eventId, String team, String channel, String deletedTs, String threadTs) {
        return messageDeleted(eventId, team, channel, deletedTs, threadTs, "UALICE");
    }

    /** The same, of a message {@code author} wrote. */
    public static String messageDeleted(String eventId, String team, String channel, String deletedTs, String threadTs,
                                        String author) {
        ObjectNode body = eventCallback(eventId, team);
        ObjectNode event = body.putObject("event").put("type", "message").put("subtype", "message_deleted").put("hidden", true)
                .put("channel", channel).put("ts", "1800000998.000100").put("deleted_ts", deletedTs)
                .put("event_ts", "1800000998.000100");
        event.putObject("previous_message").put("type", "message").put("user", author).put("text", "weg")
                .put("ts", deletedTs).put("thread_ts", threadTs);
        event.put("channel_type", "channel");
        return body.toString();
    }

    /**
     * The form body of a {@code view_submission}: the user submitted the modal {@code view} (as
     * the app sent it to views.open) with these answers by block id, shaped as Slack shapes
     * {@code state.values}: an input with options answers with the option of that value, a
     * datepicker with {@code selected_date} (the answer must be YYYY-MM-DD), a timepicker with
     * {@code selected_time} (HH:mm), a users_select with {@code selected_user}, a
     * multi_users_select with {@code selected_users} (ids separated by spaces), any other with typed text.
     */
    public static String viewSubmission(String team, String user, String viewId, JsonNode view, Map<String, String> answers) {
        ObjectNode payload = MAPPER.createObjectNode();
        payload.put("type", "view_submission").put("api_app_id", APP_ID).put("token", "legacy-verification-token")
                .put("trigger_id", newTrigger());
        payload.putObject("team").put("id", team).put("domain", "x");
        payload.putObject("user").put("id", user).put("username", user.toLowerCase()).put("name", user.toLowerCase())
                .put("team_id", team);
        ObjectNode submitted = view.deepCopy();
        submitted.put("id", viewId).put("team_id", team).put("app_id", APP_ID).put("hash", viewId + ".h");
        ObjectNode values = submitted.putObject("state").putObject("values");
        for (JsonNode block : view.path("blocks")) {
            String blockId = block.path("block_id").asText();
            JsonNode element = block.path("element");
            String answer = answers.get(blockId);
            if (answer == null) {
                continue;
            }
            ObjectNode value = values.putObject(blockId).putObject(element.path("action_id").asText());
            String type = element.path("type").asText();
            if (PICKED.containsKey(type)) {
                // Slack's pickers give back what was picked, in their own format
                if (!PICKABLE.get(type).matcher(answer).matches()) {
                    throw new IllegalArgumentException("a " + type + " cannot give " + answer + " in block " + blockId);
                }
                if (type.equals("multi_users_select")) {
                    ArrayNode users = value.put("type", type).putArray(PICKED.get(type));
                    for (String u : answer.split(" ")) {
                        users.add(u);
                    }
                } else {
                    value.put("type", type).put(PICKED.get(type), answer);
                }
            } else if (element.has("options")) {
                JsonNode option = null;
                for (JsonNode o : element.path("options")) {
                    if (o.path("value").asText().equals(answer)) {
                        option = o;
                    }
                }
                if (option == null) {
                    throw new IllegalArgumentException("no option " + answer + " in block " + blockId + ": " + element);
                }
                value.put("type", element.path("type").asText()).set("selected_option", option);
            } else {
                value.put("type", "plain_text_input").put("value", answer);
            }
        }
        payload.set("view", submitted);
        payload.putArray("response_urls");
        return form(Map.of("payload", payload.toString()));
    }

    /** Where each of Slack's pickers puts the picked value in {@code view.state.values}. */
    private static final Map<String, String> PICKED = Map.of("datepicker", "selected_date", "timepicker", "selected_time",
            "users_select", "selected_user", "multi_users_select", "selected_users");
    /** What each picker can give: a date YYYY-MM-DD, a time HH:mm, user ids. */
    private static final Map<String, java.util.regex.Pattern> PICKABLE = Map.of(
            "datepicker", java.util.regex.Pattern.compile("\\d{4}-\\d{2}-\\d{2}"),
            "timepicker", java.util.regex.Pattern.compile("\\d{2}:\\d{2}"),
            "users_select", java.util.regex.Pattern.compile("[UW][A-Z0-9]+"),
            "multi_users_select", java.util.regex.Pattern.compile("[UW][A-Z0-9]+( [UW][A-Z0-9]+)*"));

    /** The same, with the view as the JSON text the bot passed to views.open. */
    public static String viewSubmission(String team, String user, String viewId, String view, Map<String, String> answers) {
        try {
            return viewSubmission(team, user, viewId, MAPPER.readTree(view), answers);
        } catch (IOException e) {
            throw new IllegalArgumentException("not a view: " + view, e);
        }
    }

    private static String actionTs() {
        Instant now = Instant.now();
        return now.getEpochSecond() + "." + String.format("%06d", now.getNano() / 1000);
    }

    private static String form(Map<String, String> fields) {
        return fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    private static String json(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
