package io.keytrail.bench.gateway;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Profiles the gateway under load on the key-auth + audit route (d): JFR's execution samples taken
 * while wrk saturates it, summarised as the methods where CPU time is spent (self) and the frames
 * that lead there (total). Writes {@code docs/bench-results/profile.txt}.
 */
public final class GatewayProfile {
    private GatewayProfile() {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(System.getProperty("keytrail.root", ".")).toAbsolutePath().normalize();
        int seconds = Integer.getInteger("bench.seconds", 30);
        Path work = WorkDir.create("keytrail-profile-");
        Path recording = work.resolve("gateway.jfr");
        try (LocalStack stack = LocalStack.start(root, work.resolve("stack"), GatewayBench.UPSTREAM_PORT, "");
             Nginx nginx = Nginx.start(work.resolve("nginx"), GatewayBench.UPSTREAM_PORT, GatewayBench.NGINX_PROXY_PORT, 2,
                     List.of(stack.key()))) {
            stack.stopPipelineServices();
            long gateway = stack.pid("io.keytrail.gateway.GatewayMain");
            Wrk wrk = new Wrk(work);
            List<String> key = List.of("x-apim-key: " + stack.key());
            wrk.run(stack.gatewayUrl("/keyed/data"), key, 2, 64, 10);
            jcmd(gateway, "JFR.start", "name=bench", "settings=profile");
            Wrk.Run run = wrk.run(stack.gatewayUrl("/keyed/data"), key, 2, 64, seconds);
            jcmd(gateway, "JFR.stop", "name=bench", "filename=" + recording);
            String summary = String.format(Locale.ROOT, "wrk on (d) for %d s: %,.0f req/s; JFR execution samples of the gateway JVM%n%n",
                    seconds, run.requestsPerSecond()) + summarize(recording, 25);
            Path out = root.resolve("docs/bench-results/profile.txt");
            Files.createDirectories(out.getParent());
            Files.writeString(out, summary);
            System.out.println(summary);
        } finally {
            WorkDir.delete(work);
        }
    }

    /** Execution samples of a JFR recording: top frames by self time, and keytrail frames by total time. */
    public static String summarize(Path recording, int top) throws IOException {
        Map<String, Integer> self = new HashMap<>();
        Map<String, Integer> total = new HashMap<>();
        int samples = 0;
        for (RecordedEvent event : RecordingFile.readAllEvents(recording)) {
            if (!event.getEventType().getName().equals("jdk.ExecutionSample") || event.getStackTrace() == null) {
                continue;
            }
            List<RecordedFrame> frames = event.getStackTrace().getFrames();
            if (frames.isEmpty()) {
                continue;
            }
            samples++;
            self.merge(name(frames.get(0)), 1, Integer::sum);
            Set<String> seen = new HashSet<>();
            for (RecordedFrame frame : frames) {
                String name = name(frame);
                if (seen.add(name)) {
                    total.merge(name, 1, Integer::sum);
                }
            }
        }
        StringBuilder out = new StringBuilder();
        out.append(samples).append(" samples\n\nself (where the CPU is):\n");
        append(out, self, samples, top);
        out.append("\ntotal (on the stack; keytrail frames only):\n");
        Map<String, Integer> ours = new HashMap<>();
        total.forEach((name, count) -> {
            if (name.startsWith("io.keytrail")) {
                ours.put(name, count);
            }
        });
        append(out, ours, samples, top);
        return out.toString();
    }

    /** Appends the {@code top} largest counts as percentages of {@code samples}, largest first. */
    public static void append(StringBuilder out, Map<String, Integer> counts, int samples, int top) {
        counts.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .limit(top)
                .forEach(e -> out.append(String.format(Locale.ROOT, "  %5.1f%%  %s%n", 100.0 * e.getValue() / samples, e.getKey())));
    }

    /** A sampled frame as {@code class.method}. */
    public static String name(RecordedFrame frame) {
        return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
    }

    private static void jcmd(long pid, String... command) throws IOException, InterruptedException {
        List<String> args = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(pid)));
        args.addAll(List.of(command));
        Process process = new ProcessBuilder(args).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (process.waitFor() != 0) {
            throw new IOException("jcmd " + String.join(" ", command) + " failed: " + output);
        }
    }
}
