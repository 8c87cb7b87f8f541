package io.keytrail.reporting.db;

import java.time.Instant;

/**
 * A key with when it was first and last seen at a gateway ({@code null} when never), from
 * {@code api_keys} joined with {@code last_seen}.
 */
public record KeyActivity(
        String keyId,
        String projectId,
        String developerId,
        String description,
        String status,
        Instant createdAt,
        Instant firstSeen,
        Instant lastSeen,
        Instant lastSuccess) {
}
