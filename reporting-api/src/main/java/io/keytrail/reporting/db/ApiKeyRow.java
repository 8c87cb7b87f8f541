package io.keytrail.reporting.db;

import io.keytrail.events.KeyStatus;
import java.time.Instant;

/**
 * One row of {@code api_keys}: everything about a key except the key, which is never stored.
 *
 * @param keyHash   lower-case hex SHA-256 of the key
 * @param expiresAt {@code null} for a key that does not expire
 * @param version   increases with every change, and travels with the key's record on Kafka
 */
public record ApiKeyRow(
        String keyId,
        String projectId,
        String developerId,
        String description,
        String keyHash,
        String keyHint,
        KeyStatus status,
        Instant createdAt,
        Instant expiresAt,
        long version) {
}
