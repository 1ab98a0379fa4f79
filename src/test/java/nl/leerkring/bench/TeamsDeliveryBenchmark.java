package nl.leerkring.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.time.Instant;
import nl.leerkring.Leerkring;
import nl.leerkring.chat.Address;
import nl.leerkring.chat.OutgoingMessage;
import nl.leerkring.chat.Platform;
import nl.leerkring.delivery.Outbox;
import nl.leerkring.config.Config;
import nl.leerkring.testing.TestConfigs;
import nl.leerkring.testing.TestDatabases;

/**
 * Teams replies delivered per second by one Leerkring process. It starts the whole app (H2 file
 * database, Teams door in emulator mode, the production delivery settings: platform pacing,
 * 1 s poll, 16 send threads) and a fast fake Bot Connector on loopback (a JDK
 * {@code HttpServer} answering every {@code POST /v3/conversations/…/activities} at once), then
 * posts {@code @Leerkring kring help} channel messages, shaped like Teams' (mention entity,
 * {@code channelData.tenant}), to {@code /api/messages} from closed-loop client threads, spread
 * over N channels with one member each, in T tenants. The help goes privately to the member's 1:1 chat.
 *
 * <p>Reported: the acks per second at the door, the replies per second at the fake (from the
 * first request to the last reply), the drain time after the last ack, the 1:1 chats the bot
 * asked the connector to create, and the most posts any one conversation got within a second
 * (Teams allows 7). Not a test: run it with
 * {@code mvn -B -q -Pbench test-compile exec:java -Dbench.main=nl.leerkring.bench.TeamsDeliveryBenchmark}
 * ({@code -Dbench.messages=2000 -Dbench.conversations=500 -Dbench.drain.each=5 -Dbench.tenants=100 -Dbench.clients=8}).
 */
