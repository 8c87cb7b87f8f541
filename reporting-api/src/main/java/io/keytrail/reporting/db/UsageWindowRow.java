package io.keytrail.reporting.db;

import java.time.Instant;

/**
 * A usage window in full, as the usage and key-usage topics carry it, for {@code usage_windows}
 * (by developer) and {@code key_usage_windows} (by key). Maps and lists are JSON text, sketches
 * base64; {@code null} means the record did not carry the field, never zero.
 *
 * @param keyId     the key counted, on key-usage windows; {@code null} on developer windows
 * @param projectId the key's project, on key-usage windows
 */
public record UsageWindowRow(
        String developerId,
        String keyId,
        String projectId,
        Instant windowStart,
        Instant windowEnd,
        int windowSeconds,
        long success,
        long failure,
        Instant firstEventTime,
        Instant lastEventTime,
        String failures,
        String statusClasses,
        String apis,
        String topEndpoints,
        Long latencyP50Micros,
        Long latencyP95Micros,
        Long latencyP99Micros,
        Long latencyMaxMicros,
        String latencySketch,
        Long clientIps,
        String clientIpSketch,
        Instant updatedAt) {
}
