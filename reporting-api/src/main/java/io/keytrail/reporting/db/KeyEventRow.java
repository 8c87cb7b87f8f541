package io.keytrail.reporting.db;

import java.time.Instant;

/** One key lifecycle event as stored in {@code key_events}; {@code changes} is comma-separated. */
public record KeyEventRow(
        String eventId,
        String eventType,
        Instant eventTime,
        String keyId,
        String projectId,
        String developerId,
        String actor,
        String changes,
        String relatedKeyId,
        Instant ingestedAt) {
}
