package io.keytrail.bench.outage;

import io.keytrail.bench.gateway.Cpu;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The stack's Kafka broker as the outage benchmark treats it: frozen with SIGSTOP and thawed with
 * SIGCONT (a partition: its sockets stay open, nothing answers), killed with SIGKILL (a crash:
 * connections refused), and started again with the command line, environment and working
 * directory it had. The stack's launcher owns the first broker; one started again is this
 * object's, and {@link #close()} stops it.
 */
final class Broker implements AutoCloseable {
    private static final Path SETSID = Path.of("/usr/bin/setsid");
    private static final Duration SIGNAL_TIMEOUT = Duration.ofSeconds(10);

    private long pid;
    private boolean frozen;
    /** Set by {@link #release()}: the benchmark is stopping and must not freeze or start a broker any more. */
    private boolean released;
    private Launch launch;
    private Process restarted;
    /** CPU of brokers no longer running, so that {@link #cpuSeconds()} only ever grows. */
    private double retiredCpuSeconds;

    /** How a broker was started, read from /proc while it ran. */
    record Launch(List<String> command, Map<String, String> environment, Path directory) {
    }

    Broker(long pid) {
        this.pid = pid;
    }

    synchronized long pid() {
        return pid;
    }

    /** CPU of every broker process so far, user plus system, in seconds. */
    synchronized double cpuSeconds() {
        return retiredCpuSeconds + (alive() ? Cpu.seconds(pid) : 0);
    }

    synchronized void freeze() throws IOException, InterruptedException {
        checkNotReleased();
        signal("STOP");
        frozen = true;
        awaitState(true);
    }

    /** SIGCONT if frozen; nothing otherwise. */
    synchronized void thaw() throws IOException, InterruptedException {
        if (frozen) {
            signal("CONT");
            frozen = false;
            awaitState(false);
        }
    }

    /** SIGKILL, after reading how the broker was started, so that {@link #restart} can start it again. */
    synchronized void kill() throws IOException, InterruptedException {
        checkNotReleased();
        launch = launchOf(pid);
        retiredCpuSeconds += Cpu.seconds(pid);
        ProcessHandle handle = ProcessHandle.of(pid).orElseThrow(() -> new IllegalStateException("the broker is gone"));
        signal("KILL");
        frozen = false;
        try {
            handle.onExit().get(SIGNAL_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IOException("the broker (pid " + pid + ") did not exit after SIGKILL", e);
        }
    }

    /**
     * Starts the killed broker again as it was started (in a session of its own, as the stack
     * starts its services), its output in {@code log}; returns once it printed {@code KAFKA_READY}.
     */
    synchronized void restart(Path log, Duration timeout) throws IOException, InterruptedException {
        checkNotReleased();
        if (launch == null) {
            throw new IllegalStateException("restart() comes after kill()");
        }
        List<String> command = new ArrayList<>(launch.command());
        if (Files.isExecutable(SETSID)) {
            command.add(0, SETSID.toString());
        }
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(launch.directory().toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
        builder.environment().clear();
        builder.environment().putAll(launch.environment());
        restarted = builder.start();
        pid = restarted.pid();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!Files.readString(log).contains("KAFKA_READY")) {
            if (!restarted.isAlive() || System.nanoTime() > deadline) {
                throw new IOException("the restarted broker did not become ready within " + timeout.toSeconds() + " s:\n"
                        + Files.readString(log));
            }
            Thread.sleep(100);
        }
    }

    /**
     * Thaws a frozen broker (a stopped process cannot shut down when the stack stops) and refuses
     * to freeze, kill or start one from now on, should the benchmark's main thread still try while
     * a shutdown hook cleans up.
     */
    synchronized void release() throws IOException, InterruptedException {
        released = true;
        thaw();
    }

    private void checkNotReleased() {
        if (released) {
            throw new IllegalStateException("the benchmark is stopping");
        }
    }

    /** Stops a broker this object started again (the stack's launcher stops only its own). */
    @Override
    public synchronized void close() throws InterruptedException {
        if (restarted != null && restarted.isAlive()) {
            restarted.destroy();
            if (!restarted.waitFor(30, TimeUnit.SECONDS)) {
                restarted.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private boolean alive() {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    private void signal(String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).redirectErrorStream(true).start();
        String output = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (kill.waitFor() != 0) {
            throw new IOException("kill -" + signal + " " + pid + " failed: " + output);
        }
    }

    /** Waits until the kernel reports the process stopped (state T) or, with {@code false}, not stopped. */
    private void awaitState(boolean stopped) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + SIGNAL_TIMEOUT.toNanos();
        while ((state(pid) == 'T') != stopped) {
            if (System.nanoTime() > deadline) {
                throw new IOException("the broker (pid " + pid + ") is in state " + state(pid) + ", expected it "
                        + (stopped ? "stopped" : "running"));
            }
            Thread.sleep(5);
        }
    }

    /** The state letter of /proc/PID/stat (R, S, T, ...), after the command name in parentheses. */
    static char state(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        return stat.charAt(stat.lastIndexOf(')') + 2);
    }

    static Launch launchOf(long pid) throws IOException {
        Path proc = Path.of("/proc", Long.toString(pid));
        List<String> command = split(Files.readAllBytes(proc.resolve("cmdline")));
        Map<String, String> environment = new LinkedHashMap<>();
        for (String entry : split(Files.readAllBytes(proc.resolve("environ")))) {
            int equals = entry.indexOf('=');
            if (equals > 0) {
                environment.put(entry.substring(0, equals), entry.substring(equals + 1));
            }
        }
        return new Launch(command, environment, Files.readSymbolicLink(proc.resolve("cwd")));
    }

    /** The NUL-separated strings of a /proc file. */
    static List<String> split(byte[] procFile) {
        String text = new String(procFile, StandardCharsets.UTF_8);
        return Arrays.stream(text.split("\0")).filter(s -> !s.isEmpty()).toList();
    }
}
