package nl.leerkring.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nl.leerkring.testing.SlackRequests;

/**
 * The external load generator: {@code wrk} with {@code bench/requests.lua}, fed a file of
 * distinct pre-made requests. Slack bodies are signed when the file is written, just before
 * the run, so their timestamps are inside Slack's 5-minute window for the whole run.
 */
final class Wrk {

    /** What wrk's {@code done()} printed. */
    record Result(long requests, double seconds, long non2xx, long socketErrors, double p50Millis, double p99Millis,
                  double maxMillis, int bodies) {
        double perSecond() {
            return requests / seconds;
        }

        long errors() {
            return non2xx + socketErrors;
        }

        /** True when more requests were sent than there were distinct bodies (some were sent twice). */
        boolean wrapped() {
            return requests > bodies;
        }
    }

    private static final Pattern LINE = Pattern.compile(
            "BENCH requests=(\\d+) duration_us=(\\d+) non2xx=(\\d+) connect=(\\d+) read=(\\d+) write=(\\d+) timeout=(\\d+) "
            + "p50_us=(\\d+) p90_us=(\\d+) p99_us=(\\d+) max_us=(\\d+)");
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String TEAMS_BOT = "28:bench-bot-app-id";

    private final Path script;
    private final Path dir;
    private final int threads;
    private final int connections;

    Wrk(Path script, Path dir, int threads, int connections) {
        this.script = script;
        this.dir = dir;
        this.threads = threads;
        this.connections = connections;
    }

    /**
     * {@code count} signed {@code /kring <text>} slash commands in {@code team}, spread over 64
     * channels and 500 users, each with its own trigger_id, signed now.
     */
    Path slashCommands(String team, String text, int count, String secret) throws IOException {
        Path file = dir.resolve("slack-" + team + ".txt");
        long now = Instant.now().getEpochSecond();
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (int i = 0; i < count; i++) {
                String body = SlackRequests.slashCommand(team, "CLOAD" + (i % 64), "ULOAD" + (i % 500), text,
                        SlackRequests.newTrigger(), "https://hooks.slack.com/commands/" + team + "/1/" + i);
                out.write(SlackRequests.FORM + "\t" + now + "\t" + SlackRequests.signature(secret, now, body) + "\t" + body + "\n");
            }
        }
        return file;
    }

    /**
     * {@code count} Teams message activities {@code @Leerkring kring help} shaped as Teams sends
     * a channel message that mentions the bot, each with its own id, spread over 100 tenants,
     * 2,000 channel conversations and 5,000 users; the replies go to {@code serviceUrl}.
     */
    Path teamsActivities(String serviceUrl, int count) throws IOException {
        Path file = dir.resolve("teams.txt");
        String run = UUID.randomUUID().toString().substring(0, 8);
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (int i = 0; i < count; i++) {
                out.write("application/json\t\t\t" + activity(serviceUrl, "bench-" + run + "-" + i, "tenant-" + (i % 100),
                        "19:bench" + (i % 2000) + "@thread.tacv2", "29:user-" + (i % 5000)) + "\n");
            }
        }
        return file;
    }

    /** A message activity as Teams posts it to a bot mentioned in a channel. */
    static String activity(String serviceUrl, String id, String tenant, String conversation, String user) {
        ObjectNode a = JSON.createObjectNode();
        a.put("type", "message").put("id", id).put("timestamp", Instant.now().toString())
                .put("serviceUrl", serviceUrl).put("channelId", "msteams").put("locale", "nl-NL")
                .put("text", "<at>Leerkring</at> kring help").put("textFormat", "plain");
        a.putObject("from").put("id", user).put("name", "Gebruiker " + user.substring(user.length() - 3))
                .put("aadObjectId", "aad-" + user);
        a.putObject("recipient").put("id", TEAMS_BOT).put("name", "Leerkring");
        a.putObject("conversation").put("id", conversation).put("conversationType", "channel").put("tenantId", tenant)
                .put("isGroup", true);
        ObjectNode channelData = a.putObject("channelData");
        channelData.putObject("tenant").put("id", tenant);
        channelData.putObject("team").put("id", "19:team-" + tenant + "@thread.tacv2");
        channelData.putObject("channel").put("id", conversation);
        ObjectNode mention = a.putArray("entities").addObject().put("type", "mention").put("text", "<at>Leerkring</at>");
        mention.putObject("mentioned").put("id", TEAMS_BOT).put("name", "Leerkring");
        return a.toString();
    }

    /** Runs wrk against {@code url} for {@code duration} with the requests in {@code file}. */
    Result run(String url, String path, Path file, Duration duration) throws IOException, InterruptedException {
        int bodies;
        try (var lines = Files.lines(file)) {
            bodies = (int) lines.count();
        }
        List<String> command = new ArrayList<>(List.of("wrk", "-t" + threads, "-c" + connections,
                "-d" + duration.toSeconds() + "s", "--timeout", "10s", "-s", script.toString(), url + path,
                "--", file.toString(), path, Integer.toString(threads)));
        Process wrk = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(wrk.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!wrk.waitFor(duration.toSeconds() + 120, TimeUnit.SECONDS) || wrk.exitValue() != 0) {
            throw new IllegalStateException("wrk failed: " + String.join(" ", command) + "\n" + output);
        }
        Matcher m = LINE.matcher(output);
        if (!m.find()) {
            throw new IllegalStateException("no result line from wrk:\n" + output);
        }
        long socket = Long.parseLong(m.group(4)) + Long.parseLong(m.group(5)) + Long.parseLong(m.group(6))
                + Long.parseLong(m.group(7));
        return new Result(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)) / 1e6, Long.parseLong(m.group(3)), socket,
                Long.parseLong(m.group(8)) / 1000.0, Long.parseLong(m.group(10)) / 1000.0, Long.parseLong(m.group(11)) / 1000.0,
                bodies);
    }
}
