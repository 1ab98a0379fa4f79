package nl.leerkring.slack;

import com.slack.api.Slack;
import com.slack.api.app_backend.interactive_components.response.ActionResponse;
import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.SlackApiTextResponse;
import com.slack.api.model.Message;
import com.slack.api.model.view.View;
import com.slack.api.SlackConfig;
import com.slack.api.util.http.SlackHttpClient;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.util.Locale;
import nl.leerkring.config.Config;
import okhttp3.OkHttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import nl.leerkring.chat.OutgoingMessage;
import nl.leerkring.chat.SendResult;
import nl.leerkring.chat.Sender;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Sends outbox messages through the Slack Web API: chat.postMessage, or chat.postEphemeral for private ones. */
final class SlackSender implements Sender {

    /** Errors that will not go away by trying again. */
    private static final Set<String> PERMANENT = Set.of("channel_not_found", "not_in_channel", "is_archived",
            "invalid_auth", "not_authed", "account_inactive", "token_revoked", "user_not_in_channel",
            "msg_too_long", "invalid_blocks", "no_text", "missing_scope", "restricted_action",
            "expired_trigger_id", "invalid_trigger_id", "exchanged_trigger_id", "invalid_arguments");

    private static final int CONTINUATION_ATTEMPTS = 3;
    private static final Duration CONTINUATION_MAX_WAIT = Duration.ofSeconds(5);
    private static final Logger log = LoggerFactory.getLogger(SlackSender.class);

    /** Errors of chat.postEphemeral that mean the app cannot post in the conversation at all. */
    private static final Set<String> CANNOT_POST_HERE = Set.of("channel_not_found", "not_in_channel");

    /** No outbox row: a send from outside the delivery worker. */
    static final long NO_DELIVERY = -1;
    static final String DELIVERY_EVENT = "leerkring_delivery";
    /** How many of a conversation's latest messages are searched for a cut-off send. */
    private static final int LOOK_BACK = 100;

    private final MethodsClient client;
    private final Slack slack;
    private final ResponseUrls responseUrls;

    SlackSender(MethodsClient client, Slack slack, ResponseUrls responseUrls) {
        this.client = client;
        this.slack = slack;
        this.responseUrls = responseUrls;
    }

    @Override
    public SendResult send(OutgoingMessage message, String threadRef) {
        return send(message, threadRef, NO_DELIVERY);
    }

    /** Posts carry the outbox row's id as message metadata, which {@link #earlierSend} looks for. */
    @Override
    public SendResult send(OutgoingMessage message, String threadRef, long deliveryId) {
        try {
            if (message.form() != null) {
                return openModal(message);
            }
            if (message.to().isHome()) {
                var response = client.viewsPublish(r -> r.userId(message.to().privateTo())
                        .view(View.builder().type("home").blocks(BlockKit.renderView(message)).build()));
                return result(response, response.getView() == null ? null : response.getView().getId());
            }
            List<BlockKit.Part> parts = BlockKit.render(message);
            if (message.file() != null && message.to().isDirect()) {
                return postWithFile(message, parts, deliveryId);
            }
            SendResult first = post(message, parts.get(0), threadRef, tag(deliveryId, 0));
            if (first instanceof SendResult.Sent) {
                for (int i = 1; i < parts.size(); i++) {
                    if (!postContinuation(message, parts.get(i), threadRef, i, parts.size(), tag(deliveryId, i))) {
                        break;
                    }
                }
            }
            return first;
        } catch (SlackApiException e) {
            return failure(e);
        } catch (IOException e) {
            if (answerTimedOut(e)) {
                return new SendResult.MaybeSent("Slack did not answer in time: " + e.getMessage());
            }
            return new SendResult.RetryLater(null, "Slack unreachable: " + e.getMessage());
        }
    }

