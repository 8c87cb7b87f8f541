package io.keytrail.reporting.db;

import java.time.Instant;
import java.util.List;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlBatch;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/** The write side of alerts: ingest and retention. */
public interface AlertDao {

    /**
     * Inserts each alert unless its id is already stored. The id is derived from subject, type and
     * window, so the first record of an alert is the one kept, however often it is replayed.
     */
    @SqlBatch("""
            MERGE INTO alerts AS t
            USING (VALUES (CAST(:alertId AS VARCHAR(256)))) AS s (alert_id)
            ON t.alert_id = s.alert_id
            WHEN NOT MATCHED THEN INSERT (alert_id, alert_type, subject_type, subject, window_start, window_end,
                    observed, threshold, alert_time, reason, developer_id, project_id, ingested_at)
                VALUES (s.alert_id, :alertType, :subjectType, :subject, :windowStart, :windowEnd,
                    :observed, :threshold, :alertTime, :reason, :developerId, :projectId, :ingestedAt)
            """)
    void insertAll(@BindMethods List<AlertRow> rows);

    /** Up to {@code limit} ids of alerts raised before {@code cutoff}, oldest first. */
    @SqlQuery("""
            SELECT alert_id FROM alerts
             WHERE alert_time < :cutoff
             ORDER BY alert_time, alert_id
             FETCH FIRST :limit ROWS ONLY
            """)
    List<String> expired(@Bind("cutoff") Instant cutoff, @Bind("limit") int limit);

    @SqlBatch("DELETE FROM alerts WHERE alert_id = :alertId")
    void deleteAll(@Bind("alertId") List<String> alertIds);
}
