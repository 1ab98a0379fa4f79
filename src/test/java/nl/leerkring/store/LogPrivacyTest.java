package nl.leerkring.store;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import nl.leerkring.Leerkring;
import nl.leerkring.console.ConsoleApp;
import nl.leerkring.console.ConsoleSender;
import nl.leerkring.testing.TestConfigs;
import nl.leerkring.testing.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * What people type stays out of the log, also when it makes the database fail: the log is
 * captured with the app's own logback pattern while a command is typed that names a member whose
 * name (with a marker in it) is too long for its column, and the marker must not be in it.
 */
class LogPrivacyTest {

    private static final String MARKER = "GEHEIM-MARKER-7f3a";

    @TempDir
    Path tmp;

    @Test
    void aStatementThatFailsOnWhatWasTypedIsLoggedWithoutIt() throws Exception {
        String member = MARKER + "x".repeat(200); // circle_member.user_id is VARCHAR(128)
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        OutputStreamAppender<ILoggingEvent> capture = captureWithTheAppsPattern(log);
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(console, true, StandardCharsets.UTF_8);
        ConsoleSender sender = new ConsoleSender(out);
        try (Leerkring app = Leerkring.create(TestConfigs.server(TestDatabases.h2(tmp)), Clock.systemUTC()).startConsole(sender)) {
            new ConsoleApp(app.bot(), app.delivery(), sender, out)
                    .run(new BufferedReader(new StringReader("alice: /kring start\nalice: /kring rol @" + member + " lid\n")));
        } finally {
            rootLogger().detachAppender(capture);
            capture.stop();
        }
        String logged = log.toString(StandardCharsets.UTF_8);
        assertTrue(logged.contains("failed") && logged.contains("SQLException") && logged.contains("SQL state"),
                "the failure is in the log, with its stack: " + logged);
        assertTrue(logged.contains("22001"), "with the SQL state (value too long): " + logged);
        assertFalse(logged.contains(MARKER), "what was typed is not: " + logged);
    }

    private static Logger rootLogger() {
        return ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }

    /** An appender into {@code bytes} with the pattern (and so the converters) of the app's STDERR appender. */
    private static OutputStreamAppender<ILoggingEvent> captureWithTheAppsPattern(ByteArrayOutputStream bytes) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        var stderr = (OutputStreamAppender<ILoggingEvent>) rootLogger().getAppender("STDERR");
        String pattern = ((PatternLayoutEncoder) stderr.getEncoder()).getPattern();
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(pattern);
        encoder.start();
        OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
        appender.setContext(context);
        appender.setEncoder(encoder);
        appender.setOutputStream(bytes);
        appender.start();
        rootLogger().addAppender(appender);
        return appender;
    }
}
