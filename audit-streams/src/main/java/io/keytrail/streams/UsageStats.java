package io.keytrail.streams;

import io.keytrail.events.AuthEvent;
import io.keytrail.events.FailureReason;
import io.keytrail.events.UsageWindow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.datasketches.hll.HllSketch;
import org.apache.datasketches.hll.TgtHllType;
import org.apache.datasketches.kll.KllLongsSketch;

/**
 * The running statistics of one window (of a developer or a key) while it is open. Mutable on
 * purpose: the aggregator updates it in place and Kafka Streams writes it straight back, so an
 * event costs no copy of it (see {@link UsageStatsSerde} for why that holds). Its binary form ({@link UsageStatsSerde}) lives in the
 * window stores and their changelogs.
 *
 * <p>The API and endpoint tables are bounded: a window keeps at most {@link #MAX_APIS} API routes
 * and {@link #MAX_ENDPOINTS} endpoints, and counts the rest under {@link #OTHER}, so a client
 * inventing routes cannot grow the state without bound.
 */
final class UsageStats {
    static final int MAX_APIS = 100;
    static final int MAX_ENDPOINTS = 200;
    static final int TOP_ENDPOINTS = 10;
    static final String OTHER = "(other)";
    static final String NONE = "(none)";
    static final char SEP = '\u0000';
    private static final FailureReason[] REASONS = FailureReason.values();
    private static final String[] STATUS_CLASSES = {"1xx", "2xx", "3xx", "4xx", "5xx"};

    String developerId;
    String keyId;
    String projectId;
    long success;
    long failure;
    long firstMillis = Long.MAX_VALUE;
    long lastMillis = Long.MIN_VALUE;
    final long[] reasons = new long[REASONS.length];
    final long[] statusClasses = new long[STATUS_CLASSES.length];
    /** apiId SEP route -> {success, failure}. */
    final CountTable apis = new CountTable(MAX_APIS, 2, OTHER + SEP + OTHER);
    /** method SEP apiId SEP route -> {requests}, each linked to its API route's entry in {@link #apis}. */
    final CountTable endpoints = new CountTable(MAX_ENDPOINTS, 1, OTHER + SEP + OTHER + SEP + OTHER);
    long maxLatencyMicros;
    KllLongsSketch latency;
    HllSketch clientIps;
    /** Identity and version in {@link UsageStatsSerde}'s memo; 0 until first written. */
    long memoId;
    long memoVersion;

    static UsageStats empty() {
        return new UsageStats();
    }

