package io.keytrail.reporting.db;

import java.util.List;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlBatch;

/** The write side of first and last use per key and developer. */
public interface LastSeenDao {

    /**
     * Inserts each subject or widens its stored span: the earliest first use, the latest last use
     * and last success win, whatever order the records arrive in, so replays and records from
     * instances that briefly shared a partition never move a subject back in time. Developer and
     * project come from the record seen last; one without them keeps the ones stored.
     */
    @SqlBatch("""
            MERGE INTO last_seen AS t
            USING (VALUES (CAST(:subjectType AS VARCHAR(16)),
                           CAST(:subjectId AS VARCHAR(256)),
                           CAST(:developerId AS VARCHAR(256)),
                           CAST(:projectId AS VARCHAR(64)),
                           CAST(:firstSeen AS TIMESTAMP WITH TIME ZONE),
                           CAST(:lastSeen AS TIMESTAMP WITH TIME ZONE),
                           CAST(:lastSuccess AS TIMESTAMP WITH TIME ZONE),
                           CAST(:updatedAt AS TIMESTAMP WITH TIME ZONE)))
                AS s (subject_type, subject_id, developer_id, project_id, first_seen, last_seen, last_success,
                      updated_at)
            ON t.subject_type = s.subject_type AND t.subject_id = s.subject_id
            WHEN MATCHED THEN UPDATE SET
                developer_id = CASE WHEN s.last_seen >= t.last_seen THEN COALESCE(s.developer_id, t.developer_id)
                                    ELSE COALESCE(t.developer_id, s.developer_id) END,
                project_id = CASE WHEN s.last_seen >= t.last_seen THEN COALESCE(s.project_id, t.project_id)
                                  ELSE COALESCE(t.project_id, s.project_id) END,
                first_seen = CASE WHEN s.first_seen < t.first_seen THEN s.first_seen ELSE t.first_seen END,
                last_seen = CASE WHEN s.last_seen > t.last_seen THEN s.last_seen ELSE t.last_seen END,
                last_success = CASE WHEN t.last_success IS NULL OR s.last_success > t.last_success
                                    THEN COALESCE(s.last_success, t.last_success) ELSE t.last_success END,
                updated_at = s.updated_at
            WHEN NOT MATCHED THEN INSERT (subject_type, subject_id, developer_id, project_id, first_seen, last_seen,
                    last_success, updated_at)
                VALUES (s.subject_type, s.subject_id, s.developer_id, s.project_id, s.first_seen, s.last_seen,
                    s.last_success, s.updated_at)
            """)
    void upsertAll(@BindMethods List<LastSeenRow> rows);
}
