package io.keytrail.reporting.admin;

import io.keytrail.events.KeyRecord;
import io.keytrail.events.KeyStatus;
import io.keytrail.reporting.db.ApiKeyRow;
import java.time.Instant;
import java.util.List;

/**
 * What an admin may see of a key without revealing it: everything but the key itself. Fields
 * that are {@code null} are absent from JSON.
 */
public record KeyDetails(
        String keyId,
        String project,
        String developer,
        String description,
        KeyStatus status,
        String keyHint,
        Instant createdAt,
        Instant updatedAt,
        Instant expiresAt,
        Instant rotatedAt,
        String replacedBy,
        List<String> allowedApis,
        KeyRecord.RateLimit rateLimit,
        KeyRecord.Quota quota,
        boolean imported,
        long version) {

    public static KeyDetails of(ApiKeyRow row) {
        return new KeyDetails(row.keyId(), row.projectId(), row.developerId(), row.description(), row.status(),
                row.keyHint(), row.createdAt(), row.updatedAt(), row.expiresAt(), row.rotatedAt(), row.replacedBy(),
                row.allowedApiList(), row.rateLimit(), row.quota(), row.imported(), row.version());
    }
}
