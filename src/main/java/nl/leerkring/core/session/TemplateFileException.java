package nl.leerkring.core.session;

/** A session template file that cannot be used; the message names the file, the line and the problem. */
public final class TemplateFileException extends RuntimeException {
    public TemplateFileException(String message) {
        super(message);
    }
}
