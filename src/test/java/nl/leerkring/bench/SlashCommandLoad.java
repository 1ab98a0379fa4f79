package nl.leerkring.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import nl.leerkring.testing.SlackRequests;

/**
 * Closed-loop load: {@code threads} clients, each sending one freshly signed {@code /kring help}
 * after the other (new trigger_id each, HTTP/1.1 keep-alive) to one endpoint for a fixed time,
 * timing every request from send to the ack.
 */
final class SlashCommandLoad {

    /** Each client thread speaks for a few users in its own channel, so the outbox has many conversations. */
    private static final int USERS_PER_CLIENT = 20;

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final CpuMeter cpu = new CpuMeter();
    private final String signingSecret;
    private final int threads;

    SlashCommandLoad(String signingSecret, int threads) {
        this.signingSecret = signingSecret;
        this.threads = threads;
    }

    LoadResult run(String target, URI endpoint, Duration duration) throws InterruptedException {
        SlackRequests requests = new SlackRequests(endpoint, signingSecret);
        CpuMeter.Snapshot cpuBefore = cpu.snapshot();
        CountDownLatch go = new CountDownLatch(1);
        AtomicLong failed = new AtomicLong();
        Client[] clients = new Client[threads];
        Thread[] workers = new Thread[threads];
        for (int i = 0; i < threads; i++) {
            clients[i] = new Client(requests, i, go, failed);
            workers[i] = new Thread(clients[i], "bench-client-" + i);
            workers[i].start();
        }
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        for (Client c : clients) {
            c.start = start;
            c.until = end;
        }
        go.countDown();
        for (Thread w : workers) {
            w.join();
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        long clientsCpu = Arrays.stream(clients).mapToLong(c -> c.cpuNanos).sum();
        Map<String, Double> cpuSeconds = CpuMeter.split(cpuBefore, cpu.snapshot(), clientsCpu);
        long[] latencies = Arrays.stream(clients).flatMapToLong(c -> Arrays.stream(c.latencies, 0, c.count)).toArray();
        return new LoadResult(target, latencies.length, failed.get(), elapsed, latencies, cpuSeconds);
    }

    private final class Client implements Runnable {
        private final SlackRequests requests;
        private final int index;
        private final CountDownLatch go;
        private final AtomicLong failed;
        private volatile long start;
        private volatile long until;
        private long[] latencies = new long[16_384];
        private int count;
        private long cpuNanos;

        Client(SlackRequests requests, int index, CountDownLatch go, AtomicLong failed) {
            this.requests = requests;
            this.index = index;
            this.go = go;
            this.failed = failed;
        }

        @Override
        public void run() {
            try {
                go.await();
            } catch (InterruptedException e) {
                return;
            }
            try {
                sendUntilDeadline();
            } finally {
                cpuNanos = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
            }
        }

        private void sendUntilDeadline() {
            String channel = "CBENCH" + index;
            long n = 0;
            while (System.nanoTime() < until) {
                String user = "UBENCH" + index + "X" + (n++ % USERS_PER_CLIENT);
                var request = requests.signed(SlackRequests.FORM,
                        SlackRequests.slashCommand("T1", channel, user, "help")).build();
                long sent = System.nanoTime();
                try {
                    int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                    if (status == 200) {
                        record((System.nanoTime() - sent) / 1000);
                    } else {
                        fail("HTTP " + status);
                    }
                } catch (IOException e) {
                    fail(e.toString());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }

        /** Counts a failure; the first few of a run are printed, so a failure has a reason. */
        private void fail(String reason) {
            if (failed.incrementAndGet() <= 3) {
                System.err.println("bench-client-" + index + ": request failed " + (System.nanoTime() - start) / 1_000_000 + " ms into the run: " + reason);
            }
        }

        private void record(long micros) {
            if (count == latencies.length) {
                latencies = Arrays.copyOf(latencies, count * 2);
            }
            latencies[count++] = micros;
        }
    }
}