public final class TeamsDeliveryBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** How many tenants the conversations are spread over: Teams allows an app 50 requests a second per tenant. */
    private static final int TENANTS = Integer.getInteger("bench.tenants", 100);
    private static final String BOT = "28:c9e5b3c2-bench-bot-app-id";

    private TeamsDeliveryBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int messages = Integer.getInteger("bench.messages", 2000);
        int conversations = Integer.getInteger("bench.conversations", 500);
        // replies per conversation in a drain: 5 stay within Teams' 7 a second per conversation
        int drainEach = Integer.getInteger("bench.drain.each", 5);
        int clients = Integer.getInteger("bench.clients", 8);
        Path dir = Files.createTempDirectory("lk-teams-delivery");
        try (FakeConnector connector = new FakeConnector()) {
            Config config = TestConfigs.withTeamsEmulator(TestConfigs.server(TestDatabases.h2(dir))).with(Map.of(
                    Config.DELIVERY_PACING, "platform", Config.DELIVERY_POLL_MILLIS, "1000"));
            try (Leerkring app = Leerkring.create(config, Clock.systemUTC()).startServer()) {
                Load load = new Load(URI.create("http://127.0.0.1:" + app.port() + "/api/messages"), connector.url(), clients);
                // warm-up: one help per conversation (the bot learns each channel and member's 1:1 chat)
                Result warm = round(load, connector, conversations, conversations, "warm-up");
                int postsPerMessage = Math.max(1, Math.round((float) warm.posts() / conversations));
                System.out.printf("posts per help: %d%n", postsPerMessage);
                round(load, connector, messages, conversations, "measured");
                drain(app, connector, conversations * drainEach, conversations, true);
                drain(app, connector, conversations * drainEach, conversations, false);
            }
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        System.exit(0); // the SDK's OkHttp threads would keep the JVM for another minute
    }

    private record Result(int posts) {
    }

    private static Result round(Load load, FakeConnector connector, int messages, int conversations, String name)
            throws Exception {
        connector.reset();
        long start = System.nanoTime();
        long failed = load.send(messages, conversations);
        long acked = System.nanoTime();
        // every help is one reply (the card); wait until the fake has them all, or nothing came for 30 s
        long lastChange = System.nanoTime();
        int seen = -1;
        while (connector.posts() < messages && System.nanoTime() - lastChange < 30_000_000_000L) {
            if (connector.posts() != seen) {
                seen = connector.posts();
                lastChange = System.nanoTime();
            }
            Thread.sleep(5);
        }
        long lastPost = connector.lastPostNanos();
        double ackSeconds = (acked - start) / 1e9;
        double deliverySeconds = (lastPost - start) / 1e9;
        System.out.printf("%-9s messages %5d in %4d conversations: acks %7.1f/s (%d failed), replies %5d at %7.1f/s, "
                        + "drain after last ack %6.2f s, 1:1 chats created %d, max posts to one conversation in 1 s %d%n",
                name, messages, conversations, messages / ackSeconds, failed, connector.posts(),
                connector.posts() / deliverySeconds, Math.max(0, lastPost - acked) / 1e9, connector.created(),
                connector.maxPerSecond());
        return new Result(connector.posts());
    }

    /**
     * The delivery alone: {@code messages} replies written to the outbox in one transaction, as
     * many turns would have written them (privately to each channel's member, or in the channel),
     * and the time from the commit to the last one at the fake.
     */
    private static void drain(Leerkring app, FakeConnector connector, int messages, int conversations, boolean privately)
            throws InterruptedException {
        connector.reset();
        String text = "**kring start**: maak van dit kanaal een leerkring\n**kring help**: deze hulp\n"
                + "**kring rol @iemand lid**: geef iemand een rol\n\nMeer op https://leerkring.example/hulp";
        List<OutgoingMessage> replies = new ArrayList<>();
        for (int i = 0; i < messages; i++) {
            Address channel = Address.channel(Platform.TEAMS, Load.tenant(i % conversations), Load.channel(i % conversations));
            replies.add(OutgoingMessage.text(privately ? channel.privatelyTo(Load.user(i % conversations)) : channel,
                    text + " (" + i + ")"));
        }
        app.database().jdbi().useTransaction(h -> Outbox.enqueueAll(h, replies, Instant.now(), m -> false));
        long start = System.nanoTime();
        app.delivery().wake();
        long lastChange = System.nanoTime();
        int seen = -1;
        while (connector.posts() < messages && System.nanoTime() - lastChange < 30_000_000_000L) {
            if (connector.posts() != seen) {
                seen = connector.posts();
                lastChange = System.nanoTime();
            }
            Thread.sleep(5);
        }
        double seconds = (connector.lastPostNanos() - start) / 1e9;
        System.out.printf("drain %-7s messages %5d in %4d conversations: replies %5d at %7.1f/s, drained in %6.2f s, "
                        + "1:1 chats created %d, max posts to one conversation in 1 s %d%n",
                privately ? "private" : "channel", messages, conversations, connector.posts(), connector.posts() / seconds,
                seconds, connector.created(), connector.maxPerSecond());
    }

    /** Closed-loop clients posting Teams channel messages to the bot. */
    private static final class Load {

        private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        private final URI endpoint;
        private final String serviceUrl;
        private final int clients;
        private final AtomicLong ids = new AtomicLong();

        Load(URI endpoint, String serviceUrl, int clients) {
            this.endpoint = endpoint;
            this.serviceUrl = serviceUrl;
            this.clients = clients;
        }

        /** Sends {@code messages} helps, message i in channel i mod {@code conversations}; the number that failed. */
        long send(int messages, int conversations) throws InterruptedException {
            AtomicInteger next = new AtomicInteger();
            AtomicLong failed = new AtomicLong();
            List<Thread> threads = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                Thread t = new Thread(() -> {
                    for (int i = next.getAndIncrement(); i < messages; i = next.getAndIncrement()) {
                        try {
                            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(endpoint)
                                    .header("Content-Type", "application/json")
                                    .POST(HttpRequest.BodyPublishers.ofString(activity(i % conversations)))
                                    .build(), HttpResponse.BodyHandlers.discarding());
                            if (response.statusCode() / 100 != 2) {
                                failed.incrementAndGet();
                            }
                        } catch (IOException e) {
                            failed.incrementAndGet();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return;
                        }
                    }
                }, "bench-client-" + c);
                t.start();
                threads.add(t);
            }
            for (Thread t : threads) {
                t.join();
            }
            return failed.get();
        }

        static String channel(int conversation) {
            return "19:bench" + conversation + "a1b2c3d4e5@thread.tacv2";
        }

        /** Conversation i is in tenant i mod {@link #TENANTS}. */
        static String tenant(int conversation) {
            return String.format("72f988bf-86f1-41af-91ab-%012d", conversation % TENANTS);
        }

        static String user(int conversation) {
            return "29:1bench-member-" + conversation;
        }

        /** A channel message to the bot, as Teams delivers it: {@code <at>Leerkring</at> kring help} and the mention. */
        private String activity(int conversation) {
            String channel = channel(conversation);
            String user = user(conversation);
            ObjectNode a = JSON.createObjectNode();
            a.put("type", "message").put("id", "1700" + ids.incrementAndGet()).put("timestamp", "2026-12-07T04:00:00.000Z")
                    .put("localTimestamp", "2026-12-07T05:00:00.000+01:00")
                    .put("serviceUrl", serviceUrl).put("channelId", "msteams").put("locale", "nl-NL")
                    .put("text", "<at>Leerkring</at> kring help").put("textFormat", "plain");
            a.putObject("from").put("id", user).put("name", "Lid " + conversation)
                    .put("aadObjectId", "6b4e8a2c-0000-0000-0000-" + String.format("%012d", conversation));
            a.putObject("recipient").put("id", BOT).put("name", "Leerkring");
            a.putObject("conversation").put("id", channel).put("conversationType", "channel").put("isGroup", true)
                    .put("tenantId", tenant(conversation));
            ObjectNode mention = a.putArray("entities").addObject().put("type", "mention").put("text", "<at>Leerkring</at>");
            mention.putObject("mentioned").put("id", BOT).put("name", "Leerkring");
            ObjectNode channelData = a.putObject("channelData");
            channelData.put("teamsChannelId", channel).put("teamsTeamId", channel);
            channelData.putObject("channel").put("id", channel);
            channelData.putObject("team").put("id", channel);
            channelData.putObject("tenant").put("id", tenant(conversation));
            return a.toString();
        }
    }

    /**
     * A Bot Connector on loopback that answers at once: each posted activity gets an id, a
     * {@code POST /v3/conversations} gets the member's 1:1 chat.
     */
    private static final class FakeConnector implements AutoCloseable {

        private final HttpServer server;
        /** How long it takes to answer a post, as the real connector's round trip. */
        private final long latencyMillis = Long.getLong("bench.latency.millis", 0);
        private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fake-connector");
            t.setDaemon(true);
            return t;
        });
        private final AtomicInteger posts = new AtomicInteger();
        private final AtomicInteger created = new AtomicInteger();
        private final AtomicLong lastPost = new AtomicLong();
        private final Map<String, ConcurrentLinkedQueue<Long>> times = new ConcurrentHashMap<>();

        FakeConnector() throws IOException {
            // without it the JDK server's header and body writes wait on the client's delayed ACK (40 ms)
            System.setProperty("sun.net.httpserver.nodelay", "true");
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
            server.setExecutor(executor);
            server.createContext("/", this::handle);
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
        }

        private void handle(HttpExchange exchange) throws IOException {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String path = exchange.getRequestURI().getPath();
            String answer;
            int status = 200;
            if (path.equals("/v3/conversations")) {
                JsonNode parameters = JSON.readTree(body);
                answer = "{\"id\":\"a:1chat-" + parameters.path("members").path(0).path("id").asText().replaceAll("[^A-Za-z0-9]", "")
                        + "\"}";
                created.incrementAndGet();
            } else if (path.startsWith("/v3/conversations/") && path.endsWith("/activities")) {
                if (latencyMillis > 0) {
                    try {
                        Thread.sleep(latencyMillis);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                String conversation = path.substring("/v3/conversations/".length(), path.length() - "/activities".length());
                long now = System.nanoTime();
                times.computeIfAbsent(conversation, k -> new ConcurrentLinkedQueue<>()).add(now);
                answer = "{\"id\":\"1701" + posts.incrementAndGet() + "\"}";
                lastPost.accumulateAndGet(now, Math::max);
            } else {
                status = 404;
                answer = "{}";
            }
            byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }

        int posts() {
            return posts.get();
        }

        int created() {
            return created.get();
        }

        long lastPostNanos() {
            return lastPost.get();
        }

        /** The most posts one conversation got within any one second. */
        int maxPerSecond() {
            int max = 0;
            for (ConcurrentLinkedQueue<Long> q : times.values()) {
                List<Long> sorted = new ArrayList<>(q);
                sorted.sort(null);
                for (int i = 0, j = 0; j < sorted.size(); j++) {
                    while (sorted.get(j) - sorted.get(i) >= 1_000_000_000L) {
                        i++;
                    }
                    max = Math.max(max, j - i + 1);
                }
            }
            return max;
        }

        void reset() {
            posts.set(0);
            created.set(0);
            lastPost.set(0);
            times.clear();
        }

        @Override
        public void close() {
            server.stop(0);
            executor.shutdownNow();
        }
    }
}
