package nl.leerkring.slack;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.slack.api.app_backend.events.payload.AppHomeOpenedPayload;
import com.slack.api.app_backend.events.payload.AppMentionPayload;
import com.slack.api.app_backend.events.payload.MessagePayload;
import com.slack.api.app_backend.interactive_components.payload.BlockActionPayload;
import com.slack.api.app_backend.views.payload.ViewSubmissionPayload;
import com.slack.api.util.json.GsonFactory;
import java.util.Optional;
import java.util.regex.Pattern;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.util.UrlEncoded;

/**
 * Whether a signed request body is a Slack payload this app can take: well-formed, of a kind it
 * listens for, read by the same Slack SDK model classes (and Gson) Bolt uses, with every id the
 * listeners rely on present and no longer than the database columns it ends up in. Bolt itself
 * would fail on a missing user or a wrong type with an exception (a 500); this names the
 * problem instead, so that the door can answer 400 and change nothing.
 */
final class SlackPayloads {

    /** {@code circle.workspace_id}, {@code teams_conversation.tenant_id}: VARCHAR(64). */
    static final int TEAM_ID_MAX = 64;
    /** {@code circle_member.user_id}: VARCHAR(128). */
    static final int USER_ID_MAX = 128;
    /** {@code circle.channel_id}: VARCHAR(255). */
    static final int CHANNEL_ID_MAX = 255;
    /**
     * Trigger, event, view and action ids go into {@code inbound_event.event_key} (VARCHAR(255))
     * with a prefix and a user id; Slack's are some 40 characters.
     */
    static final int KEY_PART_MAX = 100;
    /** Message and thread timestamps ({@code 1700000000.000200}). */
    static final int TS_MAX = 32;

