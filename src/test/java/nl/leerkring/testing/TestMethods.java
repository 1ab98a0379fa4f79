package nl.leerkring.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Method folders for tests ({@code methods.dir}): a copy of the shipped {@code config/methods},
 * optionally with one step's timer shortened, so that a real Quartz timer fires within seconds.
 */
public final class TestMethods {

    public static final Path SHIPPED = Path.of("config/methods");

    private TestMethods() {
    }

    /** A copy of every shipped method file in {@code folder}. */
    public static Path copy(Path folder) {
        try {
            Files.createDirectories(folder);
            try (Stream<Path> files = Files.list(SHIPPED)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    Files.copy(file, folder.resolve(file.getFileName().toString()));
                }
            }
            return folder;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A copy of the shipped methods in which step {@code stepId} of {@code methodId} has
     * {@code timer: <timer>} instead of its own timer.
     */
    public static Path withTimer(Path folder, String methodId, String stepId, String timer) {
        copy(folder);
        Path file = folder.resolve(methodId + ".yaml");
        try {
            List<String> lines = new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
            boolean inStep = false;
            int replaced = 0;
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                if (line.matches("\\s*- id: .*")) {
                    inStep = line.strip().equals("- id: " + stepId);
                } else if (inStep && line.matches("\\s+timer: .*")) {
                    lines.set(i, line.substring(0, line.indexOf("timer:")) + "timer: " + timer);
                    replaced++;
                }
            }
            if (replaced != 1) {
                throw new IllegalStateException("expected one timer in step " + stepId + " of " + file + ", found " + replaced);
            }
            Files.write(file, lines, StandardCharsets.UTF_8);
            return folder;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The shipped methods in {@code folder} (copied once), with actieleren's one-minute timer of
     * step 3 at {@code 5s}: a real Quartz timer that fires while a test waits.
     */
    public static Path actielerenWithShortTimer(Path folder) {
        return Files.isDirectory(folder) ? folder : withTimer(folder, "actieleren", "antwoorden", SHORT_TIMER);
    }

    /** The timer of {@link #actielerenWithShortTimer}. */
    public static final String SHORT_TIMER = "5s";

    /** A copy of the shipped methods plus one more file with the given content. */
    public static Path withFile(Path folder, String fileName, String content) {
        copy(folder);
        try {
            Files.writeString(folder.resolve(fileName), content, StandardCharsets.UTF_8);
            return folder;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
