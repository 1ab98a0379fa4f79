package nl.leerkring;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;
import nl.leerkring.config.Config;
import nl.leerkring.console.ConsoleApp;
import nl.leerkring.console.ConsoleSender;
import nl.leerkring.core.method.DefinitionCheck;
import nl.leerkring.core.session.AgendaPart;
import nl.leerkring.core.session.SessionTemplate;

/**
 * Starts Leerkring. {@code console} runs the terminal door; {@code server} the HTTP server for
 * Slack and Teams; {@code check [folder]} checks method and template files and exits. Without an argument: the server when Slack or Teams credentials are set,
 * otherwise the console.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("check")) {
            System.exit(check(args, new PrintStream(System.out, true, StandardCharsets.UTF_8)));
        }
        Config config = Config.load();
        String mode = args.length > 0 ? args[0] : (config.slackConfigured() || config.teamsConfigured() ? "server" : "console");
        switch (mode) {
            case "console" -> runConsole(config);
            case "server", "serve" -> runServer(config);
            default -> {
                System.err.println("Gebruik / usage: java -jar leerkring.jar [console|server|check [folder]]");
                System.exit(2);
            }
        }
    }

    /**
     * {@code check [folder]}: checks the method and template files of a folder (default
     * {@code config}), printing one line per problem.
     *
     * @return the exit code: 0 when all files are fine, 1 when there are problems, 2 for a wrong call
     */
    public static int check(String[] args, PrintStream out) {
        if (args.length > 2) {
            out.println("Gebruik / usage: java -jar leerkring.jar check [folder]");
            return 2;
        }
        Path folder = Path.of(args.length == 2 ? args[1] : "config");
        return new DefinitionCheck(new DefinitionCheck.TemplateKind<>(SessionTemplate.class, SessionTemplate::id, Main::methodsNamed))
                .run(folder, out);
    }

    private static List<DefinitionCheck.Reference> methodsNamed(SessionTemplate template) {
        List<DefinitionCheck.Reference> refs = new ArrayList<>();
        for (int s = 0; s < template.sessions().size(); s++) {
            List<AgendaPart> agenda = template.sessions().get(s).agenda();
            for (int p = 0; p < agenda.size(); p++) {
                if (agenda.get(p).method() != null) {
                    refs.add(new DefinitionCheck.Reference("sessions[" + s + "].agenda[" + p + "].method", agenda.get(p).method()));
                }
            }
        }
        return refs;
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
