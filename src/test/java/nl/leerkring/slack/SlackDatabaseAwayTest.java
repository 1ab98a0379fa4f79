package nl.leerkring.slack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import nl.leerkring.Leerkring;
import nl.leerkring.testing.FakeSlackApi;
import nl.leerkring.testing.Http;
import nl.leerkring.testing.SlackRequests;
import nl.leerkring.testing.TcpProxy;
import nl.leerkring.testing.TestConfigs;
import nl.leerkring.testing.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The database goes away: PostgreSQL's network (a proxy in front of it turns into a black hole:
 * nothing refused, nothing answered), or the embedded H2 closed under the app. A signed slash
 * command is still answered within Slack's 3 s, in the ack, with a clean line for the typist.
 */
class SlackDatabaseAwayTest {

    @TempDir
    Path tmp;
    private final FakeSlackApi slack = FakeSlackApi.start();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private TcpProxy proxy;
    private TestDatabases.TestDatabase db;
    private Leerkring app;

    @AfterEach
    void stop() {
        if (proxy != null) {
            proxy.close(); // the app's connections fail at once instead of waiting
        }
        if (app != null) {
            app.close();
        }
        slack.close();
        TestDatabases.dropIfPostgres(db);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void aSlashCommandIsAnsweredWithinThreeSecondsWhenTheDatabaseIsAway(String kind) throws Exception {
        TestDatabases.TestDatabase where;
        if (kind.equals("h2")) {
            where = TestDatabases.h2(tmp); // embedded: no network to lose, but it can be closed under the app
        } else {
            db = TestDatabases.postgres();
            URI direct = URI.create(db.url().substring("jdbc:".length()));
            proxy = TcpProxy.to(direct.getHost(), direct.getPort());
            where = new TestDatabases.TestDatabase(db.url().replace(direct.getHost() + ":" + direct.getPort(),
                    "127.0.0.1:" + proxy.port()), db.user(), db.password());
        }
        app = Leerkring.create(TestConfigs.withSlack(TestConfigs.server(where), slack.apiUrl()), Clock.systemUTC()).startServer();
        SlackRequests requests = new SlackRequests(URI.create("http://127.0.0.1:" + app.port() + "/slack/events"),
                TestConfigs.SIGNING_SECRET);
        assertEquals(200, send(requests, "start").statusCode());

        app.scheduler().quartz().standby(); // it would otherwise complain about its lost connections in the log
        if (proxy != null) {
            proxy.blackHole();
        } else {
            app.database().close();
        }
        for (String command : new String[] {"help", "leden"}) {
            long started = System.nanoTime();
            HttpResponse<String> answer = send(requests, command);
            long millis = (System.nanoTime() - started) / 1_000_000;
            assertEquals(200, answer.statusCode());
            assertTrue(millis < 3000, "/kring " + command + " answered after " + millis + " ms");
            assertTrue(answer.body().contains("Er ging bij ons iets mis"), answer.body());
        }
    }

    private HttpResponse<String> send(SlackRequests requests, String text) {
        return Http.send(http, requests.signed(SlackRequests.FORM,
                SlackRequests.slashCommand(FakeSlackApi.TEAM_ID, "C1", "U1", text)).timeout(Duration.ofSeconds(30)).build());
    }
}
