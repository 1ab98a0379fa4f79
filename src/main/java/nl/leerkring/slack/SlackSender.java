package nl.leerkring.slack;

import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.SlackApiTextResponse;
import com.slack.api.model.block.LayoutBlock;
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
import java.util.Set;
import nl.leerkring.chat.OutgoingMessage;
import nl.leerkring.chat.SendResult;
import nl.leerkring.chat.Sender;

/** Sends outbox messages through the Slack Web API: chat.postMessage, or chat.postEphemeral for private ones. */
final class SlackSender implements Sender {

    /** Errors that will not go away by trying again. */
    private static final Set<String> PERMANENT = Set.of("channel_not_found", "not_in_channel", "is_archived",
            "invalid_auth", "not_authed", "account_inactive", "token_revoked", "user_not_in_channel",
            "msg_too_long", "invalid_blocks", "no_text", "missing_scope", "restricted_action",
            "expired_trigger_id", "invalid_trigger_id", "exchanged_trigger_id", "invalid_arguments");

    private final MethodsClient client;

    SlackSender(MethodsClient client) {
        this.client = client;
    }

    @Override
    public SendResult send(OutgoingMessage message, String threadRef) {
        try {
            if (message.form() != null) {
                return openModal(message);
            }
            List<LayoutBlock> blocks = BlockKit.render(message);
            String fallback = BlockKit.neutralizeBroadcasts(message.plainText());
            if (message.to().isHome()) {
                var response = client.viewsPublish(r -> r.userId(message.to().privateTo())
                        .view(View.builder().type("home").blocks(blocks).build()));
                return result(response, response.getView() == null ? null : response.getView().getId());
            }
            if (message.to().isDirect()) {
                // a user id as channel: the message lands in the user's DM with the app
                var response = client.chatPostMessage(r -> r.channel(message.to().privateTo())
                        .text(fallback).blocks(blocks));
                return result(response, response.getTs());
            }
            if (message.to().isPrivate()) {
                var response = client.chatPostEphemeral(r -> r.channel(message.to().channelId())
                        .user(message.to().privateTo()).text(fallback).blocks(blocks).threadTs(threadRef));
                return result(response, response.getMessageTs());
            }
            var response = client.chatPostMessage(r -> r.channel(message.to().channelId())
                    .text(fallback).blocks(blocks).threadTs(threadRef));
            return result(response, response.getTs());
        } catch (SlackApiException e) {
            if (e.getResponse().code() == 429) {
                return new SendResult.RateLimited(retryAfter(e.getResponse().header("Retry-After")), "HTTP 429 from Slack");
            }
            return new SendResult.RetryLater(null, "HTTP " + e.getResponse().code() + " from Slack");
        } catch (IOException e) {
            if (answerTimedOut(e)) {
                return new SendResult.MaybeSent("Slack did not answer in time: " + e.getMessage());
            }
            return new SendResult.RetryLater(null, "Slack unreachable: " + e.getMessage());
        }
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
