package nl.leerkring.core;

import java.util.stream.Collectors;
import nl.leerkring.chat.OutgoingMessage;
import nl.leerkring.core.command.Command;
import nl.leerkring.core.command.CommandRegistry;

/** {@code /kring help}: every command with one line on what it does, in the circle's language. */
public final class HelpCommand {

    private HelpCommand() {
    }

    public static void register(CommandRegistry registry) {
        registry.add(new Command("help", "help", (turn, args) -> show(turn, registry)));
    }

    private static void show(Turn turn, CommandRegistry registry) {
        boolean english = "en".equals(turn.texts().language());
        String lines = registry.all().stream()
                .map(c -> "/kring " + (english ? c.english() : c.dutch()) + " " + turn.text("help." + c.dutch()))
                .collect(Collectors.joining("\n"));
        String footer = turn.circle().isPresent() ? turn.text("help.footer") : turn.text("help.footerNoCircle");
        turn.send(OutgoingMessage.text(turn.here().privatelyTo(turn.userId()), lines + "\n\n" + footer)
                .withTitle(turn.text("help.title")));
    }
}