    /**
     * {@code chat.update} of the message with ts {@code ref}: the replacement's text and blocks
     * (no buttons left, when it has none). A direct message is changed in the app's DM, whose
     * id {@code conversations.open} gives. An ephemeral message is changed through the
     * {@code response_url} a press on it brought ({@link #replaceEphemeral}).
     */
    @Override
    public SendResult replace(OutgoingMessage message, String ref) {
        if (message.to().isHome()) {
            return new SendResult.Sent(ref);
        }
        if (message.to().isPrivate() && !message.to().isDirect()) {
            return replaceEphemeral(message, ref);
        }
        try {
            String channel = message.to().channelId();
            if (message.to().isDirect()) {
                var opened = client.conversationsOpen(r -> r.users(List.of(message.to().privateTo())));
                if (!opened.isOk() || opened.getChannel() == null) {
                    return result(opened, null);
                }
                channel = opened.getChannel().getId();
            }
            String in = channel;
            BlockKit.Part part = BlockKit.render(message).get(0);
            var response = client.chatUpdate(r -> r.channel(in).ts(ref).text(part.text()).blocks(part.blocks()));
            if (!response.isOk() && ("message_not_found".equals(response.getError()) || "cant_update_message".equals(response.getError()))) {
                // deleted by someone, or no longer ours to change: nothing is left to show as spent
                log.info("The message {} in {} could not be changed ({}); left as it is", ref, in, response.getError());
                return new SendResult.Sent(ref);
            }
            return result(response, ref, message);
        } catch (SlackApiException e) {
            return failure(e);
        } catch (IOException e) {
            return new SendResult.RetryLater(null, "Slack unreachable: " + e.getMessage());
        }
    }

    /**
     * Slack's Web API cannot change an ephemeral message, but the {@code response_url} of a
     * press on it can ({@code replace_original}), for 30 minutes, on the server that took the
     * press. Without one (not pressed, expired, another server) it stays as it is: a late press
     * on it is answered by the core.
     */
    private SendResult replaceEphemeral(OutgoingMessage message, String ref) {
        String url = responseUrls.of(message.to().channelId(), SlackAdapter.ephemeralKey(ref));
        if (url == null) {
            return new SendResult.Sent(ref);
        }
        BlockKit.Part part = BlockKit.render(message).get(0);
        try {
            var response = slack.send(url, com.slack.api.util.json.GsonFactory.createSnakeCase().toJson(
                    ActionResponse.builder().replaceOriginal(true).text(part.text()).blocks(part.blocks()).build()));
            if (response.getCode() == 429 || response.getCode() >= 500) {
                return new SendResult.RetryLater(null, "HTTP " + response.getCode() + " from Slack's response_url");
            }
            if (response.getCode() != 200) {
                log.info("The ephemeral message {} could not be changed (HTTP {}); left as it is", ref, response.getCode());
            }
            return new SendResult.Sent(ref);
        } catch (IOException e) {
            return new SendResult.RetryLater(null, "Slack unreachable: " + e.getMessage());
        }
    }

    private SendResult post(OutgoingMessage message, BlockKit.Part part, String threadRef, Message.Metadata tag)
            throws IOException, SlackApiException {
        if (message.to().isDirect()) {
            // a user id as channel: the message lands in the user's DM with the app
            var response = client.chatPostMessage(r -> r.channel(message.to().privateTo())
                    .text(part.text()).blocks(part.blocks()).metadata(tag));
            return result(response, response.getTs(), message);
        }
        if (message.to().isPrivate()) {
            var response = client.chatPostEphemeral(r -> r.channel(message.to().channelId())
                    .user(message.to().privateTo()).text(part.text()).blocks(part.blocks()).threadTs(threadRef));
            if (!response.isOk() && CANNOT_POST_HERE.contains(response.getError())) {
                SendResult answered = respond(message, part);
                if (answered != null) {
                    return answered;
                }
            }
            return result(response, response.getMessageTs(), message);
        }
        var response = client.chatPostMessage(r -> r.channel(message.to().channelId())
                .text(part.text()).blocks(part.blocks()).threadTs(threadRef).metadata(tag));
        return result(response, response.getTs(), message);
    }

