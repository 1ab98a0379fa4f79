package nl.leerkring.core.method;

/** A method file that cannot be used; the message names the file, the line and the problem. */
public final class MethodFileException extends RuntimeException {
    public MethodFileException(String message) {
        super(message);
    }
}
