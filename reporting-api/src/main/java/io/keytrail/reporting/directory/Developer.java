package io.keytrail.reporting.directory;

import io.keytrail.reporting.db.DeveloperRow;
import java.time.Instant;

/** A developer as the admin API answers it; {@code email} is absent when the developer has none. */
public record Developer(String id, String name, String email, Instant createdAt, Instant updatedAt) {
    static Developer of(DeveloperRow row) {
        return new Developer(row.developerId(), row.name(), row.email(), row.createdAt(), row.updatedAt());
    }
}
