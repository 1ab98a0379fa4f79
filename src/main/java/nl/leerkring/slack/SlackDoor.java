package nl.leerkring.slack;

import com.slack.api.app_backend.SlackSignature;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import nl.leerkring.web.WebServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /slack/events} in front of Bolt's servlet. It reads at most
 * {@link WebServer#MAX_BODY_BYTES} of the body (413 beyond), refuses a request whose timestamp
 * is more than five minutes from now in either direction or whose signature is wrong (401),
 * and a signed body that Bolt cannot take (400, see {@link SlackPayloads}); each refusal is one
 * log line and changes nothing. Only then does Bolt see the request, with the body it was
 * signed with.
 */
final class SlackDoor extends HttpServlet {

    private static final Logger log = LoggerFactory.getLogger(SlackDoor.class);
    /** Slack's window for {@code X-Slack-Request-Timestamp}, both ways. */
    static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(5);

    private final transient HttpServlet bolt;
    private final transient SlackSignature.Verifier verifier;
    private final transient Clock clock;

    SlackDoor(HttpServlet bolt, String signingSecret, Clock clock) {
        this.bolt = bolt;
        this.verifier = new SlackSignature.Verifier(new SlackSignature.Generator(signingSecret));
        this.clock = clock;
    }

    @Override
    public void init(ServletConfig config) throws ServletException {
        super.init(config);
        bolt.init(config);
    }

    @Override
    public void destroy() {
        bolt.destroy();
        super.destroy();
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
        if (req.getContentLengthLong() > WebServer.MAX_BODY_BYTES) {
            refuse(resp, HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE, "body of " + req.getContentLengthLong() + " bytes");
            return;
        }
        byte[] body;
        try (InputStream in = req.getInputStream()) {
            body = in.readNBytes(WebServer.MAX_BODY_BYTES + 1);
        }
        if (body.length > WebServer.MAX_BODY_BYTES) {
            refuse(resp, HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE, "body over " + WebServer.MAX_BODY_BYTES + " bytes");
            return;
        }
        String timestamp = req.getHeader("X-Slack-Request-Timestamp");
        long now = clock.millis();
        if (!fresh(timestamp, now)) {
            refuse(resp, HttpServletResponse.SC_UNAUTHORIZED, "timestamp missing or more than five minutes off");
            return;
        }
        String text = new String(body, StandardCharsets.UTF_8);
        if (!verifier.isValid(timestamp, text, req.getHeader("X-Slack-Signature"), now)) {
            refuse(resp, HttpServletResponse.SC_UNAUTHORIZED, "signature does not match");
            return;
        }
        Optional<String> problem = SlackPayloads.problem(req.getContentType(), text);
        if (problem.isPresent()) {
            refuse(resp, HttpServletResponse.SC_BAD_REQUEST, "signed, but " + problem.get());
            return;
        }
        bolt.service(new SignedBody(req, body), resp);
    }

    /** True when the timestamp is whole seconds within {@link #MAX_CLOCK_SKEW} of {@code nowMillis}. */
    static boolean fresh(String timestamp, long nowMillis) {
        if (timestamp == null || timestamp.isEmpty() || timestamp.length() > 12 || !timestamp.chars().allMatch(Character::isDigit)) {
            return false;
        }
        long skewMillis = Math.abs(nowMillis - Long.parseLong(timestamp) * 1000);
        return skewMillis <= MAX_CLOCK_SKEW.toMillis();
    }

    private static void refuse(HttpServletResponse resp, int status, String why) throws IOException {
        log.warn("Slack request refused ({}): {}", status, why);
        resp.setStatus(status);
        resp.setContentType("text/plain");
        resp.setCharacterEncoding("UTF-8");
        resp.getWriter().write(switch (status) {
            case HttpServletResponse.SC_BAD_REQUEST -> "Bad request\n";
            case HttpServletResponse.SC_UNAUTHORIZED -> "Not signed by Slack, or too old\n";
            default -> "Request too large\n";
        });
    }

    /** The request with the body already read, for Bolt to read again. */
    private static final class SignedBody extends HttpServletRequestWrapper {

        private final byte[] body;

        SignedBody(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new IllegalStateException("the body is already read");
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            return new BufferedReader(new InputStreamReader(getInputStream(), StandardCharsets.UTF_8));
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }
    }
}