    /** Slack's ids, trigger ids and timestamps: letters, digits, dots, dashes, underscores. */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]+");
    /** Message subtypes whose text the adapter takes as a person's message. */
    private static final java.util.Set<String> CONTRIBUTING_SUBTYPES = java.util.Set.of("thread_broadcast", "file_share");
    private static final Gson GSON = GsonFactory.createSnakeCase();

    private SlackPayloads() {
    }

    /** What is wrong with the body, or empty when Bolt can take it. */
    static Optional<String> problem(String contentType, String body) {
        try {
            String mime = contentType == null ? "" : contentType.split(";", 2)[0].strip().toLowerCase(java.util.Locale.ROOT);
            return switch (mime) {
                case "application/x-www-form-urlencoded" -> form(body);
                case "application/json" -> events(body);
                default -> Optional.of("content type " + shorten(contentType));
            };
        } catch (JsonParseException | IllegalArgumentException | IllegalStateException | ClassCastException
                 | UnsupportedOperationException | StackOverflowError e) {
            // Gson's JsonSyntaxException and its nesting limit, Jetty's form decoding (bad % or UTF-8)
            return Optional.of("not readable (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static Optional<String> form(String body) {
        Fields fields = new Fields();
        UrlEncoded.decodeUtf8To(body, fields);
        String payload = single(fields, "payload");
        if (payload != null) {
            return interaction(payload);
        }
        if (single(fields, "ssl_check") != null) {
            return Optional.empty();
        }
        if (single(fields, "command") != null) {
            return Problems.of()
                    .id("team_id", single(fields, "team_id"), TEAM_ID_MAX)
                    .id("channel_id", single(fields, "channel_id"), CHANNEL_ID_MAX)
                    .id("user_id", single(fields, "user_id"), USER_ID_MAX)
                    .id("trigger_id", single(fields, "trigger_id"), KEY_PART_MAX)
                    .present("text", single(fields, "text"))
                    .first();
        }
        return Optional.of("a form that is neither a command nor an interaction");
    }

    /** The one value of a form field; a field given twice is as good as a wrong one. */
    private static String single(Fields fields, String name) {
        Fields.Field field = fields.get(name);
        if (field == null) {
            return null;
        }
        if (field.getValues().size() != 1) {
            throw new IllegalArgumentException(name + " given " + field.getValues().size() + " times");
        }
        return field.getValue();
    }

    private static Optional<String> interaction(String json) {
        JsonObject tree = object(json);
        String type = string(tree, "type");
        if ("block_actions".equals(type)) {
            return blockActions(GSON.fromJson(tree, BlockActionPayload.class));
        }
        if ("view_submission".equals(type)) {
            return viewSubmission(GSON.fromJson(tree, ViewSubmissionPayload.class));
        }
        return Optional.of("interaction type " + shorten(type));
    }

    private static Optional<String> blockActions(BlockActionPayload p) {
        Problems problems = Problems.of()
                .id("user.id", p.getUser() == null ? null : p.getUser().getId(), USER_ID_MAX)
                .id("team.id", p.getTeam() == null ? null : p.getTeam().getId(), TEAM_ID_MAX)
                .optionalId("trigger_id", p.getTriggerId(), KEY_PART_MAX)
                .present("actions", p.getActions());
        if (p.getChannel() != null) {
            problems.id("channel.id", p.getChannel().getId(), CHANNEL_ID_MAX);
        }
        if (p.getContainer() != null) {
            problems.optionalId("container.thread_ts", p.getContainer().getThreadTs(), TS_MAX);
        }
        if (p.getActions() != null) {
            for (BlockActionPayload.Action action : p.getActions()) {
                problems.present("action", action);
                if (action != null) {
                    problems.id("action.action_ts", action.getActionTs(), TS_MAX);
                }
            }
        }
        return problems.first();
    }

    private static Optional<String> viewSubmission(ViewSubmissionPayload p) {
        Problems problems = Problems.of()
                .id("user.id", p.getUser() == null ? null : p.getUser().getId(), USER_ID_MAX)
                .id("team.id", p.getTeam() == null ? null : p.getTeam().getId(), TEAM_ID_MAX)
                .present("view", p.getView());
        if (p.getView() != null) {
            problems.id("view.id", p.getView().getId(), KEY_PART_MAX)
                    .id("view.hash", p.getView().getHash(), KEY_PART_MAX)
                    .present("view.callback_id", p.getView().getCallbackId());
            SlackModals.Metadata meta = SlackModals.readMetadata(p.getView().getPrivateMetadata());
            if (meta != null) {
                // a form opened from the person's direct messages is answered there (Address.DIRECT)
                problems.id("private_metadata channel", nl.leerkring.chat.Address.DIRECT.equals(meta.channel()) ? "direct"
                                : meta.channel(), CHANNEL_ID_MAX)
                        .optionalId("private_metadata thread", meta.thread(), TS_MAX);
            }
        }
        return problems.first();
    }

    private static Optional<String> events(String json) {
        JsonObject tree = object(json);
        String type = string(tree, "type");
        if ("url_verification".equals(type)) {
            return Problems.of().id("challenge", string(tree, "challenge"), KEY_PART_MAX).first();
        }
        if (!"event_callback".equals(type)) {
            return Optional.of("envelope type " + shorten(type));
        }
        JsonElement event = tree.get("event");
        if (event == null || !event.isJsonObject()) {
            return Optional.of("event is not an object");
        }
        Problems problems = Problems.of()
                .id("team_id", string(tree, "team_id"), TEAM_ID_MAX)
                .id("event_id", string(tree, "event_id"), KEY_PART_MAX)
                // the installation's workspace, which keys a shared channel's circle (ChannelOwners)
                .optionalId("authorizations.team_id", installation(tree), TEAM_ID_MAX);
        String eventType = string(event.getAsJsonObject(), "type");
        problems.present("event.type", eventType);
        if ("app_mention".equals(eventType)) {
            var e = GSON.fromJson(tree, AppMentionPayload.class).getEvent();
            problems.id("event.user", e.getUser(), USER_ID_MAX)
                    .id("event.channel", e.getChannel(), CHANNEL_ID_MAX)
                    .present("event.text", e.getText())
                    .optionalId("event.thread_ts", e.getThreadTs(), TS_MAX);
        } else if ("message".equals(eventType)) {
            var e = GSON.fromJson(tree, MessagePayload.class).getEvent();
            if ((e.getSubtype() == null || CONTRIBUTING_SUBTYPES.contains(e.getSubtype()))
                    && e.getBotId() == null && e.getUser() != null) {
                problems.id("event.user", e.getUser(), USER_ID_MAX)
                        .id("event.channel", e.getChannel(), CHANNEL_ID_MAX)
                        .optionalId("event.thread_ts", e.getThreadTs(), TS_MAX);
                if (e.getSubtype() == null) {
                    // a file shared without a comment may come without text
                    problems.present("event.text", e.getText());
                }
            }
        } else if ("app_home_opened".equals(eventType)) {
            var e = GSON.fromJson(tree, AppHomeOpenedPayload.class).getEvent();
            problems.id("event.user", e.getUser(), USER_ID_MAX);
        }
        return problems.first();
    }

    /** The {@code team_id} of the envelope's first authorization, which Bolt takes as the event's team; or null. */
    private static String installation(JsonObject tree) {
        JsonElement authorizations = tree.get("authorizations");
        if (authorizations == null || !authorizations.isJsonArray() || authorizations.getAsJsonArray().isEmpty()
                || !authorizations.getAsJsonArray().get(0).isJsonObject()) {
            return null;
        }
        return string(authorizations.getAsJsonArray().get(0).getAsJsonObject(), "team_id");
    }

    /** A JSON object, read as Bolt reads it (Gson, which stops at 255 levels of nesting). */
    private static JsonObject object(String json) {
        JsonElement tree = JsonParser.parseString(json);
        if (!tree.isJsonObject()) {
            throw new IllegalStateException("not a JSON object");
        }
        return tree.getAsJsonObject();
    }

    /** A string member, or null when it is missing; any other JSON type is a problem. */
    private static String string(JsonObject object, String name) {
        JsonElement value = object.get(name);
        if (value == null || value.isJsonNull()) {
            return null;
        }
        if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isString()) {
            throw new IllegalStateException(name + " is not a string");
        }
        return value.getAsString();
    }

    private static String shorten(String s) {
        if (s == null) {
            return "(none)";
        }
        String printable = s.replaceAll("[^\\x20-\\x7e]", "?");
        return printable.length() > 40 ? printable.substring(0, 40) + "…" : printable;
    }

    /** The first thing wrong, of several checks in a row. */
    private static final class Problems {

        private String first;

        static Problems of() {
            return new Problems();
        }

        Problems present(String name, Object value) {
            if (value == null) {
                found(name + " is missing");
            }
            return this;
        }

        Problems id(String name, String value, int max) {
            if (value == null || value.isEmpty()) {
                found(name + " is missing");
            } else {
                optionalId(name, value, max);
            }
            return this;
        }

        Problems optionalId(String name, String value, int max) {
            if (value == null) {
                return this;
            }
            if (value.length() > max) {
                found(name + " is longer than " + max);
            } else if (!ID.matcher(value).matches()) {
                found(name + " is not an id");
            }
            return this;
        }

        private void found(String problem) {
            if (first == null) {
                first = problem;
            }
        }

        Optional<String> first() {
            return Optional.ofNullable(first);
        }
    }
}
