package io.keytrail.reporting.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Where this machine's PostgreSQL server programs are: {@code KEYTRAIL_PG_BIN} when set, else
 * {@code pg_config --bindir}, else the newest {@code /usr/lib/postgresql/<version>/bin}, else
 * {@code initdb} on the {@code PATH}. Only version 15 and later count: the migrations use MERGE.
 *
 * @param dir     the directory holding {@code initdb} and {@code postgres}
 * @param version the major version {@code postgres --version} reports
 */
record PostgresBinaries(Path dir, int version) {
    static final String BIN_VARIABLE = "KEYTRAIL_PG_BIN";
    static final int MIN_VERSION = 15;
    private static final Pattern VERSION = Pattern.compile("\\(PostgreSQL\\) (\\d+)");

    Path initdb() {
        return dir.resolve("initdb");
    }

    Path postgres() {
        return dir.resolve("postgres");
    }

    /**
     * The binaries to use, or empty with {@code why} told what was looked at. A directory that
     * {@code KEYTRAIL_PG_BIN} names is the only one looked at.
     */
    static Optional<PostgresBinaries> find(List<String> why) {
        String override = System.getenv(BIN_VARIABLE);
        if (override != null && !override.isBlank()) {
            why.add(BIN_VARIABLE + " is set");
            return usable(Path.of(override.strip()), why);
        }
        List<Path> candidates = new ArrayList<>();
        run(List.of("pg_config", "--bindir")).map(Path::of).ifPresent(candidates::add);
        candidates.addAll(debianDirectories());
        pathDirectoryOf("initdb").ifPresent(candidates::add);
        for (Path candidate : candidates) {
            Optional<PostgresBinaries> found = usable(candidate, why);
            if (found.isPresent()) {
                return found;
            }
        }
        if (candidates.isEmpty()) {
            why.add("no pg_config, /usr/lib/postgresql/*/bin or initdb on the PATH");
        }
        return Optional.empty();
    }

    private static Optional<PostgresBinaries> usable(Path dir, List<String> why) {
        if (!Files.isExecutable(dir.resolve("initdb")) || !Files.isExecutable(dir.resolve("postgres"))) {
            why.add(dir + " has no initdb and postgres");
            return Optional.empty();
        }
        Optional<String> reported = run(List.of(dir.resolve("postgres").toString(), "--version"));
        Matcher m = VERSION.matcher(reported.orElse(""));
        if (!m.find()) {
            why.add(dir + "/postgres --version said '" + reported.orElse("nothing") + "'");
            return Optional.empty();
        }
        int version = Integer.parseInt(m.group(1));
        if (version < MIN_VERSION) {
            why.add(dir + " is PostgreSQL " + version + ", older than " + MIN_VERSION);
            return Optional.empty();
        }
        return Optional.of(new PostgresBinaries(dir, version));
    }

    private static List<Path> debianDirectories() {
        Path root = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> versions = Files.list(root)) {
            return versions.filter(p -> p.getFileName().toString().matches("\\d+"))
                    .sorted(Comparator.comparingInt((Path p) -> Integer.parseInt(p.getFileName().toString())).reversed())
                    .map(p -> p.resolve("bin"))
                    .toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static Optional<Path> pathDirectoryOf(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String entry : path.split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(entry).resolve(program);
            if (!entry.isEmpty() && Files.isExecutable(candidate)) {
                try {
                    // Debian links /usr/local/bin/initdb into the versioned directory that also holds postgres.
                    return Optional.of(candidate.toRealPath().getParent());
                } catch (IOException e) {
                    return Optional.of(candidate.getParent());
                }
            }
        }
        return Optional.empty();
    }

    /** The trimmed standard output of a command that exited 0 within 10 s. */
    static Optional<String> run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return Optional.empty();
            }
            return process.exitValue() == 0 ? Optional.of(new String(out, StandardCharsets.UTF_8).strip()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
