package nl.leerkring.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
 * Requests as Slack sends them to {@code /slack/events}: the bodies of a slash command, an
 * Events API callback, a button press and a modal submission, signed the way Slack signs them
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
        form.put("trigger_id", "trig." + UUID.randomUUID());
        form.put("response_url", "https://hooks.slack.com/commands/" + team + "/1/" + UUID.randomUUID());
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
        String payload = """
                {"type":"block_actions","api_app_id":"%s","token":"legacy-verification-token",
                 "team":{"id":"%s","domain":"x"},"user":{"id":"%s","username":"%s","team_id":"%s"},
                 "container":{"type":"message","message_ts":"1700000000.000300","channel_id":"%s","is_ephemeral":true},
                 "trigger_id":"trig.%s","channel":{"id":"%s","name":"kring"},
                 "response_url":"https://hooks.slack.com/actions/%s/1/x",
                 "actions":[{"type":"button","action_id":"%s","block_id":"b1","value":"%s",
                             "text":{"type":"plain_text","text":"knop"},"action_ts":"%s"}]}"""
                .formatted(APP_ID, team, user, user.toLowerCase(), team, channel, UUID.randomUUID(), channel, team,
                        json(actionId), json(value), actionTs());
        return form(Map.of("payload", payload));
    }

    /**
     * The form body of a {@code view_submission}: the user sent the modal {@code view} (the JSON
     * the bot passed to views.open, so its private_metadata comes back as it was rendered) with
     * these answers by block id; an answer to a block with a select is sent as the picked option.
     */
    public static String viewSubmission(String team, String user, String viewId, String view, Map<String, String> answers) {
        try {
            JsonNode rendered = MAPPER.readTree(view);
            ObjectNode payload = MAPPER.createObjectNode();
            payload.put("type", "view_submission").put("api_app_id", APP_ID).put("token", "legacy-verification-token")
                    .put("trigger_id", "trig." + UUID.randomUUID());
            payload.putObject("team").put("id", team).put("domain", "x");
            payload.putObject("user").put("id", user).put("username", user.toLowerCase()).put("team_id", team);
            ObjectNode v = payload.putObject("view");
            v.put("id", viewId).put("team_id", team).put("type", "modal").put("hash", "h-" + UUID.randomUUID())
                    .put("callback_id", rendered.path("callback_id").asText())
                    .put("private_metadata", rendered.path("private_metadata").asText());
            ObjectNode values = v.putObject("state").putObject("values");
            for (JsonNode block : rendered.path("blocks")) {
                String id = block.path("block_id").asText();
                if (!answers.containsKey(id)) {
                    continue;
                }
                JsonNode element = block.path("element");
                ObjectNode value = values.putObject(id)
                        .putObject(element.path("action_id").asText());
                value.put("type", element.path("type").asText());
                if (element.has("options")) {
                    value.putObject("selected_option").put("value", answers.get(id))
                            .putObject("text").put("type", "plain_text").put("text", answers.get(id));
                } else {
                    value.put("value", answers.get(id));
                }
            }
            return form(Map.of("payload", MAPPER.writeValueAsString(payload)));
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
