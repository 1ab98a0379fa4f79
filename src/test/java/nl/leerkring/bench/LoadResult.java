package nl.leerkring.bench;

import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one measured run produced: the acked requests, the failures, how long it took, the
 * latency of every acked request (microseconds, sorted) and the CPU seconds per part
 * ({@link CpuMeter}).
 */
record LoadResult(String target, long acked, long failed, Duration elapsed, long[] latencyMicros,
                  Map<String, Double> cpuSeconds) {

    LoadResult {
        latencyMicros = latencyMicros.clone();
        Arrays.sort(latencyMicros);
        cpuSeconds = Collections.unmodifiableMap(new LinkedHashMap<>(cpuSeconds));
    }

    double requestsPerSecond() {
        return acked / (elapsed.toNanos() / 1e9);
    }

    /** The latency at quantile q (0..1) in milliseconds, nearest-rank. */
    double latencyMillis(double q) {
        if (latencyMicros.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(q * latencyMicros.length) - 1;
        return latencyMicros[Math.max(0, Math.min(rank, latencyMicros.length - 1))] / 1000.0;
    }

    /** Several runs of one target as one: their requests, time and latencies together. */
    static LoadResult combine(String target, Iterable<LoadResult> runs) {
        long acked = 0;
        long failed = 0;
        Duration elapsed = Duration.ZERO;
        long[] all = new long[0];
        Map<String, Double> cpu = new LinkedHashMap<>();
        for (LoadResult r : runs) {
            r.cpuSeconds.forEach((k, v) -> cpu.merge(k, v, Double::sum));
            acked += r.acked;
            failed += r.failed;
            elapsed = elapsed.plus(r.elapsed);
            long[] merged = Arrays.copyOf(all, all.length + r.latencyMicros.length);
            System.arraycopy(r.latencyMicros, 0, merged, all.length, r.latencyMicros.length);
            all = merged;
        }
        return new LoadResult(target, acked, failed, elapsed, all, cpu);
    }

    String row() {
        return String.format("| %-9s | %8d | %6d | %7.1f | %9.0f | %8.2f | %8.2f |",
                target, acked, failed, elapsed.toMillis() / 1000.0, requestsPerSecond(),
                latencyMillis(0.50), latencyMillis(0.99));
    }

    /** CPU seconds per part, and as a share of what the machine's cores could give in that time. */
    String cpuRow() {
        double available = elapsed.toNanos() / 1e9 * Runtime.getRuntime().availableProcessors();
        StringBuilder sb = new StringBuilder(String.format("| %-9s |", target));
        cpuSeconds.values().forEach(s -> sb.append(String.format(" %5.1f (%2.0f%%) |", s, 100 * s / available)));
        return sb.toString();
    }

    String cpuHeader() {
        StringBuilder sb = new StringBuilder("| CPU s     |");
        StringBuilder rule = new StringBuilder("|-----------|");
        cpuSeconds.keySet().forEach(k -> {
            sb.append(' ').append(k).append(" |");
            rule.append("-".repeat(k.length() + 1)).append(":|");
        });
        return sb + "\n" + rule;
    }

    static String header() {
        return "| target    |    acked | failed |   secs  |    req/s  | p50 (ms) | p99 (ms) |\n"
                + "|-----------|---------:|-------:|--------:|----------:|---------:|---------:|";
    }
}
