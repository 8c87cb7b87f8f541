package io.keytrail.reporting.db;

import java.util.List;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlBatch;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/** The write side of {@code ingest_progress}: one row per topic partition ingest has read. */
@RegisterConstructorMapper(IngestProgressRow.class)
public interface IngestProgressDao {

    /**
     * Records a stored batch, in the batch's transaction: its next offset, and its last record's
     * timestamp unless an earlier batch already got further (a rewind re-reads older records).
     */
    @SqlBatch("""
            MERGE INTO ingest_progress AS t
            USING (VALUES (CAST(:topic AS VARCHAR(249)),
                           CAST(:partitionId AS INTEGER),
                           CAST(:nextOffset AS BIGINT),
                           CAST(:storedUpTo AS TIMESTAMP WITH TIME ZONE),
                           CAST(:updatedAt AS TIMESTAMP WITH TIME ZONE)))
                AS s (topic, partition_id, next_offset, stored_up_to, updated_at)
            ON t.topic = s.topic AND t.partition_id = s.partition_id
            WHEN MATCHED THEN UPDATE SET
                next_offset = s.next_offset,
                stored_up_to = CASE WHEN t.stored_up_to IS NULL OR s.stored_up_to > t.stored_up_to
                                    THEN COALESCE(s.stored_up_to, t.stored_up_to) ELSE t.stored_up_to END,
                updated_at = s.updated_at
            WHEN NOT MATCHED THEN INSERT (topic, partition_id, next_offset, stored_up_to, caught_up_at, updated_at)
                VALUES (s.topic, s.partition_id, s.next_offset, s.stored_up_to, NULL, s.updated_at)
            """)
    void recordBatches(@BindMethods List<IngestProgressRow> rows);

    /** Records that each partition was read to its end at {@code caughtUpAt}, also partitions never written to. */
    @SqlBatch("""
            MERGE INTO ingest_progress AS t
            USING (VALUES (CAST(:topic AS VARCHAR(249)),
                           CAST(:partitionId AS INTEGER),
                           CAST(:nextOffset AS BIGINT),
                           CAST(:caughtUpAt AS TIMESTAMP WITH TIME ZONE),
                           CAST(:updatedAt AS TIMESTAMP WITH TIME ZONE)))
                AS s (topic, partition_id, next_offset, caught_up_at, updated_at)
            ON t.topic = s.topic AND t.partition_id = s.partition_id
            WHEN MATCHED THEN UPDATE SET
                next_offset = s.next_offset, caught_up_at = s.caught_up_at, updated_at = s.updated_at
            WHEN NOT MATCHED THEN INSERT (topic, partition_id, next_offset, stored_up_to, caught_up_at, updated_at)
                VALUES (s.topic, s.partition_id, s.next_offset, NULL, s.caught_up_at, s.updated_at)
            """)
    void markCaughtUp(@BindMethods List<IngestProgressRow> rows);

    /** Every partition's row, by topic and partition: what operators and tests look at. */
    @SqlQuery("""
            SELECT topic, partition_id, next_offset, stored_up_to, caught_up_at, updated_at
              FROM ingest_progress
             ORDER BY topic, partition_id
            """)
    List<IngestProgressRow> all();
}
