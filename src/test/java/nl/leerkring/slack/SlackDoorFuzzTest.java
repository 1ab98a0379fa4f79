package nl.leerkring.slack;

import static nl.leerkring.testing.SlackRequests.FORM;
import static nl.leerkring.testing.SlackRequests.JSON;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import nl.leerkring.testing.FakeSlackApi;
import nl.leerkring.testing.Rows;
import nl.leerkring.testing.SlackRequests;
import nl.leerkring.testing.SlackServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Signed but malformed Slack requests into the real {@code /slack/events}: slash commands,
 * {@code block_actions}, {@code view_submission} and Events API callbacks, each taken from a
 * well-formed one (as Slack sends it, see {@link SlackRequests}) and broken in one place the
 * listeners rely on (missing, empty, a wrong JSON type, longer than its column, not an id,
 * given twice), nested deeper than any parser takes, cut short, or plain garbage. Seeded, so a
 * failure repeats. None may be a 5xx, show an exception, or change anything.
 */
class SlackDoorFuzzTest {

    private static final long SEED = 20_240_611L;
    private static final int CASES = 10_000;
    /** Requests in flight at once (Slack, too, sends several at a time). */
    private static final int SENDERS = 4;
    private static final String TEAM = FakeSlackApi.TEAM_ID;
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** What an answer must not show: exception names, packages, stack frames. */
    private static final Pattern INTERNALS = Pattern.compile(
            "Exception|Error:|\\bat [a-z]+\\.[a-z]|com\\.slack|com\\.google|org\\.eclipse|nl\\.leerkring|java\\.|Caused by");
    private static final List<String> TABLES = List.of("circle", "circle_member", "inbound_event", "inbox", "outbox");

    @TempDir
    Path tempDir;

    private SlackServer server;
    private final Random random = new Random(SEED);

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    @Timeout(120)
    void tenThousandSignedMalformedRequestsAreRefusedWithoutA5xxOrATrace() throws Exception {
        server = SlackServer.start(tempDir, Clock.systemUTC());
        Map<String, Long> before = counts();
        Map<Integer, Integer> statuses = new TreeMap<>();
        Map<String, Integer> kinds = new TreeMap<>();
        long started = System.nanoTime();

        List<Case> cases = new ArrayList<>();
        for (int i = 0; i < CASES; i++) {
            cases.add(next());
        }
        ExecutorService senders = Executors.newFixedThreadPool(SENDERS);
        try {
            List<Future<String>> answers = new ArrayList<>();
            for (int i = 0; i < CASES; i++) {
                int n = i;
                answers.add(senders.submit(() -> send(n, cases.get(n))));
            }
            for (int i = 0; i < CASES; i++) {
                String status = answers.get(i).get();
                statuses.merge(Integer.parseInt(status), 1, Integer::sum);
                kinds.merge(cases.get(i).kind().replaceAll(":how\\d|:element\\d", ""), 1, Integer::sum);
            }
        } finally {
            senders.shutdownNow();
        }
        long seconds = (System.nanoTime() - started) / 1_000_000_000;

        assertEquals(before, counts(), "the database");
        // Bolt asks auth.test who the bot is before the first request it hands a listener (cached
        // after); it did so for the few it answered itself (404 for a type no listener is for)
        assertEquals(List.of(), server.api().calls().stream().filter(c -> !c.method().equals("auth.test")).toList(),
                "calls to Slack's Web API");
        System.out.printf("%d signed malformed Slack requests in %d s: statuses %s, kinds %s%n",
                CASES, seconds, statuses, kinds);
    }

    /** Sends one case and checks its answer; returns the status. */
    private String send(int i, Case c) {
        HttpResponse<String> response = server.post(c.contentType(), c.body());
        String shown = "case " + i + " (" + c.kind() + "): " + response.statusCode() + " " + response.body()
                + "\n" + abbreviate(c.body());
        assertTrue(response.statusCode() < 500, shown);
        assertTrue(!INTERNALS.matcher(response.body()).find(), shown);
        assertTrue(response.statusCode() == 400 || c.mayPass(), shown);
        return Integer.toString(response.statusCode());
    }

    private Map<String, Long> counts() {
        Map<String, Long> counts = new LinkedHashMap<>();
        TABLES.forEach(t -> counts.put(t, Rows.countAll(server.app().database(), t)));
        return counts;
    }

    /** A request body; {@code mayPass}: one that Bolt may take (200) as long as nothing comes of it. */
    record Case(String kind, String contentType, String body, boolean mayPass) {
    }

