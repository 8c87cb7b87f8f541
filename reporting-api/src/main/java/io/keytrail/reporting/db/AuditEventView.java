package io.keytrail.reporting.db;

import java.time.Instant;

/** One stored authentication decision as the trail shows it: a row of {@code audit_events}. */
public record AuditEventView(
        String eventId,
        String eventType,
        Instant eventTime,
        String requestId,
        String apiId,
        String route,
        String method,
        String path,
        int status,
        Long latencyMicros,
        String clientIp,
        String userAgent,
        String keyId,
        String keyHint,
        String credentialLocation,
        String authMethods,
        String developerId,
        String projectId,
        String reason) {
}
