package io.keytrail.reporting.db;

import java.time.Instant;
import java.util.List;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlBatch;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/** The write side of the key lifecycle trail: ingest and retention. */
public interface KeyEventDao {

    /** Inserts each event unless its id is already stored, so a replay never records an event twice. */
    @SqlBatch("""
            MERGE INTO key_events AS t
            USING (VALUES (CAST(:eventId AS VARCHAR(64)))) AS s (event_id)
            ON t.event_id = s.event_id
            WHEN NOT MATCHED THEN INSERT (event_id, event_type, event_time, key_id, project_id, developer_id, actor,
                    changes, related_key_id, ingested_at)
                VALUES (s.event_id, :eventType, :eventTime, :keyId, :projectId, :developerId, :actor,
                    :changes, :relatedKeyId, :ingestedAt)
            """)
    void insertAll(@BindMethods List<KeyEventRow> rows);

    /** Up to {@code limit} ids of events older than {@code cutoff}, oldest first. */
    @SqlQuery("""
            SELECT event_id FROM key_events
             WHERE event_time < :cutoff
             ORDER BY event_time, event_id
             FETCH FIRST :limit ROWS ONLY
            """)
    List<String> expired(@Bind("cutoff") Instant cutoff, @Bind("limit") int limit);

    @SqlBatch("DELETE FROM key_events WHERE event_id = :eventId")
    void deleteAll(@Bind("eventId") List<String> eventIds);
}
