package io.keytrail.reporting.db;

import java.time.Instant;
import java.util.List;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlBatch;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/** The write side of the usage windows per key: ingest and retention. */
@RegisterConstructorMapper(WindowKey.class)
public interface KeyUsageDao {

    /**
     * Inserts each key's window in full, or replaces a stored one with it unless the record has
     * fewer requests than the row (then it is older; totals only grow). Replays leave the same rows.
     */
    @SqlBatch("""
            MERGE INTO key_usage_windows AS u
            USING (VALUES (CAST(:keyId AS VARCHAR(64)),
                           CAST(:windowStart AS TIMESTAMP WITH TIME ZONE),
                           CAST(:windowEnd AS TIMESTAMP WITH TIME ZONE),
                           CAST(:success AS BIGINT),
                           CAST(:failure AS BIGINT)))
                AS s (key_id, window_start, window_end, success, failure)
            ON u.key_id = s.key_id AND u.window_start = s.window_start AND u.window_end = s.window_end
            WHEN MATCHED AND s.success + s.failure >= u.success + u.failure THEN UPDATE SET
                window_seconds = :windowSeconds, project_id = :projectId, developer_id = :developerId,
                success = s.success, failure = s.failure,
                first_event_time = :firstEventTime, last_event_time = :lastEventTime,
                failures = :failures, status_classes = :statusClasses, apis = :apis, top_endpoints = :topEndpoints,
                latency_p50_micros = :latencyP50Micros, latency_p95_micros = :latencyP95Micros,
                latency_p99_micros = :latencyP99Micros, latency_max_micros = :latencyMaxMicros,
                latency_sketch = :latencySketch, client_ips = :clientIps, client_ip_sketch = :clientIpSketch,
                updated_at = :updatedAt
            WHEN NOT MATCHED THEN INSERT (key_id, window_start, window_end, window_seconds, project_id, developer_id,
                    success, failure, first_event_time, last_event_time, failures, status_classes, apis,
                    top_endpoints, latency_p50_micros, latency_p95_micros, latency_p99_micros, latency_max_micros,
                    latency_sketch, client_ips, client_ip_sketch, updated_at)
                VALUES (s.key_id, s.window_start, s.window_end, :windowSeconds, :projectId, :developerId,
                    s.success, s.failure, :firstEventTime, :lastEventTime, :failures, :statusClasses, :apis,
                    :topEndpoints, :latencyP50Micros, :latencyP95Micros, :latencyP99Micros, :latencyMaxMicros,
                    :latencySketch, :clientIps, :clientIpSketch, :updatedAt)
            """)
    void upsertAll(@BindMethods List<UsageWindowRow> rows);

    /** Up to {@code limit} windows that started before {@code cutoff}, oldest first. */
    @SqlQuery("""
            SELECT key_id AS subject_id, window_start, window_end FROM key_usage_windows
             WHERE window_start < :cutoff
             ORDER BY window_start
             FETCH FIRST :limit ROWS ONLY
            """)
    List<WindowKey> expired(@Bind("cutoff") Instant cutoff, @Bind("limit") int limit);

    @SqlBatch("""
            DELETE FROM key_usage_windows
             WHERE key_id = :subjectId AND window_start = :windowStart AND window_end = :windowEnd
            """)
    void deleteAll(@BindMethods List<WindowKey> windows);
}
