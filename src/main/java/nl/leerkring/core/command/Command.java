package nl.leerkring.core.command;

/**
 * A {@code /kring} subcommand with its Dutch name and English alias. Its one-line help text is
 * {@code help.<dutch>} in the message bundles.
 */
public record Command(String dutch, String english, Handler handler) {

    @FunctionalInterface
    public interface Handler {
        void run(nl.leerkring.core.Turn turn, String args);
    }
}