    private Case next() {
        return switch (random.nextInt(6)) {
            case 0 -> slashCommand();
            case 1 -> interaction("block_actions", blockActions(), List.of("user", "user/id", "team", "team/id",
                    "actions", "actions/0", "actions/0/action_ts", "channel", "channel/id"));
            case 2 -> interaction("view_submission", viewSubmission(), List.of("user", "user/id", "team", "team/id",
                    "view", "view/id", "view/hash", "view/callback_id", "type"));
            case 3 -> event(random.nextBoolean() ? "app_mention" : "app_home_opened");
            case 4 -> garbage();
            default -> deepOrCut();
        };
    }

    private Case slashCommand() {
        Map<String, String> form = formOf(SlackRequests.slashCommand(TEAM, "C1", "U1", "start"));
        List<String> required = List.of("team_id", "channel_id", "user_id", "trigger_id", "text");
        String field = required.get(random.nextInt(required.size()));
        String body;
        switch (random.nextInt(5)) {
            case 0 -> {
                form.remove(field);
                body = form(form);
            }
            case 1 -> {
                if (field.equals("text")) { // an empty text is "/kring" alone, which is fine
                    form.remove(field);
                } else {
                    form.put(field, "");
                }
                body = form(form);
            }
            case 2 -> {
                if (field.equals("text")) {
                    form.remove(field);
                } else {
                    form.put(field, hugeId());
                }
                body = form(form);
            }
            case 3 -> {
                if (field.equals("text")) {
                    form.remove(field);
                } else {
                    form.put(field, notAnId());
                }
                body = form(form);
            }
            default -> body = form(form) + "&" + field + "=" + (field.startsWith("t") ? "T2" : "X2"); // given twice
        }
        return new Case("command:" + field, FORM, body, false);
    }

    private ObjectNode blockActions() {
        String form = SlackRequests.buttonPress(TEAM, "C1", "U1", "lk_choice_1", "circle.start|", "1700000000.000300",
                "1700000000.000100", false, SlackRequests.newTrigger());
        return (ObjectNode) readTree(formOf(form).get("payload"));
    }

    private ObjectNode viewSubmission() {
        ObjectNode view = MAPPER.createObjectNode().put("type", "modal").put("callback_id", "lk_form")
                .put("private_metadata", "{\"a\":\"circle.question\",\"c\":\"\",\"ch\":\"C1\"}");
        view.putArray("blocks").addObject().put("type", "input").put("block_id", "q")
                .putObject("element").put("type", "plain_text_input").put("action_id", "q");
        String form = SlackRequests.viewSubmission(TEAM, "U1", "V1", view, Map.of("q", "Hoe leren wij?"));
        return (ObjectNode) readTree(formOf(form).get("payload"));
    }

    private Case interaction(String type, ObjectNode payload, List<String> paths) {
        String path = paths.get(random.nextInt(paths.size()));
        String how = breakAt(payload, path);
        // a press without a channel (nor a Home tab view) is acked and ignored; a modal of
        // another callback_id is one no listener is for (Bolt: 404)
        return new Case(type + ":" + path + ":" + how, FORM, form(Map.of("payload", payload.toString())),
                path.equals("channel") || path.equals("view/callback_id"));
    }

    private Case event(String type) {
        String body = type.equals("app_mention")
                ? SlackRequests.appMention("Ev" + random.nextInt(1_000_000), TEAM, "C1", "U1", "<@" + FakeSlackApi.BOT_USER_ID + "> start")
                : SlackRequests.appHomeOpened("Ev" + random.nextInt(1_000_000), TEAM, "U1");
        ObjectNode tree = (ObjectNode) readTree(body);
        List<String> paths = type.equals("app_mention")
                ? List.of("team_id", "event_id", "event", "event/user", "event/channel", "event/text", "event/type", "type")
                : List.of("team_id", "event_id", "event", "event/user", "event/type", "type");
        String path = paths.get(random.nextInt(paths.size()));
        String how = breakAt(tree, path);
        // without its type, an event is one no listener is for: Bolt may answer it (404) but does nothing
        return new Case("event:" + type + ":" + path + ":" + how, JSON, tree.toString(), path.equals("event/type"));
    }

