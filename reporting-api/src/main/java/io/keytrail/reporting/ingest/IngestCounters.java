package io.keytrail.reporting.ingest;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * How many records ingest stored, clipped and skipped (by reason), per topic, since start. Counted
 * only once the records' transaction committed, so a retried batch is not counted twice. The
 * counts name topics and reasons only, never anything from a record.
 */
public final class IngestCounters {
    private final Map<String, LongAdder> stored = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> clipped = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> skipped = new ConcurrentHashMap<>();

    void addStored(String topic, long count) {
        add(stored, topic, count);
    }

    void addClipped(String topic, long count) {
        add(clipped, topic, count);
    }

    void addSkipped(String topic, SkipReason reason, long count) {
        add(skipped, topic + ' ' + reason, count);
    }

    /** Records of {@code topic} stored, clipped ones included. */
    public long stored(String topic) {
        return get(stored, topic);
    }

    /** Stored records of {@code topic} that had a field cut or dropped to fit. */
    public long clipped(String topic) {
        return get(clipped, topic);
    }

    public long skipped(String topic, SkipReason reason) {
        return get(skipped, topic + ' ' + reason);
    }

    /** Every count, for a log line: {@code stored {...} clipped {...} skipped {...}}. */
    public String summary() {
        return "stored " + sorted(stored) + " clipped " + sorted(clipped) + " skipped " + sorted(skipped);
    }

    private static void add(Map<String, LongAdder> counts, String name, long count) {
        if (count > 0) {
            counts.computeIfAbsent(name, n -> new LongAdder()).add(count);
        }
    }

    private static long get(Map<String, LongAdder> counts, String name) {
        LongAdder count = counts.get(name);
        return count == null ? 0 : count.sum();
    }

    private static Map<String, Long> sorted(Map<String, LongAdder> counts) {
        Map<String, Long> copy = new TreeMap<>();
        counts.forEach((name, count) -> copy.put(name, count.sum()));
        return copy;
    }
}
