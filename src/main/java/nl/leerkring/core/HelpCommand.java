package nl.leerkring.core;

import nl.leerkring.chat.OutgoingMessage;
import nl.leerkring.core.command.Command;
import nl.leerkring.core.command.CommandRegistry;
import nl.leerkring.core.command.Turn;
import nl.leerkring.core.feature.Feature;

/** {@code /kring help}: every command with one line on what it does, in the circle's language. */
public final class HelpCommand implements Feature {

    @Override
    public String name() {
        return "help";
    }

    @Override
    public String bundle() {
        return "messages";
    }

    @Override
    public void register(CommandRegistry registry) {
        registry.add(new Command("help", "help", (turn, args) -> show(turn, registry)));
    }

    private static void show(Turn turn, CommandRegistry registry) {
        boolean english = "en".equals(turn.texts().language());
        StringBuilder lines = new StringBuilder();
        String section = null;
        for (Command c : registry.all()) {
            if (!registry.sectionOf(c).equals(section)) {
                section = registry.sectionOf(c);
                lines.append(lines.length() == 0 ? "" : "\n").append(turn.text(section)).append('\n');
            }
            lines.append("/kring ").append(english ? c.english() : c.dutch()).append(' ')
                    .append(turn.text(CommandRegistry.helpKey(c))).append('\n');
        }
        String footer = turn.circle().isPresent() ? turn.text("help.footer") : turn.text("help.footerNoCircle");
        turn.send(OutgoingMessage.text(turn.here().privatelyTo(turn.userId()), lines.toString().strip() + "\n\n" + footer)
                .withTitle(turn.text("help.title")));
    }
}
