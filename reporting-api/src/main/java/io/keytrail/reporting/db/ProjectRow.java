package io.keytrail.reporting.db;

import java.time.Instant;

/**
 * One row of {@code projects}.
 *
 * @param description empty when none was given, never {@code null}
 * @param deletedAt   when the project was deleted; {@code null} while it is live. A deleted project
 *                    keeps its row so that its keys stay traceable, and its id is never reused.
 */
public record ProjectRow(
        String projectId,
        String name,
        String description,
        Instant createdAt,
        Instant updatedAt,
        Instant deletedAt) {
}
