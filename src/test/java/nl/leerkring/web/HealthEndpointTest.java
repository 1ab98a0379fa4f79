package nl.leerkring.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nl.leerkring.chat.Address;
import nl.leerkring.chat.OutgoingMessage;
import nl.leerkring.chat.Platform;
import nl.leerkring.delivery.Outbox;
import org.h2.tools.Server;
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
        assertEquals("{\"status\":\"ok\",\"database\":\"up\",\"scheduler\":\"running\","
                + "\"outbox\":{\"pending\":0,\"oldest_pending_seconds\":null},\"inbox\":{\"unhandled\":0}}", response.body());
        assertEquals("application/json;charset=utf-8", response.headers().firstValue("Content-Type").orElse("").toLowerCase());
    }

    @Test
    void unavailableWhenTheSchedulerStops() throws Exception {
        app.scheduler().quartz().standby();
        HttpResponse<String> response = health();
        assertEquals(503, response.statusCode());
        assertEquals("{\"status\":\"unavailable\",\"database\":\"up\",\"scheduler\":\"stopped\","
                + "\"outbox\":{\"pending\":0,\"oldest_pending_seconds\":null},\"inbox\":{\"unhandled\":0}}", response.body());
    }

    @Test
    void reportsTheOutboxBacklogAndTheAgeOfTheOldestPendingMessage() throws Exception {
        // Slack is not configured here, so its messages wait in the outbox
        Address channel = Address.channel(Platform.SLACK, "T1", "C1");
        Instant now = Instant.now();
        app.database().jdbi().useTransaction(h -> {
            Outbox.enqueue(h, OutgoingMessage.text(channel, "oud"), now.minusSeconds(125));
            Outbox.enqueue(h, OutgoingMessage.text(channel, "nieuw"), now);
        });
        HttpResponse<String> response = health();
        assertEquals(200, response.statusCode());
        Matcher m = Pattern.compile("\"outbox\":\\{\"pending\":(\\d+),\"oldest_pending_seconds\":(\\d+)}").matcher(response.body());
        assertTrue(m.find(), response.body());
        assertEquals(2, Integer.parseInt(m.group(1)));
        int age = Integer.parseInt(m.group(2));
        assertTrue(age >= 125 && age < 185, "oldest waits about 125 s: " + age);
    }

    @Test
    void unavailableWithinThreeSecondsWhenTheDatabaseServerStopsAnswering() throws Exception {
        app.close();
        int port;
        try (ServerSocket free = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        Server h2 = Server.createTcpServer("-tcpPort", Integer.toString(port), "-baseDir", tmp.toString(), "-ifNotExists").start();
        try {
            app = Leerkring.create(TestConfigs.server(new TestDatabases.TestDatabase(
                    "jdbc:h2:tcp://127.0.0.1:" + port + "/remote", "", "")), Clock.systemUTC()).startServer();
            assertEquals(200, health().statusCode());
            app.scheduler().quartz().standby(); // it would otherwise complain about its lost connection in the log
            h2.stop();
            // a server that takes connections and never answers: nothing is refused, everything waits
            try (ServerSocket blackHole = new ServerSocket(port, 50, InetAddress.getLoopbackAddress())) {
                long start = System.nanoTime();
                HttpResponse<String> response = health();
                long healthMillis = (System.nanoTime() - start) / 1_000_000;
                assertEquals(503, response.statusCode());
                assertTrue(response.body().contains("\"database\":\"down\""), response.body());
                assertTrue(healthMillis < 3000, "/healthz answered after " + healthMillis + " ms");

                start = System.nanoTime();
                assertThrows(RuntimeException.class, () -> app.outbox().pendingCount());
                long queryMillis = (System.nanoTime() - start) / 1_000_000;
                assertTrue(queryMillis < 3000, "a query failed after " + queryMillis + " ms");
            }
        } finally {
            h2.stop();
        }
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
