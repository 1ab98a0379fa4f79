package nl.leerkring.slack;

import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import nl.leerkring.chat.OutgoingMessage;
import nl.leerkring.chat.SendResult;
import nl.leerkring.chat.Sender;
import nl.leerkring.config.Config;
import nl.leerkring.testing.FakeSlackApi;
import nl.leerkring.testing.TestConfigs;

/**
 * The real {@link SlackSender}, built as Leerkring builds it (its HTTP client with the timeouts
 * of {@code config}), talking to a {@link FakeSlackApi}: for delivery tests and benchmarks
 * outside this package.
 */
public final class TestSlackSender implements Sender, AutoCloseable {

    private final Slack slack;
    private final SlackSender sender;

    private TestSlackSender(Slack slack, String apiUrl) {
        this.slack = slack;
        this.sender = new SlackSender(slack.methods(TestConfigs.BOT_TOKEN), slack,
                new ResponseUrls(apiUrl, java.time.Clock.systemUTC()));
    }

    /**
     * A sender to {@code api} with the Slack settings of {@code config}. Its first call (which
     * loads classes and opens a connection) is made here, so that the first post of a test does
     * not arrive late and make the next one, paced from when the first left, seem too soon.
     */
    public static TestSlackSender to(FakeSlackApi api, Config config) {
        SlackConfig slackConfig = new SlackConfig();
        slackConfig.setMethodsEndpointUrlPrefix(api.apiUrl());
        Slack slack = Slack.getInstance(slackConfig, SlackSender.httpClient(slackConfig, config));
        try {
            slack.methods(TestConfigs.BOT_TOKEN).authTest(r -> r);
        } catch (Exception e) {
            throw new IllegalStateException("the fake Slack API did not answer auth.test", e);
        }
        return new TestSlackSender(slack, api.apiUrl());
    }

    @Override
    public SendResult send(OutgoingMessage message, String threadRef) {
        return sender.send(message, threadRef);
    }

    @Override
    public SendResult send(OutgoingMessage message, String threadRef, long deliveryId) {
        return sender.send(message, threadRef, deliveryId);
    }

    @Override
    public java.util.Optional<SendResult> earlierSend(OutgoingMessage message, String threadRef, long deliveryId) {
        return sender.earlierSend(message, threadRef, deliveryId);
    }

    @Override
    public void close() throws Exception {
        slack.close();
    }
}
