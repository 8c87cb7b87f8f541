package io.keytrail.bench.pipeline;

import io.keytrail.bench.gateway.GatewayProfile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where audit-streams spends its CPU: JFR execution samples of its JVM during the throughput run,
 * by thread (stream thread against producer, consumer and RocksDB threads), by method (self) and by
 * frame on the stack (total), the stream-processing frames being the interesting ones.
 */
final class StreamsProfile {
    private StreamsProfile() {
    }

    static String summarize(Path recording, int top) throws IOException {
        Map<String, Integer> threads = new HashMap<>();
        Map<String, Integer> self = new HashMap<>();
        Map<String, Integer> total = new HashMap<>();
        int samples = 0;
        for (RecordedEvent event : RecordingFile.readAllEvents(recording)) {
            if (!event.getEventType().getName().equals("jdk.ExecutionSample") || event.getStackTrace() == null
                    || event.getStackTrace().getFrames().isEmpty()) {
                continue;
            }
            samples++;
            RecordedThread thread = event.getThread("sampledThread");
            String threadName = thread == null || thread.getJavaName() == null ? "?" : thread.getJavaName();
            threads.merge(threadName.replaceAll("-\\d+$", "-N").replaceAll("[0-9a-f]{8}-[0-9a-f-]{27}", "<id>"), 1,
                    Integer::sum);
            List<RecordedFrame> frames = event.getStackTrace().getFrames();
            self.merge(GatewayProfile.name(frames.get(0)), 1, Integer::sum);
            Set<String> seen = new HashSet<>();
            for (RecordedFrame frame : frames) {
                String name = GatewayProfile.name(frame);
                if (seen.add(name)) {
                    total.merge(name, 1, Integer::sum);
                }
            }
        }
        StringBuilder out = new StringBuilder();
        out.append(samples).append(" samples\n\nby thread:\n");
        GatewayProfile.append(out, threads, samples, 12);
        out.append("\nself (where the CPU is):\n");
        GatewayProfile.append(out, self, samples, top);
        out.append("\ntotal (on the stack):\n");
        Map<String, Integer> interesting = new HashMap<>();
        total.forEach((name, count) -> {
            if (!name.startsWith("java.lang.Thread.") && !name.contains("StreamThread.run")) {
                interesting.put(name, count);
            }
        });
        GatewayProfile.append(out, interesting, samples, top * 2);
        return out.toString();
    }
}
