package nl.leerkring.teams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.regex.Pattern;
import nl.leerkring.Leerkring;
import nl.leerkring.testing.Http;
import nl.leerkring.testing.Rows;
import nl.leerkring.testing.TestConfigs;
import nl.leerkring.testing.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /api/messages} as a door: absent unless Teams is configured or the emulator mode is
 * switched on; in emulator mode only a connector whose address resolves to this machine is
 * answered; and malformed activities are refused (4xx) without a trace.
 */
class TeamsDoorTest {

    /** Malformed activities the fuzz test sends (with Slack's 10,000 in SlackDoorFuzzTest, the issue's 10,000 each). */
    private static final int CASES = 10_000;
    private static final String CHANNEL = "19:leerkring-channel@thread.tacv2";
    private static final String ANNA = "29:1anna-user-id";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern INTERNALS = Pattern.compile(
            "Exception|Error:|\\bat [a-z]+\\.[a-z]|com\\.microsoft|com\\.fasterxml|org\\.eclipse|nl\\.leerkring|java\\.|Caused by");
    private static final List<String> TABLES = List.of("circle", "inbound_event", "inbox", "outbox", "teams_conversation");

    @TempDir
    Path tempDir;

    private final HttpClient http = HttpClient.newHttpClient();
    private Leerkring plain;
    private TeamsServer server;

