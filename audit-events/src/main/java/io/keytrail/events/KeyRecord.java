package io.keytrail.events;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What a gateway needs to know about one API key, published on the compacted {@code keys} topic
 * keyed by key id. Carries the SHA-256 hash of the key, never the key itself; a deleted key is a
 * tombstone (null value).
 *
 * @param keyHash     lower-case hex SHA-256 of the key's UTF-8 bytes
 * @param keyHint     the first characters of the key, for humans tracing a request
 * @param expiresAt   {@code null} for a key that does not expire
 * @param allowedApis API ids the key may call; empty means every API of its project
 * @param version     increases with every change, so a consumer can ignore stale copies
 * @param rateLimit   requests allowed per window, {@code null} for no limit
 * @param quota       requests allowed per calendar period, {@code null} for no quota
 */
public record KeyRecord(
        int schemaVersion,
        String keyId,
        String keyHash,
        String keyHint,
        String projectId,
        String developerId,
        KeyStatus status,
        Instant createdAt,
        Instant expiresAt,
        List<String> allowedApis,
        long version,
        RateLimit rateLimit,
        Quota quota) {

    public static final int SCHEMA_VERSION = 1;

    /** At most {@code requests} requests in any {@code windowSeconds} seconds. */
    public record RateLimit(long requests, long windowSeconds) {
        public RateLimit {
            if (requests < 1 || windowSeconds < 1) {
                throw new IllegalArgumentException("rate limit requests and windowSeconds must be positive");
            }
        }
    }

    /** At most {@code requests} requests per calendar {@code period}, in UTC. */
    public record Quota(long requests, QuotaPeriod period) {
        public Quota {
            if (requests < 1) {
                throw new IllegalArgumentException("quota requests must be positive");
            }
            Objects.requireNonNull(period, "period");
        }
    }

    /** The calendar period a quota is counted over, in UTC. */
    public enum QuotaPeriod {
        HOUR,
        DAY,
        MONTH
    }

    public KeyRecord {
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(keyHash, "keyHash");
        Objects.requireNonNull(status, "status");
        allowedApis = allowedApis == null ? List.of() : List.copyOf(allowedApis);
    }
}
