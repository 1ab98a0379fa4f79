package nl.leerkring.slack;

import static nl.leerkring.testing.SlackRequests.FORM;
import static nl.leerkring.testing.SlackRequests.slashCommand;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import nl.leerkring.testing.FakeSlackApi;
import nl.leerkring.testing.Rows;
import nl.leerkring.testing.SlackRequests;
import nl.leerkring.testing.SlackServer;
import nl.leerkring.testing.TestConfigs;
import nl.leerkring.web.WebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The limits of {@code /slack/events} over raw sockets: a body over 1 MB is refused before it
 * is all sent, slow clients do not keep a signed command from being acked, a request stamped
 * in the future is refused, one client address holds no more than its share of connections,
 * and Jetty's own error pages say no more than the status.
 */
class SlackDoorLimitsTest {

    private static final String TEAM = FakeSlackApi.TEAM_ID;
    private static final int TWO_MB = 2 * 1024 * 1024;

    @TempDir
    Path tempDir;

    private SlackServer server;
    private final List<Socket> sockets = new ArrayList<>();

    @BeforeEach
    void start() {
        server = SlackServer.start(tempDir, Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        for (Socket s : sockets) {
            try {
                s.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
        server.close();
    }

    @Test
    @Timeout(30)
    void aSignedTwoMegabyteBodyWithContentLengthIs413BeforeItIsSent() throws IOException {
        String body = padded(TWO_MB);
        long ts = Instant.now().getEpochSecond();
        Socket socket = open();
        OutputStream out = socket.getOutputStream();
        out.write(head("Content-Length: " + body.length(), ts, SlackRequests.signature(TestConfigs.SIGNING_SECRET, ts, body)));
        out.write(body.substring(0, 16 * 1024).getBytes(StandardCharsets.US_ASCII)); // and no more
        out.flush();

        String response = readResponse(socket);

        assertTrue(response.startsWith("HTTP/1.1 413 "), response);
        assertNoInternals(response);
        assertNothingStored();
    }

    @Test
    @Timeout(30)
    void aSignedTwoMegabyteChunkedBodyIs413OnceItPassesTheLimitWithoutTheRestBeingSent() throws IOException {
        String body = padded(TWO_MB);
        long ts = Instant.now().getEpochSecond();
        Socket socket = open();
        OutputStream out = socket.getOutputStream();
        out.write(head("Transfer-Encoding: chunked", ts, SlackRequests.signature(TestConfigs.SIGNING_SECRET, ts, body)));
        int chunk = 64 * 1024;
        int sent = 0;
        String response = null;
        // send 64 KB chunks until the server answers; it must do so long before 2 MB
        while (sent < TWO_MB) {
            out.write((Integer.toHexString(chunk) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body.substring(sent, sent + chunk).getBytes(StandardCharsets.US_ASCII));
            out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            sent += chunk;
            if (sent > (1 << 20) && socket.getInputStream().available() > 0) {
                response = readResponse(socket);
                break;
            }
            if (sent > (1 << 20) + 4 * chunk) {
                response = readResponse(socket);
                break;
            }
        }

        assertTrue(response != null && response.startsWith("HTTP/1.1 413 "), "after " + sent + " bytes: " + response);
        assertTrue(sent < TWO_MB, "answered after " + sent + " of " + TWO_MB + " bytes");
        assertNoInternals(response);
        assertNothingStored();
    }

    @Test
    @Timeout(60)
    void twoHundredSlowClientsDoNotKeepASignedCommandFromBeingAckedWithinThreeSeconds() throws Exception {
        ScheduledExecutorService trickle = Executors.newSingleThreadScheduledExecutor();
        try {
            List<OutputStream> slow = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                // from four other addresses, each within the connections one address may hold
                OutputStream out = openFrom(InetAddress.getByName("127.0.0." + (2 + i % 4))).getOutputStream();
                if (i % 2 == 0) {
                    // headers complete, then a body that never finishes
                    out.write(("POST /slack/events HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: " + FORM
                            + "\r\nContent-Length: 4000\r\n\r\nteam_id=").getBytes(StandardCharsets.US_ASCII));
                } else {
                    // headers that never finish
                    out.write("POST /slack/events HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
                }
                out.flush();
                slow.add(out);
            }
            trickle.scheduleAtFixedRate(() -> slow.forEach(out -> {
                try {
                    out.write('a');
                    out.flush();
                } catch (IOException e) {
                    // the server may close it; that is allowed
                }
            }), 200, 500, TimeUnit.MILLISECONDS);
            Thread.sleep(1000);

            long started = System.nanoTime();
            HttpResponse<String> response = server.post(FORM, slashCommand(TEAM, "C1", "U1", "start"));
            long ackMillis = (System.nanoTime() - started) / 1_000_000;

            assertEquals(200, response.statusCode(), response.body());
            assertTrue(ackMillis < 3000, "acked after " + ackMillis + " ms next to 200 slow clients");
            assertEquals(1, Rows.countAll(server.app().database(), "circle"));
        } finally {
            trickle.shutdownNow();
        }
    }

    @Test
    @Timeout(60)
    void oneClientGetsNoMoreConnectionsThanTheLimitAndAnotherClientIsStillAckedWithinThreeSeconds() throws Exception {
        int limit = WebServer.CONNECTIONS_PER_CLIENT;
        int extra = 10;
        InetAddress greedy = InetAddress.getByName("127.0.0.2");
        List<Socket> held = new ArrayList<>();
        for (int i = 0; i < limit + extra; i++) {
            Socket socket = openFrom(greedy);
            // headers that never finish: the connection stays open until the idle timeout
            socket.getOutputStream().write("POST /slack/events HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: "
                    .getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            held.add(socket);
        }
        Thread.sleep(1000);

        int refused = 0;
        for (Socket socket : held) {
            socket.setSoTimeout(100);
            try {
                if (socket.getInputStream().read() < 0) {
                    refused++;
                }
            } catch (SocketTimeoutException e) {
                // still open: the server waits for the rest of the headers
            } catch (IOException e) {
                refused++; // reset
            }
        }

        long started = System.nanoTime();
        HttpResponse<String> response = server.post(FORM, slashCommand(TEAM, "C1", "U1", "start"));
        long ackMillis = (System.nanoTime() - started) / 1_000_000;

        assertEquals(extra, refused, "connections beyond " + limit + " from one address are closed");
        assertEquals(200, response.statusCode(), response.body());
        assertTrue(ackMillis < 3000, "acked after " + ackMillis + " ms next to " + limit + " held connections");
        assertEquals(1, Rows.countAll(server.app().database(), "circle"));
    }

    @ParameterizedTest
    // just past the five minutes, with room for a slow machine between signing and checking
    @ValueSource(ints = {6 * 60, -6 * 60, 320, -320})
    void aRequestStampedMoreThanFiveMinutesFromNowIs401(int offsetSeconds) {
        HttpResponse<String> response = server.send(server.requests()
                .signedAt(Instant.now().plusSeconds(offsetSeconds), FORM, slashCommand(TEAM, "C1", "U1", "start")));

        assertEquals(401, response.statusCode());
        assertNothingStored();
    }

    @Test
    void aRequestStampedFourMinutesAheadIsStillTaken() {
        HttpResponse<String> response = server.send(server.requests()
                .signedAt(Instant.now().plusSeconds(4 * 60), FORM, slashCommand(TEAM, "C1", "U1", "start")));

        assertEquals(200, response.statusCode());
        assertEquals(1, Rows.countAll(server.app().database(), "circle"));
    }

    @Test
    @Timeout(30)
    void headersOverEightKilobytesAre431WithoutInternals() throws IOException {
        Socket socket = open();
        socket.getOutputStream().write(("POST /slack/events HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " + "a".repeat(16 * 1024)
                + "\r\nContent-Length: 0\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();

        String response = readResponse(socket);

        assertTrue(response.startsWith("HTTP/1.1 431 "), response);
        assertNoInternals(response);
    }

    @Test
    void anUnknownPathAndAGetShowNoInternals() {
        HttpResponse<String> notFound = server.send(java.net.http.HttpRequest.newBuilder(
                server.endpoint().resolve("/nothing-here")).GET());
        HttpResponse<String> get = server.send(java.net.http.HttpRequest.newBuilder(server.endpoint()).GET());

        assertEquals(404, notFound.statusCode());
        assertFalse(get.statusCode() >= 500, get.statusCode() + " " + get.body());
        assertNoInternals(notFound.body());
        assertNoInternals(get.body());
    }

    static void assertNoInternals(String text) {
        for (String sign : List.of("Exception", "exception", "org.eclipse", "com.slack", "nl.leerkring", "java.",
                "\tat ", "Caused by", "Servlet", "Jetty")) {
            assertFalse(text.contains(sign), "'" + sign + "' in: " + text);
        }
    }

    private void assertNothingStored() {
        for (String table : List.of("circle", "inbound_event", "outbox")) {
            assertEquals(0, Rows.countAll(server.app().database(), table), table);
        }
        assertEquals(List.of(), server.api().chatCalls());
    }

    private Socket open() throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.app().port());
        socket.setSoTimeout(10_000);
        sockets.add(socket);
        return socket;
    }

    /** A connection from another loopback address (Linux answers all of 127.0.0.0/8): another client. */
    private Socket openFrom(InetAddress local) throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.app().port(), local, 0);
        socket.setSoTimeout(10_000);
        sockets.add(socket);
        return socket;
    }

    private static byte[] head(String lengthHeader, long ts, String signature) {
        return ("POST /slack/events HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: " + FORM + "\r\n" + lengthHeader
                + "\r\nX-Slack-Request-Timestamp: " + ts + "\r\nX-Slack-Signature: " + signature + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    /** A slash command's form body padded with a long {@code text} to {@code size} bytes. */
    private static String padded(int size) {
        String start = slashCommand(TEAM, "C1", "U1", "start");
        return start + "&pad=" + "x".repeat(size - start.length() - 5);
    }

    /** What the server answered, up to when it closes the connection or goes quiet. */
    private static String readResponse(Socket socket) throws IOException {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[8192];
        try {
            int n;
            while ((n = in.read(buffer)) > 0) {
                got.write(buffer, 0, n);
                if (got.toString(StandardCharsets.ISO_8859_1).contains("\r\n\r\n") && in.available() == 0) {
                    socket.setSoTimeout(500);
                }
            }
        } catch (SocketTimeoutException e) {
            // the answer is complete when the server stops sending
        } catch (IOException e) {
            // reset after the answer (the server closes a connection whose body it refused)
        }
        return got.toString(StandardCharsets.ISO_8859_1);
    }
}
