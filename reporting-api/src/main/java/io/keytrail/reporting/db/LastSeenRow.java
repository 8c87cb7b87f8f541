package io.keytrail.reporting.db;

import java.time.Instant;

/** When a key or a developer ({@code subjectType} KEY or DEVELOPER) was first and last seen. */
public record LastSeenRow(
        String subjectType,
        String subjectId,
        String developerId,
        String projectId,
        Instant firstSeen,
        Instant lastSeen,
        Instant lastSuccess,
        Instant updatedAt) {
}
