package nl.leerkring.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import nl.leerkring.Leerkring;
import nl.leerkring.testing.TestConfigs;
import nl.leerkring.testing.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** GET /healthz on the running server: 200 while database and scheduler are up, 503 otherwise. */
class HealthEndpointTest {

    @TempDir
    Path tmp;
    Leerkring app;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() {
        app = Leerkring.create(TestConfigs.server(TestDatabases.h2(tmp)), Clock.systemUTC()).startServer();
    }

    @AfterEach
    void stop() {
        app.close();
    }

    HttpResponse<String> health() throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/healthz")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void healthyWhenDatabaseAndSchedulerRun() throws Exception {
        HttpResponse<String> response = health();
        assertEquals(200, response.statusCode());
        assertEquals("{\"status\":\"ok\",\"database\":\"up\",\"scheduler\":\"running\"}", response.body());
        assertEquals("application/json;charset=utf-8", response.headers().firstValue("Content-Type").orElse("").toLowerCase());
    }

    @Test
    void unavailableWhenTheSchedulerStops() throws Exception {
        app.scheduler().quartz().standby();
        HttpResponse<String> response = health();
        assertEquals(503, response.statusCode());
        assertEquals("{\"status\":\"unavailable\",\"database\":\"up\",\"scheduler\":\"stopped\"}", response.body());
    }

    @Test
    void unavailableWhenTheDatabaseIsGone() throws Exception {
        app.scheduler().quartz().standby(); // it would otherwise complain about its lost connection in the log
        app.database().close();
        HttpResponse<String> response = health();
        assertEquals(503, response.statusCode());
        assertEquals("{\"status\":\"unavailable\",\"database\":\"down\",\"scheduler\":\"stopped\"}", response.body());
    }
}
