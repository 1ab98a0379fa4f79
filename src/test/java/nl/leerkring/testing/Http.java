package nl.leerkring.testing;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Requests to the running app from tests: the answer, or a failed test when there is none. */
public final class Http {

    private Http() {
    }

    /**
     * Sends a request. One kind of failure is tried once more, as a real client would: the JDK
     * client can send on a kept-alive connection at the moment the server closes it and get no
     * bytes back (seen about once in 10,000 requests of the fuzz test, and in the benchmark
     * against bare Bolt too). The same failure twice fails the test.
     */
    public static HttpResponse<String> send(HttpClient client, HttpRequest request) {
        try {
            try {
                return client.send(request, HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                if (e.getMessage() == null || !e.getMessage().contains("received no bytes")) {
                    throw e;
                }
                return client.send(request, HttpResponse.BodyHandlers.ofString());
            }
        } catch (IOException e) {
            throw new AssertionError("request failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
