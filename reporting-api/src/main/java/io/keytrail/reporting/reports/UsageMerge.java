package io.keytrail.reporting.reports;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectReader;
import io.keytrail.events.Json;
import io.keytrail.events.UsageWindow;
import io.keytrail.reporting.db.UsageWindowView;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.datasketches.hll.HllSketch;
import org.apache.datasketches.hll.TgtHllType;
import org.apache.datasketches.hll.Union;
import org.apache.datasketches.kll.KllLongsSketch;
import org.apache.datasketches.memory.Memory;

/**
 * Sums stored windows: counts add up, maps add up per key, latency sketches merge (KLL) and client
 * IP sketches unite (HLL), so quantiles and distinct counts over many windows are estimated from
 * all their requests, not averaged. One instance sums one group of windows (a window's keys, or
 * the whole range); not thread-safe.
 */
final class UsageMerge {
    static final int TOP_ENDPOINTS = 10;
    private static final Comparator<String> TEXT = Comparator.nullsFirst(Comparator.naturalOrder());
    // Readers built once: a report parses several small JSON columns for each of hundreds of windows,
    // and resolving the type and its deserializer per call was a tenth of a usage report's time (JFR).
    private static final ObjectReader COUNTS = Json.mapper().readerFor(new TypeReference<Map<String, Long>>() { });
    private static final ObjectReader APIS = Json.mapper().readerFor(new TypeReference<List<UsageWindow.ApiCount>>() { });
    private static final ObjectReader ENDPOINTS =
            Json.mapper().readerFor(new TypeReference<List<UsageWindow.EndpointCount>>() { });

    private long success;
    private long failure;
    private int rows;
    private UsageWindowView only;
    private Map<String, Long> failures;
    private Map<String, Long> statusClasses;
    private final Map<List<String>, long[]> apis = new LinkedHashMap<>();
    private final Map<List<String>, long[]> endpoints = new LinkedHashMap<>();
    private KllLongsSketch latency;
    private long maxMicros = -1;
    private Union clientIps;
    private int withoutSketches;

    void add(UsageWindowView row) {
        rows++;
        only = rows == 1 ? row : null;
        success += row.success();
        failure += row.failure();
        failures = addCounts(failures, row.failures());
        statusClasses = addCounts(statusClasses, row.statusClasses());
        if (row.apis() != null) {
            for (UsageWindow.ApiCount api : UsageMerge.<List<UsageWindow.ApiCount>>read(row.apis(), APIS)) {
                long[] sum = apis.computeIfAbsent(Arrays.asList(api.apiId(), api.route()), k -> new long[2]);
                sum[0] += api.success();
                sum[1] += api.failure();
            }
        }
        if (row.topEndpoints() != null) {
            for (UsageWindow.EndpointCount endpoint : UsageMerge.<List<UsageWindow.EndpointCount>>read(
                    row.topEndpoints(), ENDPOINTS)) {
                endpoints.computeIfAbsent(Arrays.asList(endpoint.method(), endpoint.apiId(), endpoint.route()),
                        k -> new long[1])[0] += endpoint.requests();
            }
        }
        KllLongsSketch sketch = row.latencySketch() == null ? null : kll(row.latencySketch());
        if (sketch == null) {
            // A window stored before sketches were published (or whose sketch ingest could not
            // read): its requests are counted but cannot take part in quantiles or distinct counts.
            if (row.success() + row.failure() > 0) {
                withoutSketches++;
            }
            return;
        }
        if (latency == null) {
            latency = KllLongsSketch.newHeapInstance(UsageWindow.LatencySummary.SKETCH_K);
        }
        latency.merge(sketch);
        if (row.latencyMaxMicros() != null) {
            maxMicros = Math.max(maxMicros, row.latencyMaxMicros());
        }
        if (clientIps == null) {
            clientIps = new Union(UsageWindow.DistinctCount.SKETCH_LG_K);
        }
        HllSketch ips = row.clientIpSketch() == null ? null : hll(row.clientIpSketch());
        if (ips != null) {
            clientIps.update(ips);
        }
    }

