package io.keytrail.reporting.db;

import java.time.Instant;

/** One alert as stored in {@code alerts}. */
public record AlertRow(
        String alertId,
        String alertType,
        String subjectType,
        String subject,
        Instant windowStart,
        Instant windowEnd,
        long observed,
        long threshold,
        Instant alertTime,
        String reason,
        String developerId,
        String projectId,
        Instant ingestedAt) {
}
