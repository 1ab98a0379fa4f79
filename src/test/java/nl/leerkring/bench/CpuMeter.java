package nl.leerkring.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where the CPU went during a run, so the throughput figures can be read honestly: the load
 * generator, the delivery worker and the fake Slack API run on the same cores as the server.
 *
 * <p>Java threads are grouped by name; the rest of this process (Jetty's request threads, the
 * JIT, the GC) is what remains of the process CPU time. The machine's busy time (Linux
 * {@code /proc/stat}) shows whether anything outside this process used the cores.
 */
final class CpuMeter {

    static final String CLIENTS = "load generator";
    static final String DELIVERY = "delivery worker";
    static final String FAKE_API = "fake Slack API";
    static final String SERVER = "server, JIT, GC";
    static final String OUTSIDE = "other processes, kernel irq";

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    /** CPU nanoseconds per live thread, the process total and the machine's busy time at one moment. */
    record Snapshot(Map<Long, Long> byThread, Map<Long, String> names, long process, long machineBusy) {
    }

    Snapshot snapshot() {
        Map<Long, Long> cpu = new HashMap<>();
        Map<Long, String> names = new HashMap<>();
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null) {
                long t = threads.getThreadCpuTime(info.getThreadId());
                if (t >= 0) {
                    cpu.put(info.getThreadId(), t);
                    names.put(info.getThreadId(), info.getThreadName());
                }
            }
        }
        return new Snapshot(cpu, names, os.getProcessCpuTime(), machineBusyNanos());
    }

    /**
     * CPU seconds per group between two snapshots. Client threads end with their run, so they
     * report their own CPU time ({@code clientThreadsCpu}) instead of appearing in {@code after}.
     */
    static Map<String, Double> split(Snapshot before, Snapshot after, long clientThreadsCpu) {
        Map<String, Long> nanos = new LinkedHashMap<>();
        nanos.put(CLIENTS, clientThreadsCpu);
        nanos.put(DELIVERY, 0L);
        nanos.put(FAKE_API, 0L);
        after.byThread().forEach((id, cpu) -> {
            String group = group(after.names().get(id));
            if (group != null) {
                nanos.merge(group, cpu - before.byThread().getOrDefault(id, 0L), Long::sum);
            }
        });
        long process = after.process() - before.process();
        long grouped = nanos.values().stream().mapToLong(Long::longValue).sum();
        nanos.put(SERVER, Math.max(0, process - grouped));
        if (before.machineBusy() >= 0 && after.machineBusy() >= 0) {
            nanos.put(OUTSIDE, Math.max(0, after.machineBusy() - before.machineBusy() - process));
        }
        Map<String, Double> seconds = new LinkedHashMap<>();
        nanos.forEach((k, v) -> seconds.put(k, v / 1e9));
        return seconds;
    }

    private static String group(String thread) {
        if (thread == null) {
            return null;
        }
        if (thread.startsWith("bench-client") || thread.startsWith("HttpClient-")) {
            return CLIENTS;
        }
        if (thread.equals("leerkring-delivery")) {
            return DELIVERY;
        }
        if (thread.contains("MockWebServer")) {
            return FAKE_API;
        }
        return null;
    }

    /** user + nice + system + irq + softirq of all cores, in nanoseconds; -1 where there is no /proc/stat. */
    private static long machineBusyNanos() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long ticks = Long.parseLong(f[1]) + Long.parseLong(f[2]) + Long.parseLong(f[3])
                    + Long.parseLong(f[6]) + Long.parseLong(f[7]);
            return ticks * 10_000_000L; // USER_HZ is 100 on Linux
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
