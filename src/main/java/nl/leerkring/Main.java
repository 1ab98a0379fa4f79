package nl.leerkring;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;
import nl.leerkring.config.Config;
import nl.leerkring.console.ConsoleApp;
import nl.leerkring.console.ConsoleSender;

/**
 * Starts Leerkring. {@code console} runs the terminal door; {@code server} the HTTP server for
 * Slack and Teams. Without an argument: the server when Slack or Teams credentials are set,
 * otherwise the console.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        Config config = Config.load();
        String mode = args.length > 0 ? args[0] : (config.slackConfigured() || config.teamsConfigured() ? "server" : "console");
        switch (mode) {
            case "console" -> runConsole(config);
            case "server", "serve" -> runServer(config);
            default -> {
                System.err.println("Gebruik / usage: java -jar leerkring.jar [console|server]");
                System.exit(2);
            }
        }
    }

    private static void runConsole(Config config) throws Exception {
        // Keep the terminal for the conversation: only warnings are logged there.
        System.setProperty("LEERKRING_LOG_LEVEL", System.getProperty("LEERKRING_LOG_LEVEL", "WARN"));
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        ConsoleSender sender = new ConsoleSender(out, config.get(Config.DEFAULT_LANGUAGE));
        try (Leerkring app = Leerkring.create(config, Clock.systemDefaultZone()).startConsole(sender)) {
            new ConsoleApp(app.bot(), app.delivery(), sender, out)
                    .run(new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)));
        }
    }

    private static void runServer(Config config) throws InterruptedException {
        Leerkring app = Leerkring.create(config, Clock.systemUTC()).startServer();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            app.close();
            stopped.countDown();
        }, "leerkring-shutdown"));
        stopped.await();
    }
}
