package nl.leerkring.core.command;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Every {@code /kring} subcommand by its Dutch and English name, and every choice (button)
 * action by its id. Features register here at start-up.
 */
public final class CommandRegistry {

    private final List<Command> commands = new ArrayList<>();
    private final Map<String, Command> byName = new HashMap<>();
    private final Map<String, Command.Handler> choiceHandlers = new HashMap<>();

    public CommandRegistry add(Command command) {
        for (String name : List.of(command.dutch(), command.english())) {
            Command previous = byName.putIfAbsent(name, command);
            if (previous != null && previous != command) {
                throw new IllegalStateException("Two commands are called '" + name + "'");
            }
        }
        commands.add(command);
        return this;
    }

    public CommandRegistry onChoice(String action, Command.Handler handler) {
        if (choiceHandlers.putIfAbsent(action, handler) != null) {
            throw new IllegalStateException("Two handlers for choice action '" + action + "'");
        }
        return this;
    }

    public Optional<Command> find(String name) {
        return Optional.ofNullable(byName.get(name.toLowerCase(Locale.ROOT)));
    }

    public Optional<Command.Handler> choiceHandler(String action) {
        return Optional.ofNullable(choiceHandlers.get(action));
    }

    /** In registration order, for the help text. */
    public List<Command> all() {
        return List.copyOf(commands);
    }

    /** True when the word is an English alias only (it decides the language outside a circle). */
    public boolean isEnglishName(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return find(n).map(c -> c.english().equals(n) && !c.dutch().equals(n)).orElse(false);
    }
}
