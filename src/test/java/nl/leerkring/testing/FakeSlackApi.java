package nl.leerkring.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import javax.net.ServerSocketFactory;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;

/**
 * The Slack Web API on loopback (OkHttp MockWebServer): answers {@code auth.test},
 * {@code chat.postMessage}, {@code chat.postEphemeral}, {@code chat.update} (of a message it has, by channel
 * and ts), {@code views.open}, {@code views.publish}
 * and {@code users.info} like Slack does (every message gets its own {@code ts}, so threads can
 * be followed; a profile's time zone is what {@link #profileTimeZone} set; a message to a user id
 * lands in the app's DM with them, whose id {@link #directChannelOf} answers), and records every
 * call with its form fields, the status it got, what it answered and when it came. File uploads
 * go as {@code files.uploadV2} makes them: {@code files.getUploadURLExternal} answers an upload
 * URL on this fake, the bytes posted there are an {@code "upload"} call (fields {@code file_id}
 * and {@code content}), then {@code files.completeUploadExternal}.
 *
 * <p>{@link #rateLimitNextPostMessages} makes it answer the next chat.postMessage calls with
 * HTTP 429 and a {@code Retry-After} header, as Slack does when a bot posts too fast;
 * {@link #enforceOnePostPerSecondPerChannel} makes it do so whenever a channel gets more than
 * Slack's one message a second. {@link #latency} delays every answer, {@link #hang} the answers
 * to one channel.
 */
public final class FakeSlackApi implements AutoCloseable {

    public static final String TEAM_ID = "T1";
    public static final String BOT_USER_ID = "UBOT";

    /**
     * One call the bot made: the method (chat.postMessage), its decoded form fields, the status
     * answered, and the id Slack gave the result ({@code ts} of a message, the view id of a modal).
     */
    public record Call(String method, Map<String, String> form, int status, String ref, long atNanos, Instant at) {

        public String field(String name) {
            return form.getOrDefault(name, "");
        }

        /** The thread the message was posted in, or "" for a top-level message. */
        public String threadTs() {
            return field("thread_ts");
        }

        public boolean isEphemeral() {
            return method.equals("chat.postEphemeral");
        }

        /** The text and blocks together, for "does the message say …" checks. */
        public String content() {
            return field("text") + "\n" + field("blocks");
        }

        public boolean isChat() {
            return method.startsWith("chat.");
        }
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();
    private final MockWebServer server = new MockWebServer();
    private final ConcurrentLinkedQueue<Call> calls = new ConcurrentLinkedQueue<>();
    private final Map<String, String> zones = new ConcurrentHashMap<>();
    private final AtomicInteger rateLimited = new AtomicInteger();
    private final java.util.Set<String> botNotIn = ConcurrentHashMap.newKeySet();
    private final AtomicLong messageSeq = new AtomicLong();
    private volatile int retryAfterSeconds;
    private volatile boolean recording = true;
    private volatile Duration latency = Duration.ZERO;
    private final Map<String, Duration> hangs = new ConcurrentHashMap<>();
    private final Map<String, String> refusals = new ConcurrentHashMap<>();
    /** Workspaces of channels by the start of their id (see {@link #channelsOf}). */
    private final Map<String, String> channelTeams = new ConcurrentHashMap<>();
    private volatile Duration minimumGap;
    private volatile String uploadError;
    private final Map<String, Long> lastAcceptedPost = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Map<String, String>> postsArrived = new ConcurrentLinkedQueue<>();
    /** The messages posted (not refused), per conversation as conversations.history shows them: a DM under its D id. */
    private final Map<String, List<com.fasterxml.jackson.databind.node.ObjectNode>> kept = new ConcurrentHashMap<>();
    private final java.util.concurrent.CountDownLatch closing = new java.util.concurrent.CountDownLatch(1);

