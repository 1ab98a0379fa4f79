package nl.leerkring.bench;

import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import com.slack.api.bolt.App;
import com.slack.api.bolt.AppConfig;
import com.slack.api.bolt.jakarta_servlet.SlackAppServlet;
import java.time.Duration;
import java.util.Map;
import nl.leerkring.store.Database;
import nl.leerkring.store.GroupCommit;

/**
 * The Slack anchor: a bare Bolt-Java app that only acks {@code /kring}, on plain Jetty 12 ee10,
 * as its own JVM. Bolt checks the signature and the 5-minute timestamp window exactly as it does
 * inside Leerkring; the single-team bot token makes Bolt call {@code auth.test} once, at the Web
 * API named by {@code SLACK_API_URL} (the benchmark's fake). Prints {@code listens on port N}.
 *
 * <p>With {@code DURABLE_ROWS_URL} (a database URL) it is the floor of any inbox instead: before
 * each ack, the request's body is written as one row keyed by its {@code trigger_id} (a retry
 * finds its key taken), the rows of the same moment in one commit, made durable before the ack
 * (Leerkring's own {@link GroupCommit} and {@link Database}, so on H2 a {@code CHECKPOINT}).
 * Nothing else: no parsing beyond Bolt's, no handling.
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
        String rowsUrl = System.getenv("DURABLE_ROWS_URL");
        if (rowsUrl == null) {
            app.command("/kring", (req, ctx) -> ctx.ack());
        } else {
            Database database = Database.open(rowsUrl, System.getenv().getOrDefault("DURABLE_ROWS_USER", ""), "");
            database.jdbi().useHandle(h -> h.execute("CREATE TABLE acked (event_key VARCHAR(255) PRIMARY KEY, body TEXT NOT NULL)"));
            GroupCommit commits = new GroupCommit(database.jdbi(), "acked");
            app.command("/kring", (req, ctx) -> {
                commits.write(h -> h.createUpdate("INSERT INTO acked (event_key, body) VALUES (:key, :body) ON CONFLICT DO NOTHING")
                        .bind("key", req.getPayload().getTriggerId()).bind("body", req.getRequestBodyAsString())
                        .execute(), Duration.ofSeconds(2));
                return ctx.ack();
            });
        }
        BareJetty.serve(Map.of("/slack/events", new SlackAppServlet(app)));
    }
}
