package io.keytrail.reporting.db;

import io.keytrail.events.KeyRecord;
import io.keytrail.events.KeyStatus;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * One row of {@code api_keys}: everything about a key except the key, which is never stored.
 *
 * @param keyHash     lower-case hex SHA-256 of the key
 * @param expiresAt   {@code null} for a key that does not expire
 * @param allowedApis API ids separated by commas; empty for every API of the project
 * @param rotatedAt   when the key was replaced by {@code replacedBy}; both {@code null} until then
 * @param imported    whether an admin brought the key's value rather than having it generated
 * @param version     increases with every change, and travels with the key's record on Kafka
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
        Instant updatedAt,
        Instant expiresAt,
        String allowedApis,
        Long rateLimitRequests,
        Long rateLimitWindowSeconds,
        Long quotaRequests,
        String quotaPeriod,
        Instant rotatedAt,
        String replacedBy,
        boolean imported,
        long version) {

    /** The column form of a list of API ids. */
    public static String joinApis(List<String> apis) {
        return String.join(",", apis);
    }

    public List<String> allowedApiList() {
        return allowedApis == null || allowedApis.isEmpty() ? List.of() : Arrays.asList(allowedApis.split(","));
    }

    public KeyRecord.RateLimit rateLimit() {
        return rateLimitRequests == null ? null : new KeyRecord.RateLimit(rateLimitRequests, rateLimitWindowSeconds);
    }

    public KeyRecord.Quota quota() {
        return quotaRequests == null ? null
                : new KeyRecord.Quota(quotaRequests, KeyRecord.QuotaPeriod.valueOf(quotaPeriod));
    }

    /** What the gateways get to know of this key. */
    public KeyRecord toRecord() {
        return new KeyRecord(KeyRecord.SCHEMA_VERSION, keyId, keyHash, keyHint, projectId, developerId, status,
                createdAt, expiresAt, allowedApiList(), version, rateLimit(), quota());
    }
}
