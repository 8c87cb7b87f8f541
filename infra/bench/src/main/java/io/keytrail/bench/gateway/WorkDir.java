package io.keytrail.bench.gateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A benchmark's scratch directory (broker logs, databases, stacks): gigabytes after a large run, so
 * every benchmark removes its own when it ends, failed or not, unless {@code -Dbench.keepWorkDir=true}
 * asks to keep it for a look.
 */
public final class WorkDir {
    private WorkDir() {
    }

    public static Path create(String prefix) throws IOException {
        return Files.createTempDirectory(prefix);
    }

    /**
     * Removes {@code dir} and everything in it, or says where it stays. Never throws: it runs after
     * the measurements, and a file a stopping process still held must not cost the run its results.
     */
    public static void delete(Path dir) {
        if (Boolean.getBoolean("bench.keepWorkDir")) {
            System.out.println("kept the work directory " + dir);
            return;
        }
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | UncheckedIOException e) {
            System.out.println("could not remove the work directory " + dir + ": " + e);
        }
    }
}
