package io.keytrail.bench.registry;

import io.keytrail.events.Json;
import io.keytrail.gateway.keys.KeyRegistry;
import io.keytrail.gateway.keys.KeyRegistryFeed;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import javax.management.ObjectName;

/**
 * One fresh gateway registry, in a JVM of its own started by {@link RegistryBench}: builds a
 * {@link KeyRegistry} and its {@link KeyRegistryFeed} exactly as {@code GatewayApp} does, times
 * the feed from its construction until {@link KeyRegistryFeed#caughtUp()}, then measures the heap
 * the registry and its running feed hold. Prints one line {@code RESULT {json}}.
 *
 * <p>Heap method: used heap after full collections (repeated {@link System#gc()} until it stops
 * shrinking) with the registry and its feed reachable from a static field, minus the same after the
 * feed is closed and both are dropped, divided by the number of keys in the registry. The
 * difference is everything the registry keeps alive, its feed (consumer, intern tables) included.
 */
public final class RegistryLoad {
    // Static, so no compiler can decide the registry is dead before the first measurement.
    static KeyRegistry registry;
    static KeyRegistryFeed feed;

    private RegistryLoad() {
    }

    public static void main(String[] args) throws Exception {
        String bootstrap = args[0];
        String topic = args[1];
        long baseline = settledUsedHeap();
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        String loadAverage = loadAverage();
        long cpuStarted = os.getProcessCpuTime();
        long started = System.nanoTime();
        registry = new KeyRegistry();
        feed = new KeyRegistryFeed(registry, bootstrap, topic);
        feed.start();
        while (!feed.caughtUp()) {
            LockSupport.parkNanos(1_000_000);
        }
        long caughtUpNanos = System.nanoTime() - started;
        long cpuNanos = os.getProcessCpuTime() - cpuStarted;
        Thread feedThread = thread("key-registry-feed");
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long feedCpuNanos = feedThread == null ? -1 : threads.getThreadCpuTime(feedThread.getId());
        long feedAllocated = feedThread == null ? -1 : threads.getThreadAllocatedBytes(feedThread.getId());
        Map<String, Long> cpuByThreadKind = cpuByThreadKind();
        int keys = registry.size();
        Map<String, Object> gcDuringLoad = gcCounts();
        // Let the feed settle into following the topic, as a serving gateway's does.
        Thread.sleep(1_000);
        long withRegistry = settledUsedHeap();
        List<String> histogram = histogram(15);
        feed.close();
        feed = null;
        registry = null;
        long without = settledUsedHeap();

        Map<String, Object> result = new LinkedHashMap<>();
        result.put("keys", keys);
        result.put("caughtUpMillis", caughtUpNanos / 1_000_000);
        // CPU of this JVM (feed, GC, JIT) while catching up; far below 2x the wall time means waiting.
        result.put("cpuMillisWhileCatchingUp", cpuNanos / 1_000_000);
        result.put("loadAverageAtStart", loadAverage);
        // The feed's own thread (fetching, parsing, filing); the rest of the JVM's CPU is mostly GC and JIT.
        result.put("feedThreadCpuMillis", feedCpuNanos / 1_000_000);
        // What the feed thread allocated while catching up: the young collections' workload.
        result.put("feedThreadAllocatedMiB", feedAllocated >> 20);
        // CPU since the JVM started, by kind of thread (Linux /proc): who else the feed shares the cores with.
        result.put("cpuMillisByThreadKind", cpuByThreadKind);
        result.put("usedHeapBaselineBytes", baseline);
        result.put("usedHeapWithRegistryBytes", withRegistry);
        result.put("usedHeapWithoutRegistryBytes", without);
        result.put("bytesPerKey", keys == 0 ? 0 : Math.round((double) (withRegistry - without) / keys));
        result.put("maxHeapBytes", Runtime.getRuntime().maxMemory());
        result.put("gcDuringLoad", gcDuringLoad);
        result.put("histogramTop", histogram);
        System.out.println("RESULT " + Json.mapper().writeValueAsString(result));
        System.exit(0);
    }

    /** CPU milliseconds of this JVM's threads so far, grouped: collector, compiler, feed, the rest. */
    static Map<String, Long> cpuByThreadKind() {
        Map<String, Long> out = new LinkedHashMap<>();
        java.nio.file.Path tasks = java.nio.file.Path.of("/proc/self/task");
        try (var list = java.nio.file.Files.list(tasks)) {
            for (java.nio.file.Path task : list.toList()) {
                try {
                    String name = java.nio.file.Files.readString(task.resolve("comm")).strip();
                    String stat = java.nio.file.Files.readString(task.resolve("stat"));
                    // Fields after the parenthesised name: state is 3rd, utime 14th, stime 15th.
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                    String kind = name.startsWith("GC Thread") || name.startsWith("G1 ") || name.startsWith("VM Thread")
                            ? "gc" : name.contains("CompilerThre") ? "jit"
                            : name.equals("key-registry-fe") ? "feed" : "other";
                    out.merge(kind, ticks * 10, Long::sum);
                } catch (Exception e) {
                    // a thread that ended while we looked
                }
            }
        } catch (Exception e) {
            out.put("unavailable", -1L);
        }
        return out;
    }

    private static Thread thread(String name) {
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.getName().equals(name)) {
                return thread;
            }
        }
        return null;
    }

    /** The machine's 1-, 5- and 15-minute load averages: other work on the same cores shows here. */
    static String loadAverage() {
        try {
            String[] fields = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (Exception e) {
            return "unknown";
        }
    }

    /** Used heap once full collections stop freeing anything. */
    static long settledUsedHeap() throws InterruptedException {
        var memory = ManagementFactory.getMemoryMXBean();
        long previous = Long.MAX_VALUE;
        long used = 0;
        for (int i = 0; i < 10; i++) {
            System.gc();
            Thread.sleep(100);
            used = memory.getHeapMemoryUsage().getUsed();
            if (Math.abs(previous - used) < 64 * 1024) {
                break;
            }
            previous = used;
        }
        return used;
    }

    private static Map<String, Object> gcCounts() {
        Map<String, Object> out = new LinkedHashMap<>();
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            out.put(gc.getName(), Map.of("count", gc.getCollectionCount(), "millis", gc.getCollectionTime()));
        }
        return out;
    }

    /** The first rows of the live-object class histogram (what {@code jcmd GC.class_histogram} prints). */
    private static List<String> histogram(int rows) {
        List<String> out = new ArrayList<>();
        try {
            String text = (String) ManagementFactory.getPlatformMBeanServer().invoke(
                    new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                    new Object[] {new String[0]}, new String[] {String[].class.getName()});
            String[] lines = text.split("\n");
            for (int i = 0; i < lines.length && out.size() < rows + 2; i++) {
                if (!lines[i].isBlank()) {
                    out.add(lines[i].strip());
                }
            }
        } catch (Exception e) {
            out.add("histogram unavailable: " + e.getMessage());
        }
        return out;
    }
}
