package io.keytrail.reporting.db;

import java.time.Instant;

/**
 * One authentication decision as stored in {@code audit_events}: the AuthEvent flattened, text
 * already clipped to its column. {@code authMethods} is comma-separated, such as {@code KEY,JWT}.
 */
public record AuditEventRow(
        String eventId,
        String eventType,
        Instant eventTime,
        String requestId,
        String gatewayNode,
        String apiId,
        String route,
        String method,
        String path,
        int status,
        Long latencyMicros,
        Long upstreamMicros,
        String clientIp,
        String userAgent,
        String keyId,
        String keyHint,
        String credentialLocation,
        String authMethods,
        String developerId,
        String projectId,
        String reason,
        Instant ingestedAt) {
}