    /**
     * Breaks the member at {@code path}: removed, null, empty, of the wrong JSON type, an id
     * longer than its column, or not an id. Returns how.
     */
    private String breakAt(ObjectNode root, String path) {
        String[] parts = path.split("/");
        JsonNode parent = root;
        for (int i = 0; i < parts.length - 1; i++) {
            parent = parts[i].matches("\\d+") ? parent.path(Integer.parseInt(parts[i])) : parent.path(parts[i]);
        }
        String name = parts[parts.length - 1];
        JsonNode current = parent.isArray() ? parent.path(Integer.parseInt(name)) : parent.path(name);
        int how = random.nextInt(5);
        if (name.equals("text") && how >= 3) {
            how = 0; // any text is a text: only its absence breaks it
        }
        if (parent.isArray()) {
            ArrayNode array = (ArrayNode) parent;
            switch (how) {
                case 0 -> array.set(Integer.parseInt(name), MAPPER.nullNode());
                case 1 -> array.set(Integer.parseInt(name), MAPPER.getNodeFactory().textNode("x"));
                default -> array.set(Integer.parseInt(name), MAPPER.getNodeFactory().numberNode(random.nextInt()));
            }
            return "element" + how;
        }
        if (!(parent instanceof ObjectNode object)) {
            return "absent";
        }
        switch (how) {
            case 0 -> object.remove(name);
            case 1 -> object.putNull(name);
            case 2 -> {
                if (current.isObject() || current.isArray()) {
                    object.put(name, "not-" + (current.isObject() ? "an-object" : "an-array"));
                } else {
                    object.putArray(name).add("x");
                }
            }
            case 3 -> object.put(name, current.isContainerNode() ? "" : hugeId());
            default -> {
                if (current.isContainerNode()) {
                    object.putObject(name).put("unexpected", random.nextInt());
                    if (current.isArray()) {
                        object.put(name, random.nextInt());
                    }
                } else {
                    object.put(name, name.equals("type") ? "not_a_type_" + random.nextInt(100) : notAnId());
                }
            }
        }
        return "how" + how;
    }

    private Case garbage() {
        int n = random.nextInt(400);
        return switch (random.nextInt(6)) {
            case 0 -> new Case("garbage:bytes-form", FORM, randomText(n), false);
            case 1 -> new Case("garbage:bytes-json", JSON, randomText(n), false);
            case 2 -> new Case("garbage:bad-percent", FORM, "payload=%7B%zz" + randomText(n), false);
            case 3 -> new Case("garbage:not-an-object", JSON, List.of("[]", "1", "\"x\"", "null", "true", "[{\"type\":\"event_callback\"}]")
                    .get(random.nextInt(6)), false);
            case 4 -> new Case("garbage:payload-not-an-object", FORM, "payload=" + URLEncoder.encode(
                    List.of("[]", "1", "\"block_actions\"", "null", "{", "{\"type\":[1]}").get(random.nextInt(6)), StandardCharsets.UTF_8), false);
            default -> new Case("garbage:other-type", List.of("text/plain", "application/xml", "multipart/form-data; boundary=x")
                    .get(random.nextInt(3)), SlackRequests.slashCommand(TEAM, "C1", "U1", "start"), false);
        };
    }

    /** Nesting deeper than Gson reads (255), or a well-formed payload cut short. */
    private Case deepOrCut() {
        String json = switch (random.nextInt(3)) {
            case 0 -> blockActions().toString();
            case 1 -> viewSubmission().toString();
            default -> SlackRequests.appMention("Ev1", TEAM, "C1", "U1", "kring start");
        };
        boolean event = json.contains("event_callback");
        String broken;
        String kind;
        if (random.nextBoolean()) {
            int depth = 256 + random.nextInt(5_000);
            String nest = "[".repeat(depth) + "]".repeat(depth);
            int at = json.indexOf(',') + 1;
            broken = json.substring(0, at) + "\"deep\":" + nest + "," + json.substring(at);
            kind = "deep";
        } else {
            broken = json.substring(0, 1 + random.nextInt(json.length() - 2));
            kind = "cut";
        }
        return event ? new Case(kind + ":event", JSON, broken, false)
                : new Case(kind + ":interaction", FORM, form(Map.of("payload", broken)), false);
    }

    private String hugeId() {
        return "U" + "1".repeat(255 + random.nextInt(5000));
    }

    private String notAnId() {
        return List.of("U1 OR 1=1", "U1\n", "<@U1>", "../../etc", "Ü1", "U1\"}", "\u0000", "C1;DROP", "U1%00")
                .get(random.nextInt(9));
    }

    private String randomText(int n) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < n; i++) {
            s.append((char) (random.nextBoolean() ? 32 + random.nextInt(95) : random.nextInt(0x3000)));
        }
        return s.toString();
    }

    private static Map<String, String> formOf(String form) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String pair : form.split("&")) {
            String[] kv = pair.split("=", 2);
            fields.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
        }
        return fields;
    }

    private static String form(Map<String, String> fields) {
        return fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    private static JsonNode readTree(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 600 ? s.substring(0, 600) + "… (" + s.length() + " chars)" : s;
    }
}
