package io.keytrail.reporting.db;

import java.time.Instant;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Projects, the containers keys are created in. */
public interface ProjectDao {

    /** Creates the project unless it exists; answers how many rows were inserted (0 or 1). */
    @SqlUpdate("""
            MERGE INTO projects AS p
            USING (VALUES (CAST(:projectId AS VARCHAR(64)), CAST(:createdAt AS TIMESTAMP WITH TIME ZONE)))
                AS s (project_id, created_at)
            ON p.project_id = s.project_id
            WHEN NOT MATCHED THEN INSERT (project_id, created_at) VALUES (s.project_id, s.created_at)
            """)
    int ensure(@Bind("projectId") String projectId, @Bind("createdAt") Instant createdAt);

    @SqlQuery("""
            SELECT COUNT(*) FROM projects WHERE project_id = :projectId
            """)
    boolean exists(@Bind("projectId") String projectId);
}
