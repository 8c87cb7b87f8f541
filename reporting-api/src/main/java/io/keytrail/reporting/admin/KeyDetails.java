package io.keytrail.reporting.admin;

import io.keytrail.events.KeyStatus;
import io.keytrail.reporting.db.ApiKeyRow;
import java.time.Instant;

/**
 * What an admin may see of a key without revealing it: everything but the key itself.
 *
 * @param expiresAt {@code null}, and absent from JSON, for a key that does not expire
 */
public record KeyDetails(
        String keyId,
        String project,
        String developer,
        String description,
        KeyStatus status,
        Instant createdAt,
        Instant expiresAt,
        String keyHint) {

    static KeyDetails of(ApiKeyRow row) {
        return new KeyDetails(row.keyId(), row.projectId(), row.developerId(), row.description(), row.status(),
                row.createdAt(), row.expiresAt(), row.keyHint());
    }
}
