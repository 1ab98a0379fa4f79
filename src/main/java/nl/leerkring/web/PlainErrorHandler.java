package nl.leerkring.web;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import org.eclipse.jetty.ee10.servlet.ErrorHandler;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;

/**
 * Jetty's error pages (HTML, plain text or JSON, as the client accepts) with the status code
 * and its reason phrase only: never the exception, its message, the servlet or a stack, which
 * would tell a caller which libraries run here and where they failed.
 */
final class PlainErrorHandler extends ErrorHandler {

    PlainErrorHandler() {
        setShowStacks(false);
        setShowCauses(false);
        setShowMessageInTitle(false);
        setShowOrigin(false);
    }

    private static String status(int code) {
        String reason = HttpStatus.getMessage(code);
        return code + (reason == null ? "" : " " + reason);
    }

    @Override
    protected void writeErrorHtmlHead(Request request, Writer writer, int code, String message) throws IOException {
        writer.write("<title>Error " + status(code) + "</title>\n");
    }

    @Override
    protected void writeErrorHtmlBody(Request request, Writer writer, int code, String message, Throwable cause)
            throws IOException {
        writer.write("<h2>HTTP ERROR " + status(code) + "</h2>\n");
    }

    @Override
    protected void writeErrorPlain(Request request, PrintWriter writer, int code, String message, Throwable cause) {
        writer.write("HTTP ERROR " + status(code) + "\n");
    }

    @Override
    protected void writeErrorJson(Request request, PrintWriter writer, int code, String message, Throwable cause) {
        String reason = HttpStatus.getMessage(code);
        writer.write("{\"status\":\"" + code + "\",\"message\":\"" + (reason == null ? "" : reason) + "\"}");
    }
}