    /** The metadata that marks part {@code part} of outbox row {@code deliveryId}; none outside the outbox. */
    private static Message.Metadata tag(long deliveryId, int part) {
        return deliveryId == NO_DELIVERY ? null
                : new Message.Metadata(DELIVERY_EVENT, Map.of("delivery", deliveryId, "part", part));
    }

    /**
     * Looks for the first part of the row among the conversation's latest messages (or the
     * thread's replies). Only posted messages can be found: an ephemeral answer, the Home tab and
     * a modal are not kept by Slack, and sending them twice shows nothing twice to anyone else.
     */
    @Override
    public Optional<SendResult> earlierSend(OutgoingMessage message, String threadRef, long deliveryId) {
        if (message.form() != null || message.to().isHome() || (message.to().isPrivate() && !message.to().isDirect())) {
            return Optional.empty();
        }
        try {
            String channel = message.to().channelId();
            if (message.to().isDirect()) {
                var opened = client.conversationsOpen(r -> r.users(List.of(message.to().privateTo())));
                if (!opened.isOk() || opened.getChannel() == null) {
                    return cannotLookUp(opened.getError());
                }
                channel = opened.getChannel().getId();
            }
            String in = channel;
            List<Message> messages;
            if (threadRef == null) {
                var history = client.conversationsHistory(r -> r.channel(in).limit(LOOK_BACK).includeAllMetadata(true));
                if (!history.isOk()) {
                    return cannotLookUp(history.getError());
                }
                messages = history.getMessages();
            } else {
                var replies = client.conversationsReplies(r -> r.channel(in).ts(threadRef).limit(LOOK_BACK).includeAllMetadata(true));
                if (!replies.isOk()) {
                    return cannotLookUp(replies.getError());
                }
                messages = replies.getMessages();
            }
            return (messages == null ? List.<Message>of() : messages).stream()
                    .filter(m -> isPart(m.getMetadata(), deliveryId, 0))
                    .findFirst()
                    .map(m -> (SendResult) new SendResult.Sent(m.getTs()));
        } catch (SlackApiException e) {
            return Optional.of(failure(e) instanceof SendResult.RateLimited limited
                    ? new SendResult.RetryLater(limited.after(), limited.reason())
                    : new SendResult.RetryLater(null, "Could not look up an earlier send: " + e.getMessage()));
        } catch (IOException e) {
            return Optional.of(new SendResult.RetryLater(null, "Slack unreachable: " + e.getMessage()));
        }
    }

    /**
     * Slack answered the look-up with an error that asking again will not change (an
     * installation without {@code im:write} or {@code channels:history}): the message is sent
     * again, which at worst shows it twice, rather than never.
     */
    private static Optional<SendResult> cannotLookUp(String error) {
        log.warn("Cannot look up whether a cut-off message arrived ({}); sending it again", error);
        return Optional.empty();
    }

    private static boolean isPart(Message.Metadata metadata, long deliveryId, int part) {
        return metadata != null && DELIVERY_EVENT.equals(metadata.getEventType()) && metadata.getEventPayload() != null
                && metadata.getEventPayload().get("delivery") instanceof Number d && d.longValue() == deliveryId
                && metadata.getEventPayload().get("part") instanceof Number p && p.intValue() == part;
    }

