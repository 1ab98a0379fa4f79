package nl.leerkring;

import com.slack.api.app_backend.SlackSignature;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import nl.leerkring.config.Config;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * The training run of the class archive that makes the server start faster. The build runs it as
 * {@code java -XX:ArchiveClassesAtExit=target/leerkring.jsa -cp target/leerkring.jar
 * nl.leerkring.ClassArchiveTraining}: it starts the server with Slack on, on a new H2 database in
 * a temporary folder and a stand-in for Slack's Web API on this machine, asks {@code /healthz},
 * sends two signed slash commands ({@code /kring start}, {@code /kring help}), waits for their
 * replies at the stand-in, stops the server and exits, at which the JVM writes every class it
 * loaded into the archive. It reads none of the installation's settings and reaches no other
 * machine. Exits with 1 and one line on standard error when the server does not answer.
 */
public final class ClassArchiveTraining {

    private static final String SECRET = "class-archive-training";
    private static final int REPLIES = 2;

    private ClassArchiveTraining() {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("LEERKRING_LOG_LEVEL", "WARN");
        Path folder = Files.createTempDirectory("leerkring-training");
        int status = 0;
        try {
            train(folder);
        } catch (Exception | AssertionError e) {
            System.err.println("Class archive training failed: " + e);
            status = 1;
        } finally {
            deleteTree(folder);
        }
        System.exit(status);
    }

    private static void train(Path folder) throws Exception {
        CountDownLatch replies = new CountDownLatch(REPLIES);
        // the stand-in for Slack on the Jetty the server uses, which every Java runtime image has
        Server slack = new Server();
        ServerConnector connector = new ServerConnector(slack);
        connector.setHost("127.0.0.1");
        slack.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.addServlet(new ServletHolder(new HttpServlet() {
            @Override
            protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
                answer(request, response, replies);
            }
        }), "/*");
        slack.setHandler(context);
        slack.start();
        int slackPort = connector.getLocalPort();
        try {
            Map<String, String> settings = new LinkedHashMap<>();
            settings.put(Config.DATABASE_URL, "jdbc:h2:file:" + folder.resolve("leerkring").toAbsolutePath());
            settings.put(Config.PORT, "0");
            settings.put(Config.SLACK_BOT_TOKEN, "xoxb-class-archive-training");
            settings.put(Config.SLACK_SIGNING_SECRET, SECRET);
            settings.put(Config.SLACK_API_URL, "http://127.0.0.1:" + slackPort + "/api/");
            Config config = new Config(Map.of(), new Properties()).with(settings);
            try (Leerkring app = Leerkring.create(config, Clock.systemUTC()).startServer()) {
                String base = "http://127.0.0.1:" + app.port();
                expect200(base + "/healthz", null);
                String responseUrl = "http://127.0.0.1:" + slackPort + "/response";
                expect200(base + "/slack/events", slashCommand("start", responseUrl));
                expect200(base + "/slack/events", slashCommand("help", responseUrl));
                if (!replies.await(20, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the replies did not reach the stand-in for Slack within 20 s");
                }
                expect200(base + "/healthz", null);
            }
        } finally {
            slack.stop();
        }
    }

    /** Answers every Web API method as Slack does when it went well; a post counts as a reply. */
    private static void answer(HttpServletRequest request, HttpServletResponse response, CountDownLatch replies) throws IOException {
        String path = request.getRequestURI();
        String method = path.substring(path.lastIndexOf('/') + 1);
        String form;
        try (InputStream in = request.getInputStream()) {
            form = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String channel = Stream.of(form.split("&")).filter(p -> p.startsWith("channel="))
                .map(p -> URLDecoder.decode(p.substring(8), StandardCharsets.UTF_8)).findFirst().orElse("C1");
        String body = switch (method) {
            case "conversations.info" -> "{\"ok\":true,\"channel\":{\"id\":\"%s\",\"name\":\"kring\",\"is_channel\":true,\"is_member\":true}}"
                    .formatted(channel);
            case "chat.postMessage" -> "{\"ok\":true,\"channel\":\"%s\",\"ts\":\"1700000000.000100\"}".formatted(channel);
            case "chat.postEphemeral" -> "{\"ok\":true,\"message_ts\":\"1700000000.000200\"}";
            case "users.info" -> "{\"ok\":false,\"error\":\"user_not_found\"}";
            default -> "{\"ok\":true}";
        };
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        response.setContentType("application/json; charset=utf-8");
        response.setContentLength(bytes.length);
        try (OutputStream out = response.getOutputStream()) {
            out.write(bytes);
        }
        if (method.startsWith("chat.post") || path.equals("/response")) {
            replies.countDown();
        }
    }

    private static String slashCommand(String text, String responseUrl) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("token", "unused");
        form.put("team_id", "T0TRAINING");
        form.put("team_domain", "training");
        form.put("channel_id", "C0TRAINING");
        form.put("channel_name", "kring");
        form.put("user_id", "U0TRAINING");
        form.put("user_name", "training");
        form.put("command", "/kring");
        form.put("text", text);
        form.put("api_app_id", "A0TRAINING");
        form.put("trigger_id", "trigger." + text);
        form.put("response_url", responseUrl);
        return form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    /** GET {@code url}, or POST {@code form} to it signed as Slack signs; anything but 200 fails. */
    private static void expect200(String url, String form) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) URI.create(url).toURL().openConnection();
        connection.setConnectTimeout(5_000);
        connection.setReadTimeout(10_000);
        if (form != null) {
            String timestamp = Long.toString(System.currentTimeMillis() / 1000);
            String signature = new SlackSignature.Generator(SECRET).generate(timestamp, form);
            connection.setRequestMethod("POST");
            connection.setDoOutput(true);
            connection.setRequestProperty("Content-Type", "application/x-www-form-urlencoded");
            connection.setRequestProperty("X-Slack-Request-Timestamp", timestamp);
            connection.setRequestProperty("X-Slack-Signature", signature);
            try (OutputStream out = connection.getOutputStream()) {
                out.write(form.getBytes(StandardCharsets.UTF_8));
            }
        }
        int status = connection.getResponseCode();
        try (InputStream in = status < 400 ? connection.getInputStream() : connection.getErrorStream()) {
            if (in != null) {
                in.readAllBytes();
            }
        }
        if (status != 200) {
            throw new IllegalStateException(url + " answered " + status);
        }
    }

    private static void deleteTree(Path folder) throws IOException {
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
