package io.keytrail.reporting.db;

import java.time.Instant;

/**
 * One row of {@code developers}.
 *
 * @param email     {@code null} when the developer has none
 * @param deletedAt when the developer was deleted; {@code null} while it is live. A deleted developer
 *                  keeps its row so that its keys stay traceable, and its id is never reused.
 */
public record DeveloperRow(
        String developerId,
        String name,
        String email,
        Instant createdAt,
        Instant updatedAt,
        Instant deletedAt) {
}
