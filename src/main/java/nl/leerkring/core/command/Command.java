package nl.leerkring.core.command;

/**
 * A {@code /kring} subcommand with its Dutch name and English alias, and what it needs before
 * its handler runs. Its one-line help text is {@code help.<dutch>} in the message bundles.
 */
public record Command(String dutch, String english, Need need, Handler handler) {

    /** A command anyone may use anywhere (help, start). */
    public Command(String dutch, String english, Handler handler) {
        this(dutch, english, Need.NOTHING, handler);
    }

    @FunctionalInterface
    public interface Handler {
        void run(Turn turn, String args);
    }
}
