package io.keytrail.reporting.db;

import java.time.Instant;

/** How far ingest has stored one topic partition; see {@code ingest_progress} in schema version 5. */
public record IngestPosition(String topic, int partitionId, Instant storedUpTo, Instant caughtUpAt) {
    /** Up to when this partition's data is complete: the later of the two times, or {@code null} if neither. */
    public Instant completeUpTo() {
        if (storedUpTo == null) {
            return caughtUpAt;
        }
        return caughtUpAt == null || storedUpTo.isAfter(caughtUpAt) ? storedUpTo : caughtUpAt;
    }
}
