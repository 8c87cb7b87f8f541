package io.keytrail.reporting.db;

import java.time.Instant;

/**
 * How far ingest has got in one topic partition.
 *
 * @param nextOffset the offset of the next record to ingest
 * @param storedUpTo the timestamp of the last record ingested; {@code null} if none yet
 * @param caughtUpAt when ingest last found the partition read to its end; {@code null} if never
 */
public record IngestProgressRow(
        String topic,
        int partitionId,
        long nextOffset,
        Instant storedUpTo,
        Instant caughtUpAt,
        Instant updatedAt) {
}
