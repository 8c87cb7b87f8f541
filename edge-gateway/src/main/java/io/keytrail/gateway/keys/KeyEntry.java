package io.keytrail.gateway.keys;

import io.keytrail.events.KeyRecord;
import io.keytrail.events.KeyStatus;
import java.time.Instant;

/**
 * What the request path needs of one key, and nothing more: the registry may hold millions.
 *
 * @param expiresAtMillis {@link Long#MAX_VALUE} for a key that never expires
 */
public record KeyEntry(String keyId, String projectId, String developerId, boolean revoked, long expiresAtMillis,
        long version) {

    static KeyEntry from(KeyRecord record) {
        Instant expires = record.expiresAt();
        return new KeyEntry(record.keyId(), record.projectId(), record.developerId(),
                record.status() == KeyStatus.REVOKED, expires == null ? Long.MAX_VALUE : expires.toEpochMilli(),
                record.version());
    }

    public boolean expiredAt(long epochMillis) {
        return epochMillis >= expiresAtMillis;
    }
}
