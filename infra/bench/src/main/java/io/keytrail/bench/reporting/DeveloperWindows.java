package io.keytrail.bench.reporting;

import io.keytrail.events.AuthEvent;
import io.keytrail.events.FailureReason;
import io.keytrail.events.UsageWindow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.datasketches.hll.HllSketch;
import org.apache.datasketches.hll.TgtHllType;
import org.apache.datasketches.kll.KllLongsSketch;

/**
 * One developer's minute, hour and day windows, computed here from the events the benchmark
 * produces instead of by audit-streams (which would take far too long over ten million events),
 * the way audit-streams' {@code UsageStats} computes them: exact counts per reason, status class,
 * API route and endpoint (top 10), a KLL latency sketch (k = {@value UsageWindow.LatencySummary#SKETCH_K})
 * and an HLL sketch of client IPs (lgK = {@value UsageWindow.DistinctCount#SKETCH_LG_K}, HLL_8).
 * Events must come in time order; each window is handed on once an event falls past its end.
 */
final class DeveloperWindows {
    private static final List<Duration> SIZES = List.of(Duration.ofMinutes(1), Duration.ofHours(1), Duration.ofDays(1));
    private static final int TOP_ENDPOINTS = 10;

    private final Consumer<UsageWindow> out;
    private final Window[] open = new Window[SIZES.size()];
    private long published;

    DeveloperWindows(Consumer<UsageWindow> out) {
        this.out = out;
    }

    void add(AuthEvent event) {
        for (int i = 0; i < SIZES.size(); i++) {
            long size = SIZES.get(i).toMillis();
            long ms = event.time().toEpochMilli();
            Instant start = Instant.ofEpochMilli(ms - ms % size);
            if (open[i] != null && !open[i].start.equals(start)) {
                publish(open[i]);
                open[i] = null;
            }
            if (open[i] == null) {
                open[i] = new Window(start, start.plusMillis(size));
            }
            open[i].add(event);
        }
    }

    /** Hands on the windows still open. */
    void flush() {
        for (int i = 0; i < open.length; i++) {
            if (open[i] != null) {
                publish(open[i]);
                open[i] = null;
            }
        }
    }

    long published() {
        return published;
    }

    private void publish(Window window) {
        out.accept(window.toWindow());
        published++;
    }

    private static final class Window {
        final Instant start;
        final Instant end;
        String developerId;
        long success;
        long failure;
        Instant first;
        Instant last;
        long maxMicros;
        final Map<FailureReason, Long> reasons = new EnumMap<>(FailureReason.class);
        final Map<String, Long> classes = new TreeMap<>();
        final Map<List<String>, long[]> apis = new HashMap<>();
        final Map<List<String>, long[]> endpoints = new HashMap<>();
        final KllLongsSketch latency = KllLongsSketch.newHeapInstance(UsageWindow.LatencySummary.SKETCH_K);
        final HllSketch ips = new HllSketch(UsageWindow.DistinctCount.SKETCH_LG_K, TgtHllType.HLL_8);

        Window(Instant start, Instant end) {
            this.start = start;
            this.end = end;
        }

        void add(AuthEvent e) {
            developerId = e.developerId();
            if (e.success()) {
                success++;
            } else {
                failure++;
                reasons.merge(e.reason(), 1L, Long::sum);
            }
            first = first == null ? e.time() : first;
            last = e.time();
            classes.merge(e.status() / 100 + "xx", 1L, Long::sum);
            apis.computeIfAbsent(List.of(e.apiId(), e.route()), k -> new long[2])[e.success() ? 0 : 1]++;
            endpoints.computeIfAbsent(List.of(e.method(), e.apiId(), e.route()), k -> new long[1])[0]++;
            latency.update(e.latency().totalMicros());
            maxMicros = Math.max(maxMicros, e.latency().totalMicros());
            ips.update(e.client().ip());
        }

        UsageWindow toWindow() {
            List<UsageWindow.ApiCount> apiCounts = new ArrayList<>();
            apis.forEach((k, v) -> apiCounts.add(new UsageWindow.ApiCount(k.get(0), k.get(1), v[0], v[1])));
            apiCounts.sort(Comparator.comparingLong((UsageWindow.ApiCount a) -> -(a.success() + a.failure()))
                    .thenComparing(UsageWindow.ApiCount::apiId).thenComparing(UsageWindow.ApiCount::route));
            List<UsageWindow.EndpointCount> top = new ArrayList<>();
            endpoints.forEach((k, v) -> top.add(new UsageWindow.EndpointCount(k.get(0), k.get(1), k.get(2), v[0])));
            top.sort(Comparator.comparingLong((UsageWindow.EndpointCount c) -> -c.requests())
                    .thenComparing(UsageWindow.EndpointCount::apiId).thenComparing(UsageWindow.EndpointCount::route)
                    .thenComparing(UsageWindow.EndpointCount::method));
            return new UsageWindow(UsageWindow.SCHEMA_VERSION, developerId, start, end, success, failure, last, null,
                    null, first, reasons, classes, apiCounts, top.subList(0, Math.min(TOP_ENDPOINTS, top.size())),
                    new UsageWindow.LatencySummary(latency.getQuantile(0.5), latency.getQuantile(0.95),
                            latency.getQuantile(0.99), maxMicros, latency.toByteArray()),
                    new UsageWindow.DistinctCount(Math.round(ips.getEstimate()), ips.toCompactByteArray()));
        }
    }
}
