package io.keytrail.reporting.db;

import java.time.Instant;

/**
 * One stored usage window as the reports read it, from {@code usage_windows} or
 * {@code key_usage_windows}. The JSON columns hold the window's maps and lists as the usage topic
 * carried them; the sketch columns hold base64 of the serialized DataSketches sketch. {@code null}
 * means the record did not carry the field.
 *
 * @param subjectId the developer id, or on key windows the key id
 */
public record UsageWindowView(
        String subjectId,
        Instant windowStart,
        Instant windowEnd,
        long success,
        long failure,
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
        String clientIpSketch) {
}
