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
                           CAST(:updatedAt AS TIMESTAMP WITH TIME ZONE)))
                AS s (developer_id, window_start, window_end, success, failure, last_event_time, updated_at)
            ON u.developer_id = s.developer_id AND u.window_start = s.window_start AND u.window_end = s.window_end
            WHEN MATCHED THEN UPDATE SET
                success = s.success, failure = s.failure, last_event_time = s.last_event_time, updated_at = s.updated_at
            WHEN NOT MATCHED THEN INSERT (developer_id, window_start, window_end, success, failure, last_event_time, updated_at)
                VALUES (s.developer_id, s.window_start, s.window_end, s.success, s.failure, s.last_event_time, s.updated_at)
            """)
    void upsertAll(@BindMethods List<UsageRow> rows);

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
