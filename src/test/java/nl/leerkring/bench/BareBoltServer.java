package nl.leerkring.bench;

import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import com.slack.api.bolt.App;
import com.slack.api.bolt.AppConfig;
import com.slack.api.bolt.jakarta_servlet.SlackAppServlet;
import java.util.Map;

/**
 * The Slack anchor: a bare Bolt-Java app that only acks {@code /kring}, on plain Jetty 12 ee10,
 * as its own JVM. Bolt checks the signature and the 5-minute timestamp window exactly as it does
 * inside Leerkring; the single-team bot token makes Bolt call {@code auth.test} once, at the Web
 * API named by {@code SLACK_API_URL} (the benchmark's fake). Prints {@code listens on port N}.
 *
 * <p>With {@code DURABLE_ROWS_URL} (a database URL) it is the floor of any inbox instead: before
 * each ack the request's body is made a durable row ({@link DurableRows}, keyed by its
 * {@code trigger_id}). Nothing else: no parsing beyond Bolt's, no handling.
 *
 * <p>Environment: {@code SLACK_SIGNING_SECRET}, {@code SLACK_BOT_TOKEN}, {@code SLACK_API_URL},
 * optionally {@code DURABLE_ROWS_URL}, {@code DURABLE_ROWS_USER}.
 */
public final class BareBoltServer {

    private BareBoltServer() {
    }

    public static void main(String[] args) throws Exception {
        SlackConfig slackConfig = new SlackConfig();
        slackConfig.setMethodsEndpointUrlPrefix(System.getenv("SLACK_API_URL"));
        App app = new App(AppConfig.builder()
                .signingSecret(System.getenv("SLACK_SIGNING_SECRET"))
                .singleTeamBotToken(System.getenv("SLACK_BOT_TOKEN"))
                .slack(Slack.getInstance(slackConfig))
                .build());
        DurableRows rows = DurableRows.fromEnvironment();
        app.command("/kring", (req, ctx) -> {
            if (rows != null) {
                rows.write(req.getPayload().getTriggerId(), req.getRequestBodyAsString());
            }
            return ctx.ack();
        });
        BareJetty.serve(Map.of("/slack/events", new SlackAppServlet(app)));
    }
}
