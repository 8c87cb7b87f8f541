package io.keytrail.reporting.db;

import java.time.Instant;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Developers, the owners of keys. */
public interface DeveloperDao {

    /** Creates the developer unless it exists; answers how many rows were inserted (0 or 1). */
    @SqlUpdate("""
            MERGE INTO developers AS d
            USING (VALUES (CAST(:developerId AS VARCHAR(64)), CAST(:createdAt AS TIMESTAMP WITH TIME ZONE)))
                AS s (developer_id, created_at)
            ON d.developer_id = s.developer_id
            WHEN NOT MATCHED THEN INSERT (developer_id, created_at) VALUES (s.developer_id, s.created_at)
            """)
    int ensure(@Bind("developerId") String developerId, @Bind("createdAt") Instant createdAt);

    @SqlQuery("""
            SELECT COUNT(*) FROM developers WHERE developer_id = :developerId
            """)
    boolean exists(@Bind("developerId") String developerId);
}
