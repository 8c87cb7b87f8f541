package io.keytrail.gateway.keys;

import io.keytrail.events.KeyRecord;
import io.keytrail.events.KeyStatus;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The part of a {@link KeyRecord} the registry keeps, as the feed reads it off the topic.
 *
 * @param expiresAtMillis {@link Long#MAX_VALUE} for a key that never expires
 * @param allowedApis     empty for every API of the project
 * @param limits          {@code null} for a key without rate limit and quota
 */
record KeyUpdate(String keyId, KeyDigest digest, String projectId, String developerId, List<String> allowedApis,
        KeyStatus status, long expiresAtMillis, long version, KeyLimits limits) {

    KeyUpdate {
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(digest, "keyHash");
        Objects.requireNonNull(status, "status");
        allowedApis = allowedApis == null ? List.of() : allowedApis;
    }

    /** @throws IllegalArgumentException when the hash is not a SHA-256 hex digest */
    static KeyUpdate of(KeyRecord record) {
        Instant expires = record.expiresAt();
        return new KeyUpdate(record.keyId(), KeyDigest.fromHex(record.keyHash()), record.projectId(),
                record.developerId(), record.allowedApis(), record.status(),
                expires == null ? Long.MAX_VALUE : millis(expires), record.version(),
                KeyLimits.of(record.rateLimit(), record.quota()));
    }

    /** Epoch millis, saturated: an instant beyond a long's millis is "never" or "always" expired, not an error. */
    static long millis(Instant instant) {
        try {
            return instant.toEpochMilli();
        } catch (ArithmeticException e) {
            return instant.isAfter(Instant.EPOCH) ? Long.MAX_VALUE : Long.MIN_VALUE;
        }
    }
}
