package nl.leerkring.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where the CPU went in a flight recording ({@code bench.jfr=true}): of the execution samples,
 * the methods on top of the stack, and the first Leerkring method on the stack, most sampled
 * first; and the share spent writing H2's file ({@code MVStore.store} anywhere on the stack, or
 * {@code FileStore.serializeAndStore}: with a write delay H2 serializes on a thread of its own).
 * Enough to see whether time goes to the database, JSON, HTTP or our own code. The recordings
 * keep 256 frames per stack (the JVM's default of 64 cuts deep database stacks short of the
 * Leerkring method that started them).
 */
final class JfrSummary {

    /** H2 writing its file: on the committing thread, or with a write delay on a thread of H2's own. */
    private static final Set<String> H2_WRITES = Set.of("org.h2.mvstore.MVStore.store",
            "org.h2.mvstore.FileStore.serializeAndStore");

    private JfrSummary() {
    }

    static void print(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".jfr")).sorted().toList()) {
                print(file, RecordingFile.readAllEvents(file));
            }
        }
    }

    private static void print(Path file, List<RecordedEvent> events) {
        Map<String, Integer> top = new HashMap<>();
        Map<String, Integer> ours = new HashMap<>();
        int samples = 0;
        int storing = 0;
        for (RecordedEvent e : events) {
            if (!e.getEventType().getName().equals("jdk.ExecutionSample") || e.getStackTrace() == null) {
                continue;
            }
            samples++;
            List<RecordedFrame> frames = e.getStackTrace().getFrames();
            if (frames.stream().anyMatch(f -> H2_WRITES.contains(name(f)))) {
                storing++;
            }
            if (!frames.isEmpty()) {
                top.merge(name(frames.get(0)), 1, Integer::sum);
            }
            frames.stream().filter(f -> f.getMethod().getType().getName().startsWith("nl.leerkring")).findFirst()
                    .ifPresent(f -> ours.merge(name(f), 1, Integer::sum));
        }
        System.out.printf("%nFlight recording %s: %d execution samples%n", file.getFileName(), samples);
        print("on top of the stack", top, samples);
        print("first Leerkring method on the stack", ours, samples);
        if (storing > 0) {
            System.out.printf("  writing H2's file (MVStore.store or FileStore.serializeAndStore on the stack): %.1f %%%n",
                    100.0 * storing / samples);
        }
    }

    private static void print(String title, Map<String, Integer> counts, int samples) {
        System.out.println("  " + title + ":");
        counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(12)
                .forEach(e -> System.out.printf("    %5.1f %%  %s%n", 100.0 * e.getValue() / Math.max(1, samples), e.getKey()));
    }

    private static String name(RecordedFrame frame) {
        return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
    }
}
