package io.keytrail.reporting.db;

import java.time.Instant;

/** One stored key lifecycle event as the trail shows it: a row of {@code key_events}. */
public record KeyEventView(
        String eventId,
        String eventType,
        Instant eventTime,
        String keyId,
        String projectId,
        String developerId,
        String actor,
        String changes,
        String relatedKeyId) {
}
