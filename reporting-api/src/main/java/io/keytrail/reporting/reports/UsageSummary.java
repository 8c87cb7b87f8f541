package io.keytrail.reporting.reports;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A usage report: one developer's, project's or key's windows of one size that start in
 * {@code [from, to)}, and their sums over the range. Fields that are not known are {@code null},
 * never zero: windows stored before the pipeline counted latency and client IPs have no sketches,
 * and {@code windowsWithoutSketches} says how many such windows the range holds, whose requests the
 * range's {@code latency} and {@code clientIps} leave out.
 *
 * @param developer the developer reported on, or the key's developer; absent for a project
 * @param project   the project reported on, or the key's project; absent for a developer
 * @param keyId     the key reported on; absent otherwise
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record UsageSummary(
        @JsonInclude(JsonInclude.Include.NON_NULL) String developer,
        @JsonInclude(JsonInclude.Include.NON_NULL) String project,
        @JsonInclude(JsonInclude.Include.NON_NULL) String keyId,
        Instant from,
        Instant to,
        Granularity granularity,
        Instant completeUpTo,
        Totals totals,
        List<Window> windows,
        List<ApiUsage> byApi,
        Map<String, Long> failures,
        Map<String, Long> statusClasses,
        Latency latency,
        Long clientIps,
        List<Endpoint> topEndpoints,
        List<KeyUse> keys,
        int windowsWithoutSketches) {

    public record Totals(long requests, long success, long failure) {
    }

    /** One window; {@code failures} and {@code statusClasses} are {@code null} when the window did not carry them. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Window(Instant windowStart, Instant windowEnd, long success, long failure,
                         Map<String, Long> failures, Map<String, Long> statusClasses, Latency latency,
                         Long clientIps) {
    }

    /** Estimated latency quantiles and the exact maximum, in microseconds. */
    public record Latency(long p50Micros, long p95Micros, long p99Micros, long maxMicros) {
    }

    public record ApiUsage(String apiId, String route, long success, long failure) {
    }

    public record Endpoint(String method, String apiId, String route, long requests) {
    }

    /** When a key was first and last seen at a gateway and last let through; {@code null} when never. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record KeyUse(String keyId, String projectId, Instant firstSeen, Instant lastSeen, Instant lastSuccess) {
    }
}
