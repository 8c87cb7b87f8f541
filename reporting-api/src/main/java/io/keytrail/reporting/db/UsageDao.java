package io.keytrail.reporting.db;

import java.time.Instant;
import java.util.List;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlBatch;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/** Usage windows per developer, kept as the latest totals the usage topic carried for each window. */
@RegisterConstructorMapper(UsageRow.class)
@RegisterConstructorMapper(WindowKey.class)
public interface UsageDao {

    /**
     * Inserts each window or replaces its totals. Records carry cumulative totals, so replaying a
     * record any number of times leaves the same row: this is what makes ingest idempotent.
     */
    @SqlBatch("""
            MERGE INTO usage_windows AS u
            USING (VALUES (CAST(:developerId AS VARCHAR(256)),
                           CAST(:windowStart AS TIMESTAMP WITH TIME ZONE),
                           CAST(:windowEnd AS TIMESTAMP WITH TIME ZONE),
                           CAST(:success AS BIGINT),
                           CAST(:failure AS BIGINT),
                           CAST(:lastEventTime AS TIMESTAMP WITH TIME ZONE),
                           CAST(:updatedAt AS TIMESTAMP WITH TIME ZONE),
                           CAST(:windowSeconds AS INTEGER)))
                AS s (developer_id, window_start, window_end, success, failure, last_event_time, updated_at,
                      window_seconds)
            ON u.developer_id = s.developer_id AND u.window_start = s.window_start AND u.window_end = s.window_end
            WHEN MATCHED THEN UPDATE SET
                success = s.success, failure = s.failure, last_event_time = s.last_event_time, updated_at = s.updated_at
            WHEN NOT MATCHED THEN INSERT (developer_id, window_start, window_end, success, failure, last_event_time,
                    updated_at, window_seconds)
                VALUES (s.developer_id, s.window_start, s.window_end, s.success, s.failure, s.last_event_time,
                    s.updated_at, s.window_seconds)
            """)
    void upsertAll(@BindMethods List<UsageRow> rows);

    /**
     * Inserts each window in full, or replaces a stored one with it. A window's totals only grow,
     * so a record with fewer requests than the stored row is older and leaves the row as it is:
     * a replay, or two instances briefly reading one partition during a rebalance, never moves a
     * window backwards.
     */
    @SqlBatch("""
            MERGE INTO usage_windows AS u
            USING (VALUES (CAST(:developerId AS VARCHAR(256)),
                           CAST(:windowStart AS TIMESTAMP WITH TIME ZONE),
                           CAST(:windowEnd AS TIMESTAMP WITH TIME ZONE),
                           CAST(:success AS BIGINT),
                           CAST(:failure AS BIGINT)))
                AS s (developer_id, window_start, window_end, success, failure)
            ON u.developer_id = s.developer_id AND u.window_start = s.window_start AND u.window_end = s.window_end
            WHEN MATCHED AND s.success + s.failure >= u.success + u.failure THEN UPDATE SET
                window_seconds = :windowSeconds, success = s.success, failure = s.failure,
                first_event_time = :firstEventTime, last_event_time = :lastEventTime,
                failures = :failures, status_classes = :statusClasses, apis = :apis, top_endpoints = :topEndpoints,
                latency_p50_micros = :latencyP50Micros, latency_p95_micros = :latencyP95Micros,
                latency_p99_micros = :latencyP99Micros, latency_max_micros = :latencyMaxMicros,
                latency_sketch = :latencySketch, client_ips = :clientIps, client_ip_sketch = :clientIpSketch,
                updated_at = :updatedAt
            WHEN NOT MATCHED THEN INSERT (developer_id, window_start, window_end, window_seconds, success, failure,
                    first_event_time, last_event_time, failures, status_classes, apis, top_endpoints,
                    latency_p50_micros, latency_p95_micros, latency_p99_micros, latency_max_micros, latency_sketch,
                    client_ips, client_ip_sketch, updated_at)
                VALUES (s.developer_id, s.window_start, s.window_end, :windowSeconds, s.success, s.failure,
                    :firstEventTime, :lastEventTime, :failures, :statusClasses, :apis, :topEndpoints,
                    :latencyP50Micros, :latencyP95Micros, :latencyP99Micros, :latencyMaxMicros, :latencySketch,
                    :clientIps, :clientIpSketch, :updatedAt)
            """)
    void upsertWindows(@BindMethods List<UsageWindowRow> rows);

    /** Up to {@code limit} windows that started before {@code cutoff}, oldest first. */
    @SqlQuery("""
            SELECT developer_id AS subject_id, window_start, window_end FROM usage_windows
             WHERE window_start < :cutoff
             ORDER BY window_start
             FETCH FIRST :limit ROWS ONLY
            """)
    List<WindowKey> expired(@Bind("cutoff") Instant cutoff, @Bind("limit") int limit);

    @SqlBatch("""
            DELETE FROM usage_windows
             WHERE developer_id = :subjectId AND window_start = :windowStart AND window_end = :windowEnd
            """)
    void deleteAll(@BindMethods List<WindowKey> windows);

    default void upsert(UsageRow row) {
        upsertAll(List.of(row));
    }

    /** The developer's windows that start in {@code [from, to)}, by start time. */
    @SqlQuery("""
            SELECT developer_id, window_start, window_end, success, failure, last_event_time, updated_at
              FROM usage_windows
             WHERE developer_id = :developerId AND window_start >= :from AND window_start < :to
             ORDER BY window_start, window_end
            """)
    List<UsageRow> windows(@Bind("developerId") String developerId, @Bind("from") Instant from, @Bind("to") Instant to);
}
