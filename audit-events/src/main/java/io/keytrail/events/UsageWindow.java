package io.keytrail.events;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One developer's (or, on the key-usage topic, one key's) requests in one tumbling time window of
 * one minute, one hour or one day, published on a compacted topic. Each update carries the
 * window's totals so far, so the latest record per key is the answer and replaying the topic is
 * idempotent.
 *
 * <p>Everything after {@code lastEventTime} was added to version 1 later and is absent from older
 * records; readers must treat an absent field as "not known", never as zero. Counts are exact.
 * Latency quantiles and distinct client IPs are estimates from mergeable sketches (Apache
 * DataSketches), which travel with the window so that any range of windows (the minutes of an
 * hour, the keys of a project) can be merged into correct quantiles and distinct counts without
 * the raw events.
 *
 * @param keyId          on the key-usage topic, the key the window counts; absent on the usage topic
 * @param projectId      on the key-usage topic, the key's project
 * @param firstEventTime the earliest event time counted in the window
 * @param failures       failures per reason; reasons without failures are absent
 * @param statusClasses  responses per status class ({@code 2xx} ... {@code 5xx})
 * @param apis           requests per API and route, most requested first
 * @param topEndpoints   the most requested endpoints (method, API and route), most requested first
 */
public record UsageWindow(
        int schemaVersion,
        String developerId,
        Instant windowStart,
        Instant windowEnd,
        long success,
        long failure,
        Instant lastEventTime,
        String keyId,
        String projectId,
        Instant firstEventTime,
        Map<FailureReason, Long> failures,
        Map<String, Long> statusClasses,
        List<ApiCount> apis,
        List<EndpointCount> topEndpoints,
        LatencySummary latency,
        DistinctCount clientIps) {

    public static final int SCHEMA_VERSION = 1;

    public UsageWindow {
        Objects.requireNonNull(developerId, "developerId");
        Objects.requireNonNull(windowStart, "windowStart");
        Objects.requireNonNull(windowEnd, "windowEnd");
        // Sorted, so the JSON form is stable: reason order, then 1xx..5xx.
        failures = failures == null ? null : Collections.unmodifiableMap(new TreeMap<>(failures));
        statusClasses = statusClasses == null ? null : Collections.unmodifiableMap(new TreeMap<>(statusClasses));
        apis = apis == null ? null : List.copyOf(apis);
        topEndpoints = topEndpoints == null ? null : List.copyOf(topEndpoints);
    }

    /** A window with the counts of the first version of this record only. */
    public UsageWindow(int schemaVersion, String developerId, Instant windowStart, Instant windowEnd, long success,
                       long failure, Instant lastEventTime) {
        this(schemaVersion, developerId, windowStart, windowEnd, success, failure, lastEventTime, null, null, null,
                null, null, null, null, null, null);
    }

    /** The record key on the usage topic: developer, window start and window length. */
    public static String key(String developerId, Instant windowStart, Duration size) {
        return developerId + '|' + windowStart + '|' + size;
    }

    /** The key of this window on its topic: by key id on the key-usage topic, else by developer. */
    public String key() {
        return key(keyId == null ? developerId : keyId, windowStart, size());
    }

    /** The window's length: one minute, one hour or one day. */
    public Duration size() {
        return Duration.between(windowStart, windowEnd);
    }

    /** Requests to one API route, by outcome. */
    public record ApiCount(String apiId, String route, long success, long failure) {
    }

    /** Requests to one endpoint: the method on an API's route (paths carry ids, routes do not). */
    public record EndpointCount(String method, String apiId, String route, long requests) {
    }

    /**
     * Gateway latency (total, in microseconds) of the window's requests: estimated quantiles, the
     * exact maximum, and the serialized KLL sketch ({@code KllLongsSketch}, k = {@link #SKETCH_K})
     * to merge with other windows.
     */
    public record LatencySummary(long p50Micros, long p95Micros, long p99Micros, long maxMicros, byte[] sketch) {
        public static final int SKETCH_K = 200;
    }

    /**
     * Estimated number of distinct values, and the serialized HLL sketch ({@code HllSketch},
     * lgK = {@link #SKETCH_LG_K}, HLL_8) to merge with other windows in a {@code Union}.
     */
    public record DistinctCount(long estimate, byte[] sketch) {
        public static final int SKETCH_LG_K = 12;
    }
}
