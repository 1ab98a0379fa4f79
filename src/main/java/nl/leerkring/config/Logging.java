package nl.leerkring.config;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.pattern.DynamicConverter;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import nl.leerkring.store.SqlMessagesWithheld;
import org.slf4j.Logger;

/**
 * Leerkring's logging, set up in code (found by Logback as a service): one appender to stderr,
 * the libraries' chatter at WARN, the root level from {@code LEERKRING_LOG_LEVEL} (a system
 * property or an environment variable, INFO by default). Reading an XML file instead costs a
 * start some 1,000 classes (the XML parser and Logback's configuration model) and a few hundred
 * milliseconds of CPU. A file named by {@code -Dlogback.configurationFile} still wins: then this
 * steps aside and Logback reads that file.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_NORMAL_PRIORITY)
public final class Logging extends ContextAwareBase implements Configurator {

    /** The appender's name, for code that wants the app's own pattern (a test of what is logged). */
    public static final String APPENDER = "STDERR";
    static final String PATTERN = "%d{HH:mm:ss.SSS} %-5level [%thread] %logger{36} - %msg%n%ex";
    static final String LEVEL_SETTING = "LEERKRING_LOG_LEVEL";
    private static final String[] QUIET = {"org.eclipse.jetty", "com.zaxxer.hikari", "org.quartz", "org.flywaydb"};

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty("logback.configurationFile") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        // %ex without the messages of database exceptions, which may quote what people wrote;
        // registered with the context, so any pattern in it renders %ex that way
        @SuppressWarnings("unchecked")
        Map<String, Supplier<DynamicConverter<?>>> rules = (Map<String, Supplier<DynamicConverter<?>>>)
                context.getObject(CoreConstants.PATTERN_RULE_REGISTRY_FOR_SUPPLIERS);
        if (rules == null) {
            rules = new HashMap<>();
            context.putObject(CoreConstants.PATTERN_RULE_REGISTRY_FOR_SUPPLIERS, rules);
        }
        rules.put("ex", SqlMessagesWithheld::new);

        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(PATTERN);
        encoder.start();
        ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
        stderr.setContext(context);
        stderr.setName(APPENDER);
        stderr.setTarget("System.err");
        stderr.setEncoder(encoder);
        stderr.start();

        for (String library : QUIET) {
            context.getLogger(library).setLevel(Level.WARN);
        }
        ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.toLevel(rootLevel(), Level.DEBUG));
        root.addAppender(stderr);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /** As Logback's {@code ${LEERKRING_LOG_LEVEL:-INFO}} reads it: the system property, else the environment. */
    private static String rootLevel() {
        String level = System.getProperty(LEVEL_SETTING);
        if (level == null) {
            level = System.getenv(LEVEL_SETTING);
        }
        return level == null ? "INFO" : level;
    }
}