    /** Ingest stores only sketches it could read; one that still does not read is left out, not a failed report. */
    private static KllLongsSketch kll(String base64) {
        try {
            // Wrapped, not copied: the merge reads it once.
            return KllLongsSketch.wrap(Memory.wrap(Base64.getDecoder().decode(base64)));
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static HllSketch hll(String base64) {
        try {
            return HllSketch.wrap(Memory.wrap(Base64.getDecoder().decode(base64)));
        } catch (RuntimeException e) {
            return null;
        }
    }

    /**
     * One listed window from its stored rows. A window stored whole (a developer's or a key's: one
     * row) is answered from its stored counts and quantiles without reading its sketches and API
     * tables, which only the range's totals need; a project's window (one row per key) is merged.
     */
    static UsageSummary.Window window(Instant start, Instant end, List<UsageWindowView> rows) {
        UsageWindowView row = rows.get(0);
        boolean storedLatency = row.latencyP50Micros() != null || row.latencySketch() == null;
        boolean storedIps = row.clientIps() != null || row.clientIpSketch() == null && row.latencySketch() == null;
        if (rows.size() == 1 && storedLatency && storedIps) {
            UsageSummary.Latency latency = row.latencyP50Micros() == null ? null : new UsageSummary.Latency(
                    row.latencyP50Micros(), row.latencyP95Micros(), row.latencyP99Micros(), row.latencyMaxMicros());
            return new UsageSummary.Window(start, end, row.success(), row.failure(), addCounts(null, row.failures()),
                    addCounts(null, row.statusClasses()), latency, row.clientIps());
        }
        UsageMerge merge = new UsageMerge();
        rows.forEach(merge::add);
        return new UsageSummary.Window(start, end, merge.success(), merge.failure(), merge.failures(),
                merge.statusClasses(), merge.latency(), merge.clientIps());
    }

    long success() {
        return success;
    }

    long failure() {
        return failure;
    }

    int withoutSketches() {
        return withoutSketches;
    }

    Map<String, Long> failures() {
        return failures;
    }

    Map<String, Long> statusClasses() {
        return statusClasses;
    }

    /** A single window keeps the quantiles it was stored with; merged ones come from the merged sketch. */
    UsageSummary.Latency latency() {
        if (only != null && only.latencyP50Micros() != null) {
            return new UsageSummary.Latency(only.latencyP50Micros(), only.latencyP95Micros(),
                    only.latencyP99Micros(), only.latencyMaxMicros());
        }
        if (latency == null || latency.isEmpty()) {
            return null;
        }
        long max = maxMicros >= 0 ? maxMicros : latency.getMaxItem();
        return new UsageSummary.Latency(latency.getQuantile(0.5), latency.getQuantile(0.95),
                latency.getQuantile(0.99), max);
    }

    /** Distinct client IPs; {@code null} when no window carried the count. */
    Long clientIps() {
        if (only != null && only.clientIps() != null) {
            return only.clientIps();
        }
        if (clientIps == null) {
            return null;
        }
        HllSketch result = clientIps.getResult(TgtHllType.HLL_8);
        return result.isEmpty() ? 0L : Math.round(result.getEstimate());
    }

    List<UsageSummary.ApiUsage> byApi() {
        List<UsageSummary.ApiUsage> list = new ArrayList<>();
        apis.forEach((k, v) -> list.add(new UsageSummary.ApiUsage(k.get(0), k.get(1), v[0], v[1])));
        list.sort(Comparator.comparingLong((UsageSummary.ApiUsage a) -> -(a.success() + a.failure()))
                .thenComparing(UsageSummary.ApiUsage::apiId, TEXT).thenComparing(UsageSummary.ApiUsage::route, TEXT));
        return list;
    }

    List<UsageSummary.Endpoint> topEndpoints() {
        List<UsageSummary.Endpoint> list = new ArrayList<>();
        endpoints.forEach((k, v) -> list.add(new UsageSummary.Endpoint(k.get(0), k.get(1), k.get(2), v[0])));
        list.sort(Comparator.comparingLong((UsageSummary.Endpoint e) -> -e.requests())
                .thenComparing(UsageSummary.Endpoint::apiId, TEXT).thenComparing(UsageSummary.Endpoint::route, TEXT)
                .thenComparing(UsageSummary.Endpoint::method, TEXT));
        return list.subList(0, Math.min(TOP_ENDPOINTS, list.size()));
    }

    private static Map<String, Long> addCounts(Map<String, Long> sum, String json) {
        if (json == null) {
            return sum;
        }
        Map<String, Long> result = sum == null ? new TreeMap<>() : sum;
        UsageMerge.<Map<String, Long>>read(json, COUNTS).forEach((k, v) -> result.merge(k, v, Long::sum));
        return result;
    }

    private static <T> T read(String json, ObjectReader reader) {
        try {
            return reader.readValue(json);
        } catch (IOException e) {
            throw new UncheckedIOException("a stored usage window holds JSON that does not parse", e);
        }
    }
}
