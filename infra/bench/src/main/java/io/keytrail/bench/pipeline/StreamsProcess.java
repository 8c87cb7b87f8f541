package io.keytrail.bench.pipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * audit-streams as it is deployed: {@code StreamsMain} in a JVM of its own (by default with the
 * heap and collector {@code ./keytrail up} gives it), configured through its environment variables,
 * its output in a log file. Its own JVM so that the benchmark's producer and consumer never share
 * its heap, its collector or its JIT.
 */
final class StreamsProcess implements AutoCloseable {
    /** What {@code KeytrailUp} starts audit-streams with. */
    static final String DEPLOYED_JVM = "-Xms64m -Xmx512m -XX:+UseSerialGC";

    private final Process process;
    private final Path log;
    private final long startedNanos;

    private StreamsProcess(Process process, Path log, long startedNanos) {
        this.process = process;
        this.log = log;
        this.startedNanos = startedNanos;
    }

    /** Starts the process and returns at once; {@link #startedNanos()} is the moment it was launched. */
    static StreamsProcess start(String jvmOptions, Map<String, String> env, Path log) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(Arrays.stream(jvmOptions.trim().split("\\s+")).filter(s -> !s.isEmpty()).toList());
        // Another build of audit-streams (a baseline), ahead of this one on the class path.
        String classpath = System.getProperty("bench.streamsClasspath", "");
        classpath = classpath.isBlank() ? System.getProperty("java.class.path")
                : classpath + java.io.File.pathSeparator + System.getProperty("java.class.path");
        command.addAll(List.of("-cp", classpath, "io.keytrail.streams.StreamsMain"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
        builder.environment().putAll(env);
        long started = System.nanoTime();
        return new StreamsProcess(builder.start(), log, started);
    }

    long startedNanos() {
        return startedNanos;
    }

    /** Fails fast with the log when the process has died, which would otherwise look like a slow run. */
    void checkAlive() throws IOException {
        if (!process.isAlive()) {
            throw new IllegalStateException("audit-streams exited with " + process.exitValue() + ":\n" + tail());
        }
    }

    /** CPU time the process has used so far (all its threads), or -1 when the platform does not say. */
    double cpuSeconds() {
        return process.info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(-1.0);
    }

    String tail() throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy(); // SIGTERM: the shutdown hook closes Kafka Streams cleanly
        if (!process.waitFor(Duration.ofSeconds(40).toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }
}
