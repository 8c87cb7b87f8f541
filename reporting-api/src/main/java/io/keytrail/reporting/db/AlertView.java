package io.keytrail.reporting.db;

import java.time.Instant;

/** One stored alert, a row of {@code alerts}. */
public record AlertView(
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
        String projectId) {
}