    /**
     * A direct message with a file: the text first (to the user id, which lands in the app's DM;
     * Slack answers with that DM's channel id), then the file uploaded into that DM as
     * {@code files.uploadV2} does it: {@code files.getUploadURLExternal}, the bytes to the
     * upload URL, {@code files.completeUploadExternal} with the DM's {@code channel_id}. An upload
     * that still fails after a few tries (at once for an error such as {@code missing_scope}: an
     * installation without {@code files:write}) fails the message (its text is out, so it is not
     * sent again).
     */
    private SendResult postWithFile(OutgoingMessage message, List<BlockKit.Part> parts, long deliveryId)
            throws IOException, SlackApiException {
        BlockKit.Part part = parts.get(0);
        var response = client.chatPostMessage(r -> r.channel(message.to().privateTo()).text(part.text()).blocks(part.blocks())
                .metadata(tag(deliveryId, 0)));
        SendResult first = result(response, response.getTs(), message);
        if (!(first instanceof SendResult.Sent)) {
            return first;
        }
        for (int i = 1; i < parts.size(); i++) {
            if (!postContinuation(message, parts.get(i), null, i, parts.size(), tag(deliveryId, i))) {
                break;
            }
        }
        String dm = response.getChannel();
        String problem = null;
        for (int attempt = 1; attempt <= CONTINUATION_ATTEMPTS; attempt++) {
            problem = upload(message.file(), dm);
            if (problem == null) {
                return first;
            }
            if (PERMANENT.stream().anyMatch(problem::endsWith)) {
                break; // a missing files:write scope, a revoked token: trying again will not help
            }
            try {
                Thread.sleep(Math.min(1000L * attempt, CONTINUATION_MAX_WAIT.toMillis()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        log.error("The file of a direct message to {} was not uploaded (its text was delivered): {}", message.to(), problem);
        return new SendResult.Failed("the file was not uploaded (the text was delivered): " + problem);
    }

    /** Uploads the file into the conversation; null when done, else what went wrong (no content). */
    private String upload(OutgoingMessage.File file, String channel) {
        try {
            var response = client.filesUploadV2(r -> r.channel(channel).fileData(file.bytes())
                    .filename(file.name()).title(file.name()));
            return response.isOk() ? null : "Slack: " + response.getError();
        } catch (com.slack.api.methods.SlackFilesUploadV2Exception e) {
            if (e.getCompleteResponse() != null) {
                return "files.completeUploadExternal: " + e.getCompleteResponse().getError();
            }
            if (!e.getUploadResponses().isEmpty()) {
                return "the upload URL answered HTTP " + e.getUploadResponses().values().iterator().next().getCode();
            }
            return "files.getUploadURLExternal: " + (e.getGetURLResponses().isEmpty() ? "no answer"
                    : e.getGetURLResponses().get(e.getGetURLResponses().size() - 1).getError());
        } catch (SlackApiException e) {
            return "HTTP " + e.getResponse().code() + " from Slack";
        } catch (IOException e) {
            return "Slack unreachable: " + e.getMessage();
        }
    }

    /**
     * An answer for one person where the app cannot post (a direct conversation between people,
     * a channel without the bot): through the response_url of that person's latest slash
     * command there, which Slack shows to them alone. Null when there is none.
     */
    private SendResult respond(OutgoingMessage message, BlockKit.Part part) throws IOException {
        String url = responseUrls.of(message.to().channelId(), message.to().privateTo());
        if (url == null) {
            return null;
        }
        var response = slack.send(url, com.slack.api.util.json.GsonFactory.createSnakeCase().toJson(
                ActionResponse.builder().responseType("ephemeral").text(part.text()).blocks(part.blocks()).build()));
        if (response.getCode() == 200) {
            return new SendResult.Sent(null);
        }
        if (response.getCode() == 429 || response.getCode() >= 500) {
            return new SendResult.RetryLater(null, "HTTP " + response.getCode() + " from Slack's response_url");
        }
        return new SendResult.Failed("Slack's response_url answered HTTP " + response.getCode() + ": " + response.getBody());
    }

    /**
     * Posts a later part of a message whose first part is out, where the first went. The outbox
     * knows the message as sent once its first part is, so a part that cannot go now is tried
     * again here a few times (waiting as Slack asks, at most {@link #CONTINUATION_MAX_WAIT});
     * one that still cannot is logged, and the rest are not sent out of order.
     *
     * @return whether it was sent
     */
    private boolean postContinuation(OutgoingMessage message, BlockKit.Part part, String threadRef, int index, int count,
                                     Message.Metadata tag) {
        SendResult result = null;
        for (int attempt = 1; attempt <= CONTINUATION_ATTEMPTS; attempt++) {
            try {
                result = post(message, part, threadRef, tag);
            } catch (SlackApiException e) {
                result = failure(e);
            } catch (IOException e) {
                result = new SendResult.RetryLater(null, "Slack unreachable: " + e.getMessage());
            }
            if (!(result instanceof SendResult.RetryLater later) || attempt == CONTINUATION_ATTEMPTS) {
                break;
            }
            Duration wait = later.after() == null ? Duration.ofSeconds(1) : later.after();
            try {
                Thread.sleep(Math.min(wait.toMillis(), CONTINUATION_MAX_WAIT.toMillis()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (result instanceof SendResult.Sent) {
            return true;
        }
        log.error("Part {} of {} of a message to {} was not delivered; its first part was: {}", index + 1, count,
                message.to(), result);
        return false;
    }

    private static SendResult failure(SlackApiException e) {
        if (e.getResponse().code() == 429) {
            return new SendResult.RateLimited(retryAfter(e.getResponse().header("Retry-After")), "HTTP 429 from Slack");
        }
        return new SendResult.RetryLater(null, "HTTP " + e.getResponse().code() + " from Slack");
    }

    /**
     * The request was sent but the answer did not come in time (read or call timeout): Slack may
     * have posted the message. A connect timeout is not that: nothing reached Slack.
     */
    static boolean answerTimedOut(IOException e) {
        if (e instanceof ConnectException) {
            return false;
        }
        String message = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
        return e instanceof InterruptedIOException && !message.contains("connect");
    }

    /**
     * The Slack SDK's HTTP client with Leerkring's timeouts: connecting, and waiting for an
     * answer, each bounded by configuration, so that one slow or dead endpoint holds up only the
     * conversation it is sending to.
     */
    static SlackHttpClient httpClient(SlackConfig slackConfig, Config config) {
        int connect = config.getInt(Config.SLACK_CONNECT_TIMEOUT_MILLIS);
        int read = config.getInt(Config.SLACK_READ_TIMEOUT_MILLIS);
        slackConfig.setHttpClientReadTimeoutMillis(read);
        slackConfig.setHttpClientWriteTimeoutMillis(read);
        OkHttpClient okHttp = SlackHttpClient.buildOkHttpClient(slackConfig).newBuilder()
                .connectTimeout(Duration.ofMillis(connect))
                .readTimeout(Duration.ofMillis(read))
                .writeTimeout(Duration.ofMillis(read))
                .build();
        SlackHttpClient client = new SlackHttpClient(okHttp);
        client.setConfig(slackConfig);
        return client;
    }

    /**
     * A form opens as a modal with the trigger of the click or command that asked for it. The
     * trigger lives three seconds; the delivery worker is woken at once, so it is normally in time.
     */
    private SendResult openModal(OutgoingMessage message) throws IOException, SlackApiException {
        if (message.trigger() == null) {
            return new SendResult.Failed("a Slack modal needs the trigger of an interaction");
        }
        var response = client.viewsOpen(r -> r.triggerId(message.trigger())
                .view(SlackModals.render(message.form(), message.to())));
        return result(response, response.getView() == null ? null : response.getView().getId());
    }

    private static SendResult result(SlackApiTextResponse response, String ref, OutgoingMessage message) {
        if (!response.isOk() && "invalid_blocks".equals(response.getError())) {
            // the renderer keeps every block within Slack's limits: a refusal is a bug of ours
            log.error("Slack refused the blocks of a message to {} as invalid_blocks: a rendering bug", message.to());
            return new SendResult.Failed("Slack: invalid_blocks (a rendering bug, see the log)");
        }
        return result(response, ref);
    }

    private static SendResult result(SlackApiTextResponse response, String ref) {
        if (response.isOk()) {
            return new SendResult.Sent(ref);
        }
        String error = response.getError();
        if (PERMANENT.contains(error)) {
            return new SendResult.Failed("Slack: " + error);
        }
        return new SendResult.RetryLater(null, "Slack: " + error);
    }

    static Duration retryAfter(String header) {
        if (header == null) {
            return null;
        }
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(header.strip())));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