    /**
     * What {@link #add} derives from an event before counting it, computed once per event rather
     * than once per window (an event counts in six).
     */
    record Derived(String api, String endpoint, byte[] clientIp) {
        static Derived of(AuthEvent event) {
            String api = orNone(event.apiId()) + SEP + orNone(event.route());
            String ip = event.client() == null ? null : event.client().ip();
            // HllSketch.update(String) hashes the string's UTF-8 bytes (and ignores an empty one): the same coupons.
            return new Derived(CountTable.intern(api), CountTable.intern(orNone(event.method()) + SEP + api),
                    ip == null ? null : ip.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    /** Counts {@code event}, which {@link InputCheck} has already validated. */
    UsageStats add(AuthEvent event) {
        return add(event, Derived.of(event));
    }

    /** Counts {@code event} with what was {@code derived} from it. */
    UsageStats add(AuthEvent event, Derived derived) {
        if (developerId == null) {
            developerId = event.developerId();
            projectId = event.projectId();
        }
        if (event.success()) {
            success++;
        } else {
            failure++;
            reasons[event.reason().ordinal()]++;
        }
        long millis = event.time().toEpochMilli();
        firstMillis = Math.min(firstMillis, millis);
        lastMillis = Math.max(lastMillis, millis);
        statusClasses[event.status() / 100 - 1]++;
        int endpoint = endpoints.entry(derived.endpoint());
        endpoints.add(endpoint, 0, 1);
        // An endpoint belongs to one API route, so its link stays right; the shared (other) endpoint has none.
        int api = endpoints.link(endpoint);
        if (api < 0) {
            api = apis.entry(derived.api());
            if (!endpoints.isOther(endpoint)) {
                endpoints.link(endpoint, api);
            }
        }
        apis.add(api, event.success() ? 0 : 1, 1);
        long micros = event.latency().totalMicros();
        maxLatencyMicros = Math.max(maxLatencyMicros, micros);
        if (latency == null) {
            latency = KllLongsSketch.newHeapInstance(UsageWindow.LatencySummary.SKETCH_K);
        }
        latency.update(micros);
        if (derived.clientIp() != null) {
            if (clientIps == null) {
                clientIps = new HllSketch(UsageWindow.DistinctCount.SKETCH_LG_K, TgtHllType.HLL_8);
            }
            clientIps.update(derived.clientIp());
        }
        return this;
    }

    /** The published form of this window. */
    UsageWindow toWindow(Instant start, Instant end, boolean perKey) {
        Map<FailureReason, Long> byReason = new EnumMap<>(FailureReason.class);
        for (int i = 0; i < reasons.length; i++) {
            if (reasons[i] > 0) {
                byReason.put(REASONS[i], reasons[i]);
            }
        }
        Map<String, Long> byClass = new TreeMap<>();
        for (int i = 0; i < statusClasses.length; i++) {
            if (statusClasses[i] > 0) {
                byClass.put(STATUS_CLASSES[i], statusClasses[i]);
            }
        }
        List<UsageWindow.ApiCount> apiCounts = new ArrayList<>(apis.size());
        apis.forEach((k, v) -> {
            int sep = k.indexOf(SEP);
            apiCounts.add(new UsageWindow.ApiCount(k.substring(0, sep), k.substring(sep + 1), v[0], v[1]));
        });
        apiCounts.sort(Comparator.comparingLong((UsageWindow.ApiCount a) -> -(a.success() + a.failure()))
                .thenComparing(UsageWindow.ApiCount::apiId).thenComparing(UsageWindow.ApiCount::route));
        List<UsageWindow.EndpointCount> top = new ArrayList<>(endpoints.size());
        endpoints.forEach((k, v) -> {
            int a = k.indexOf(SEP);
            int b = k.indexOf(SEP, a + 1);
            top.add(new UsageWindow.EndpointCount(k.substring(0, a), k.substring(a + 1, b), k.substring(b + 1), v[0]));
        });
        top.sort(Comparator.comparingLong((UsageWindow.EndpointCount e) -> -e.requests())
                .thenComparing(UsageWindow.EndpointCount::apiId).thenComparing(UsageWindow.EndpointCount::route)
                .thenComparing(UsageWindow.EndpointCount::method));
        UsageWindow.LatencySummary latencySummary = latency == null || latency.isEmpty() ? null
                : new UsageWindow.LatencySummary(latency.getQuantile(0.5), latency.getQuantile(0.95),
                        latency.getQuantile(0.99), maxLatencyMicros, latency.toByteArray());
        UsageWindow.DistinctCount ips = clientIps == null ? null
                : new UsageWindow.DistinctCount(Math.round(clientIps.getEstimate()), clientIps.toCompactByteArray());
        return new UsageWindow(UsageWindow.SCHEMA_VERSION, developerId, start, end, success, failure,
                lastMillis == Long.MIN_VALUE ? null : Instant.ofEpochMilli(lastMillis),
                perKey ? keyId : null, perKey ? projectId : null,
                firstMillis == Long.MAX_VALUE ? null : Instant.ofEpochMilli(firstMillis),
                byReason, byClass, apiCounts, top.subList(0, Math.min(TOP_ENDPOINTS, top.size())),
                latencySummary, ips);
    }

    private static String orNone(String s) {
        return s == null ? NONE : s;
    }
}