    private FakeSlackApi() {
        server.setServerSocketFactory(new NoDelayServerSocketFactory());
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return answer(request);
            }
        });
    }

    public static FakeSlackApi start() {
        FakeSlackApi fake = new FakeSlackApi();
        try {
            fake.server.start(InetAddress.getLoopbackAddress(), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return fake;
    }

    /** What to configure as Leerkring's Slack API URL. */
    public String apiUrl() {
        return server.url("/api/").toString();
    }

    /** The next {@code count} chat.postMessage calls get HTTP 429 with {@code Retry-After: seconds}. */
    public void rateLimitNextPostMessages(int count, int seconds) {
        retryAfterSeconds = seconds;
        rateLimited.set(count);
    }

    /** Every answer comes this much later (a real API's latency). */
    public void latency(Duration delay) {
        latency = delay;
    }

    /** chat.postMessage calls to {@code channel} are answered only after {@code delay} (a hanging endpoint). */
    public void hang(String channel, Duration delay) {
        hangs.put(channel, delay);
    }

    /**
     * From now on a chat.postMessage arriving less than a second after the last one that was
     * let through to the same channel gets HTTP 429 with {@code Retry-After: 1}, as Slack's
     * "1 message per second per channel". {@code jitter} is how much earlier than a second a post
     * may arrive and still count as on time: the client paces when it sends, the fake measures
     * when the request arrives.
     */
    public void enforceOnePostPerSecondPerChannel(Duration jitter) {
        minimumGap = Duration.ofSeconds(1).minus(jitter);
    }

    /**
     * The bot is not in this conversation: conversations.info says {@code is_member: false} for
     * a channel and {@code channel_not_found} for a direct conversation (D…) between people;
     * chat.postMessage and chat.postEphemeral there fail with {@code not_in_channel} in a channel
     * and {@code channel_not_found} in a direct conversation, as Slack answers.
     */
    /**
     * Channels whose id starts with {@code idPrefix} were made in workspace {@code team}:
     * {@code conversations.info} names it as their {@code context_team_id}, as Slack names the
     * workspace a channel belongs to (without this, {@link #TEAM_ID}'s).
     */
    public void channelsOf(String team, String idPrefix) {
        channelTeams.put(idPrefix, team);
    }

    private String teamOf(String channel) {
        return channelTeams.entrySet().stream().filter(e -> channel != null && channel.startsWith(e.getKey()))
                .map(Map.Entry::getValue).findFirst().orElse(TEAM_ID);
    }

    /** From now on every call of {@code method} is answered {@code {"ok":false,"error":error}} (a missing scope, say). */
    public void refuse(String method, String error) {
        refusals.put(method, error);
    }

    /** {@code method} is answered normally again after {@link #refuse}. */
    public void stopRefusing(String method) {
        refusals.remove(method);
    }

    public void botNotIn(String channel) {
        botNotIn.add(channel);
    }

    /** A response_url as Slack puts in a slash command, here on this fake: what is posted to it is a "response_url" call. */
    public String newResponseUrl() {
        return server.url("/commands/" + TEAM_ID + "/1/" + java.util.UUID.randomUUID()).toString();
    }

    /** A fresh response_url of a button press on this fake, as Slack gives one with every {@code block_actions}. */
    public String newActionResponseUrl() {
        return server.url("/actions/" + TEAM_ID + "/1/" + java.util.UUID.randomUUID()).toString();
    }

    /**
     * From now on files.getUploadURLExternal fails with this error, as Slack answers an app
     * installed without {@code files:write} ({@code missing_scope}).
     */
    public void refuseUploads(String error) {
        uploadError = error;
    }

    /** The time zone users.info reports in the profile of a user (others: user_not_found). */
    public void profileTimeZone(String user, String zone) {
        zones.put(user, zone);
    }

    /** Whether calls are kept; a long benchmark turns this off so memory stays flat. */
    public void recordCalls(boolean on) {
        recording = on;
    }

    /**
     * The texts of the chat.postMessage calls to {@code channel} as they arrived, answered or not
     * yet (a call is in {@link #calls()} only once it has been answered).
     */
    public List<String> postsArrived(String channel) {
        return postsArrived.stream().filter(f -> channel.equals(f.get("channel"))).map(f -> f.getOrDefault("text", "")).toList();
    }

    public List<Call> calls() {
        return List.copyOf(calls);
    }

    public List<Call> calls(String method) {
        return calls.stream().filter(c -> c.method().equals(method)).toList();
    }

    public List<Call> chatCalls() {
        return calls.stream().filter(Call::isChat).toList();
    }

    /** Waits (bounded) for a call of that method that matches, and returns it. */
    public Call await(String method, Predicate<Call> matching, Duration timeout) {
        return Await.until(() -> calls(method).stream().filter(matching).findFirst(), timeout,
                () -> "no " + method + " call matching; calls so far: " + calls());
    }

    /** The same, waiting at most {@link Await#WAIT}. */
    public Call await(String method, Predicate<Call> matching) {
        return await(method, matching, Await.WAIT);
    }

    private MockResponse answer(RecordedRequest request) {
        String path = request.getPath() == null ? "" : request.getPath();
        String method = path.substring(path.lastIndexOf('/') + 1);
        String body = request.getBody().readUtf8();
        if (path.startsWith("/commands/") || path.startsWith("/actions/")) {
            return responseUrl(request, body);
        }
        if (path.startsWith("/upload/")) {
            return upload(path, body);
        }
        Map<String, String> form = decodeForm(body);
        // MockWebServer keeps every request for takeRequest(); we record our own, so drop its copy
        // (a benchmark run would otherwise hold hundreds of thousands of them).
        try {
            server.takeRequest(0, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (method.equals("chat.postMessage")) {
            postsArrived.add(form);
        }
        pause(latency);
        if (method.equals("chat.postMessage")) {
            pause(hangs.getOrDefault(form.getOrDefault("channel", ""), Duration.ZERO));
        }
        boolean scripted = method.equals("chat.postMessage") && rateLimited.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
        boolean limited = scripted || (method.equals("chat.postMessage") && tooSoon(form.getOrDefault("channel", "")));
        String ref = limited ? null : nextRef(method);
        String outside = notIn(method, form.get("channel"));
        if (outside == null && uploadError != null && method.equals("files.getUploadURLExternal")) {
            outside = uploadError;
        }
        if (outside == null) {
            outside = refusals.get(method);
        }
        MockResponse response = limited ? tooManyRequests(scripted ? retryAfterSeconds : 1)
                : outside != null ? error(outside) : ok(method, form, ref);
        if (method.equals("chat.postMessage") && !limited && outside == null) {
            keep(form, ref);
        }
        if (recording) {
            calls.add(new Call(method, form, limited ? 429 : 200, ref, System.nanoTime(), Instant.now()));
        }
        return response;
    }

    /** A direct message posted to a user id lands in the app's DM with them ({@link #directChannelOf}). */
    private static String conversationOf(String channel) {
        return channel != null && channel.matches("[UW].*") ? directChannelOf(channel) : channel;
    }

    private void keep(Map<String, String> form, String ts) {
        var message = JSON.createObjectNode().put("type", "message").put("user", BOT_USER_ID).put("ts", ts)
                .put("text", form.getOrDefault("text", ""));
        if (form.containsKey("thread_ts")) {
            message.put("thread_ts", form.get("thread_ts"));
        }
        if (form.containsKey("metadata")) {
            try {
                message.set("metadata", JSON.readTree(form.get("metadata")));
            } catch (IOException e) {
                throw new IllegalStateException("metadata is not JSON: " + form.get("metadata"), e);
            }
        }
        kept.computeIfAbsent(conversationOf(form.get("channel")), c -> new java.util.concurrent.CopyOnWriteArrayList<>())
                .add(message);
    }

    /** chat.update: the posted message with that ts in that conversation gets the new text, or {@code message_not_found}. */
    private String update(Map<String, String> form) {
        String channel = form.getOrDefault("channel", "");
        var message = kept.getOrDefault(channel, List.of()).stream()
                .filter(m -> m.path("ts").asText().equals(form.get("ts"))).findFirst();
        if (message.isEmpty()) {
            return "{\"ok\":false,\"error\":\"message_not_found\"}";
        }
        message.get().put("text", form.getOrDefault("text", ""));
        return "{\"ok\":true,\"channel\":\"%s\",\"ts\":\"%s\",\"text\":%s}".formatted(channel, form.get("ts"),
                JSON.getNodeFactory().textNode(form.getOrDefault("text", "")).toString());
    }

    /** conversations.history (newest first, top-level messages) or conversations.replies (a thread, oldest first). */
    private String history(Map<String, String> form, boolean replies) {
        List<com.fasterxml.jackson.databind.node.ObjectNode> all = List.copyOf(kept.getOrDefault(form.get("channel"), List.of()));
        boolean metadata = "true".equals(form.get("include_all_metadata")) || "1".equals(form.get("include_all_metadata"));
        int limit = Integer.parseInt(form.getOrDefault("limit", "100"));
        var list = JSON.createArrayNode();
        List<com.fasterxml.jackson.databind.node.ObjectNode> chosen = replies
                ? all.stream().filter(m -> form.get("ts").equals(m.path("thread_ts").asText(null)) || form.get("ts").equals(m.path("ts").asText()))
                        .limit(limit).toList()
                : newestFirst(all).stream().filter(m -> !m.has("thread_ts")).limit(limit).toList();
        for (var m : chosen) {
            var copy = m.deepCopy();
            if (!metadata) {
                copy.remove("metadata");
            }
            list.add(copy);
        }
        return JSON.createObjectNode().put("ok", true).put("has_more", false).set("messages", list).toString();
    }

    private static <T> List<T> newestFirst(List<T> oldestFirst) {
        List<T> copy = new ArrayList<>(oldestFirst);
        java.util.Collections.reverse(copy);
        return copy;
    }

    /** A post to a response_url: JSON with text, response_type and blocks; Slack answers "ok". */
    private MockResponse responseUrl(RecordedRequest request, String body) {
        try {
            server.takeRequest(0, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Map<String, String> form = new HashMap<>();
        try {
            var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(body);
            form.put("text", json.path("text").asText());
            form.put("response_type", json.path("response_type").asText());
            form.put("replace_original", json.path("replace_original").asText());
            form.put("blocks", json.path("blocks").toString());
            form.put("url", request.getPath());
        } catch (IOException e) {
            form.put("body", body);
        }
        if (recording) {
            calls.add(new Call("response_url", form, 200, null, System.nanoTime(), Instant.now()));
        }
        return new MockResponse().setHeader("Content-Type", "text/plain").setBody("ok");
    }

    /** The bytes of a file, posted to the upload URL that files.getUploadURLExternal gave; Slack answers "OK - <size>". */
    private MockResponse upload(String path, String body) {
        try {
            server.takeRequest(0, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Map<String, String> form = new HashMap<>();
        form.put("file_id", path.substring("/upload/".length()));
        form.put("content", body);
        if (recording) {
            calls.add(new Call("upload", form, 200, null, System.nanoTime(), Instant.now()));
        }
        return new MockResponse().setHeader("Content-Type", "text/plain").setBody("OK - " + body.getBytes(StandardCharsets.UTF_8).length);
    }

    /** The id of the app's DM with a user, as chat.postMessage to the user's id answers it ({@code UALICE} → {@code DUALICE}). */
    public static String directChannelOf(String userId) {
        return "D" + userId;
    }

    /** Whether this post comes too soon after the last one let through to the channel (and notes it if not). */
    private boolean tooSoon(String channel) {
        Duration gap = minimumGap;
        if (gap == null) {
            return false;
        }
        long now = System.nanoTime();
        boolean[] soon = {false};
        lastAcceptedPost.compute(channel, (c, last) -> {
            if (last != null && now - last < gap.toNanos()) {
                soon[0] = true;
                return last;
            }
            return now;
        });
        return soon[0];
    }

    private void pause(Duration delay) {
        if (!delay.isZero()) {
            try {
                closing.await(delay.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static MockResponse tooManyRequests(int retryAfterSeconds) {
        return new MockResponse().setResponseCode(429)
                .setHeader("Retry-After", Integer.toString(retryAfterSeconds))
                .setHeader("Content-Type", "application/json")
                .setBody("{\"ok\":false,\"error\":\"ratelimited\"}");
    }

    /** The error Slack gives for a call in a conversation the bot is not in, or null. */
    private String notIn(String method, String channel) {
        if (channel == null || !botNotIn.contains(channel)) {
            return null;
        }
        boolean direct = channel.startsWith("D");
        return switch (method) {
            case "chat.postMessage" -> direct ? "channel_not_found" : "not_in_channel";
            case "chat.postEphemeral", "chat.update" -> direct ? "channel_not_found" : "not_in_channel";
            case "conversations.info" -> direct ? "channel_not_found" : null;
            default -> null;
        };
    }

    private static MockResponse error(String error) {
        return new MockResponse().setHeader("Content-Type", "application/json; charset=utf-8")
                .setBody("{\"ok\":false,\"error\":\"%s\"}".formatted(error));
    }

    private String nextRef(String method) {
        long n = messageSeq.incrementAndGet();
        return method.equals("views.open") ? "V" + String.format("%08d", n) : "1700000000." + String.format("%06d", n);
    }

    private MockResponse ok(String method, Map<String, String> form, String ts) {
        String body = switch (method) {
            case "auth.test" -> """
                    {"ok":true,"url":"https://x.slack.com/","team":"x","user":"leerkring","team_id":"%s",
                     "user_id":"%s","bot_id":"B1"}""".formatted(TEAM_ID, BOT_USER_ID);
            case "chat.postMessage" -> "{\"ok\":true,\"channel\":\"%s\",\"ts\":\"%s\"}".formatted(
                    conversationOf(form.get("channel")), ts);
            case "files.getUploadURLExternal" -> "{\"ok\":true,\"upload_url\":\"%s\",\"file_id\":\"F%s\"}"
                    .formatted(server.url("/upload/F" + ts.replace(".", "")), ts.replace(".", ""));
            case "files.completeUploadExternal" -> "{\"ok\":true,\"files\":%s}".formatted(form.getOrDefault("files", "[]"));
            case "chat.postEphemeral" -> "{\"ok\":true,\"message_ts\":\"%s\"}".formatted(ts);
            case "chat.update" -> update(form);
            case "views.open" -> "{\"ok\":true,\"view\":{\"id\":\"%s\",\"type\":\"modal\",\"hash\":\"%s.h\"}}".formatted(ts, ts);
            case "views.publish" -> "{\"ok\":true,\"view\":{\"id\":\"H%s\",\"type\":\"home\"}}".formatted(ts);
            case "conversations.info" -> form.getOrDefault("channel", "").startsWith("D")
                    ? "{\"ok\":true,\"channel\":{\"id\":\"%s\",\"is_im\":true,\"user\":\"U0\"}}".formatted(form.get("channel"))
                    : "{\"ok\":true,\"channel\":{\"id\":\"%s\",\"name\":\"kring\",\"is_channel\":true,\"is_member\":%s,\"context_team_id\":\"%s\"}}"
                            .formatted(form.get("channel"), !botNotIn.contains(form.get("channel")), teamOf(form.get("channel")));
            case "users.info" -> zones.containsKey(form.get("user"))
                    ? "{\"ok\":true,\"user\":{\"id\":\"%s\",\"tz\":\"%s\"}}".formatted(form.get("user"), zones.get(form.get("user")))
                    : "{\"ok\":false,\"error\":\"user_not_found\"}";
            case "conversations.open" -> "{\"ok\":true,\"channel\":{\"id\":\"%s\"}}".formatted(conversationOf(form.get("users")));
            case "conversations.history" -> history(form, false);
            case "conversations.replies" -> history(form, true);
            default -> "{\"ok\":false,\"error\":\"unknown_method\"}";
        };
        return new MockResponse().setHeader("Content-Type", "application/json; charset=utf-8").setBody(body);
    }

    private static Map<String, String> decodeForm(String body) {
        Map<String, String> form = new HashMap<>();
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            form.put(URLDecoder.decode(key, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        return form;
    }

    /**
     * MockWebServer writes a response's headers and body separately and leaves Nagle's algorithm
     * on, so with the client's delayed ACK every answer took about 40 ms (the delivery worker
     * managed ~20 messages/s). Real Slack does not behave like that, so the fake must not either.
     */
    private static final class NoDelayServerSocketFactory extends ServerSocketFactory {
        @Override
        public ServerSocket createServerSocket() throws IOException {
            return new ServerSocket() {
                @Override
                public Socket accept() throws IOException {
                    Socket socket = super.accept();
                    socket.setTcpNoDelay(true);
                    return socket;
                }
            };
        }

        @Override
        public ServerSocket createServerSocket(int port) throws IOException {
            throw new UnsupportedOperationException("MockWebServer binds an unbound socket");
        }

        @Override
        public ServerSocket createServerSocket(int port, int backlog) throws IOException {
            throw new UnsupportedOperationException("MockWebServer binds an unbound socket");
        }

        @Override
        public ServerSocket createServerSocket(int port, int backlog, InetAddress address) throws IOException {
            throw new UnsupportedOperationException("MockWebServer binds an unbound socket");
        }
    }

    @Override
    public void close() {
        closing.countDown(); // ends every hang and latency at once
        try {
            server.shutdown();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
