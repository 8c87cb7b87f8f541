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
 * its heap, its collector or its JIT. The reporting benchmark starts {@code ReportingMain} the same way.
 */
public final class StreamsProcess implements AutoCloseable {
    /** What {@code KeytrailUp} starts audit-streams with. */
    /** As {@code ./keytrail up} starts it ({@code KeytrailUp}). */
    static final String DEPLOYED_JVM = "-Xms512m -Xmx512m -XX:MetaspaceSize=96m -XX:+UseSerialGC";

    private final String name;
    private final Process process;
    private final Path log;
    private final long startedNanos;

    private StreamsProcess(String name, Process process, Path log, long startedNanos) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.startedNanos = startedNanos;
    }

    /** Starts audit-streams and returns at once; {@link #startedNanos()} is the moment it was launched. */
    static StreamsProcess start(String jvmOptions, Map<String, String> env, Path log) throws IOException {
        // Another build of audit-streams (a baseline), ahead of this one on the class path.
        String classpath = System.getProperty("bench.streamsClasspath", "");
        classpath = classpath.isBlank() ? System.getProperty("java.class.path")
                : classpath + java.io.File.pathSeparator + System.getProperty("java.class.path");
        return start("audit-streams", "io.keytrail.streams.StreamsMain", classpath, jvmOptions, env, log);
    }

    /** Starts {@code mainClass} of this class path in a JVM of its own and returns at once. */
    public static StreamsProcess start(String name, String mainClass, String jvmOptions, Map<String, String> env,
                                       Path log) throws IOException {
        return start(name, mainClass, System.getProperty("java.class.path"), jvmOptions, env, log);
    }

    private static StreamsProcess start(String name, String mainClass, String classpath, String jvmOptions,
                                        Map<String, String> env, Path log) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(Arrays.stream(jvmOptions.trim().split("\\s+")).filter(s -> !s.isEmpty()).toList());
        command.addAll(List.of("-cp", classpath, mainClass));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
        builder.environment().putAll(env);
        long started = System.nanoTime();
        return new StreamsProcess(name, builder.start(), log, started);
    }

    public long startedNanos() {
        return startedNanos;
    }

    /** Fails fast with the log when the process has died, which would otherwise look like a slow run. */
    public void checkAlive() throws IOException {
        if (!process.isAlive()) {
            throw new IllegalStateException(name + " exited with " + process.exitValue() + ":\n" + tail());
        }
    }

    /** CPU time the process has used so far (all its threads), or -1 when the platform does not say. */
    public double cpuSeconds() {
        return process.info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(-1.0);
    }

    public String tail() throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy(); // SIGTERM: the shutdown hook closes the service cleanly
        if (!process.waitFor(Duration.ofSeconds(40).toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }
}