    @AfterEach
    void stop() {
        if (plain != null) {
            plain.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void withoutCredentialsTheEmulatorIsOffByDefaultAndThereIsNoApiMessages() {
        plain = Leerkring.create(TestConfigs.server(TestDatabases.h2(tempDir)), Clock.systemUTC()).startServer();
        String activity = "{\"type\":\"message\",\"id\":\"a1\",\"serviceUrl\":\"http://127.0.0.1:9/\","
                + "\"conversation\":{\"id\":\"c\"},\"from\":{\"id\":\"u\"},\"text\":\"kring start\"}";

        HttpResponse<String> response = Http.send(http, HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + plain.port() + "/api/messages"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(activity)).build());

        assertEquals(404, response.statusCode());
        assertEquals(0, Rows.countAll(plain.database(), "inbound_event"));
    }

    @Test
    void theEmulatorRefusesEveryServiceUrlThatIsNotThisMachine() throws Exception {
        startEmulator();
        TeamsChannel teams = server.channel(CHANNEL);
        List<String> elsewhere = List.of(
                "http://127.attacker.example/", "http://127.0.0.1.attacker.example/", "https://127.0.0.1.nip.io.attacker.example/",
                "http://localhost.attacker.example/", "https://smba.trafficmanager.net/emea/", "http://10.0.0.1/",
                "http://169.254.169.254/latest/", "http://[::ffff:8.8.8.8]/", "http://0x7f000001.attacker.example/",
                "file:///etc/passwd", "ftp://127.0.0.1/", "http:///nohost", "not a url", "");
        int n = 0;
        for (String serviceUrl : elsewhere) {
            ObjectNode activity = teams.activity(ANNA, CHANNEL, "channel", "kring start").put("id", "act-" + n++)
                    .put("serviceUrl", serviceUrl);

            HttpResponse<String> response = teams.send(activity.toString(), null);

            assertTrue(response.statusCode() == 403 || response.statusCode() == 400, serviceUrl + ": " + response.statusCode());
            assertFalse(INTERNALS.matcher(response.body()).find(), response.body());
        }
        assertNothingChanged(Map.of());

        // and this machine is answered: by address and by the name localhost
        ObjectNode local = teams.activity(ANNA, CHANNEL, "channel", "<@" + TeamsChannel.BOT + "> kring start").put("id", "act-local")
                .put("serviceUrl", server.connector().serviceUrl().replace("127.0.0.1", "localhost"));
        assertEquals(202, teams.send(local.toString(), null).statusCode());
        assertEquals(1, Rows.countAll(server.app().database(), "circle"));
    }

    @Test
    void loopbackIsDecidedOnResolvedAddresses() {
        assertTrue(MessagesServlet.isLoopback("http://127.0.0.1:3978/"));
        assertTrue(MessagesServlet.isLoopback("http://127.1.2.3/"));
        assertTrue(MessagesServlet.isLoopback("http://[::1]:3978/"));
        assertTrue(MessagesServlet.isLoopback("http://localhost:3978/"));
        assertFalse(MessagesServlet.isLoopback("http://127.attacker.example/"));
        assertFalse(MessagesServlet.isLoopback("http://127.0.0.1.attacker.example/"));
        assertFalse(MessagesServlet.isLoopback("http://192.168.1.1/"));
        assertFalse(MessagesServlet.isLoopback("gopher://127.0.0.1/"));
        assertFalse(MessagesServlet.isLoopback(null));
    }

    @Test
    @Timeout(90)
    void tenThousandMalformedActivitiesAreRefusedWithoutA5xxOrATrace() throws Exception {
        startEmulator();
        TeamsChannel teams = server.channel(CHANNEL);
        Random random = new Random(20_240_612L);
        Map<Integer, Integer> statuses = new TreeMap<>();
        List<String> paths = List.of("type", "id", "serviceUrl", "conversation", "conversation/id", "from", "from/id",
                "recipient", "entities", "text");
        long started = System.nanoTime();

        for (int i = 0; i < CASES; i++) {
            ObjectNode activity = teams.activity(ANNA, CHANNEL, "channel", "kring start").put("id", "fuzz-" + i);
            String body;
            String kind;
            switch (random.nextInt(4)) {
                case 0 -> {
                    kind = "cut";
                    String whole = activity.toString();
                    body = whole.substring(0, 1 + random.nextInt(whole.length() - 2));
                }
                case 1 -> {
                    kind = "deep";
                    int depth = 1_001 + random.nextInt(5_000);
                    body = "{\"deep\":" + "[".repeat(depth) + "]".repeat(depth) + "," + activity.toString().substring(1);
                }
                case 2 -> {
                    kind = "garbage";
                    body = List.of("", "[]", "null", "1", "\"message\"", "{\"type\":1}", "{\"type\":[]}", "\u0000\u0001")
                            .get(random.nextInt(8));
                }
                default -> {
                    String path = paths.get(random.nextInt(paths.size()));
                    kind = "broken:" + path + ":" + breakAt(activity, path, random);
                    body = activity.toString();
                }
            }
            HttpResponse<String> response = teams.send(body, null);
            statuses.merge(response.statusCode(), 1, Integer::sum);
            String shown = i + " " + kind + ": " + response.statusCode() + " " + response.body() + "\n"
                    + (body.length() > 600 ? body.substring(0, 600) : body);
            assertTrue(response.statusCode() < 500, shown);
            assertFalse(INTERNALS.matcher(response.body()).find(), shown);
            assertTrue(response.statusCode() >= 400, shown);
        }
        long seconds = (System.nanoTime() - started) / 1_000_000_000;

        assertNothingChanged(Map.of());
        System.out.printf("%d malformed Teams activities in %d s: statuses %s%n", CASES, seconds, statuses);
    }

    /**
     * Breaks a member: removed, null, of a wrong JSON type, or far longer than its column. The
     * members an activity may lack (text, entities, recipient) are only given a wrong JSON type
     * (an object for text, an array or object instead of what they are), so that no activity
     * the bot could act on comes out.
     */
    private static String breakAt(ObjectNode activity, String path, Random random) {
        String[] parts = path.split("/");
        ObjectNode parent = parts.length == 1 ? activity : (ObjectNode) activity.path(parts[0]);
        String name = parts[parts.length - 1];
        boolean optional = List.of("text", "entities", "recipient").contains(name);
        int how = optional ? 2 : random.nextInt(4);
        switch (how) {
            case 0 -> parent.remove(name);
            case 1 -> parent.putNull(name);
            case 2 -> {
                JsonNode current = parent.path(name);
                if (current.isObject()) {
                    parent.putArray(name).add(1);
                } else {
                    parent.putObject(name).putArray("x").add(1);
                }
            }
            default -> parent.put(name, "x".repeat(300 + random.nextInt(4000)));
        }
        return "how" + how;
    }

    private void startEmulator() {
        server = TeamsServer.start(TestConfigs.server(TestDatabases.h2(tempDir)), Clock.systemUTC());
    }

    private void assertNothingChanged(Map<String, Long> expected) {
        Map<String, Long> counts = new LinkedHashMap<>();
        TABLES.forEach(t -> counts.put(t, Rows.countAll(server.app().database(), t)));
        Map<String, Long> zero = new LinkedHashMap<>();
        TABLES.forEach(t -> zero.put(t, expected.getOrDefault(t, 0L)));
        assertEquals(zero, counts);
        assertEquals(List.of(), server.connector().calls(), "calls to the connector");
    }
}
