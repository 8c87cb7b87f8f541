package io.keytrail.reporting.db;

import java.time.Instant;
import java.util.List;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/** Keys and their first and last use, for usage reports and the dormant-keys report. */
@RegisterConstructorMapper(KeyActivity.class)
public interface KeyActivityDao {
    String SELECT = """
            SELECT k.key_id, k.project_id, k.developer_id, k.description, k.status, k.created_at,
                   s.first_seen, s.last_seen, s.last_success
              FROM api_keys k
              LEFT JOIN last_seen s ON s.subject_type = 'KEY' AND s.subject_id = k.key_id
            """;

    /** The developer's keys, oldest first, at most {@code limit}. */
    @SqlQuery(SELECT + """
             WHERE k.developer_id = :developerId
             ORDER BY k.created_at, k.key_id
             FETCH FIRST :limit ROWS ONLY
            """)
    List<KeyActivity> ofDeveloper(@Bind("developerId") String developerId, @Bind("limit") int limit);

    /** The project's keys, oldest first, at most {@code limit}. */
    @SqlQuery(SELECT + """
             WHERE k.project_id = :projectId
             ORDER BY k.created_at, k.key_id
             FETCH FIRST :limit ROWS ONLY
            """)
    List<KeyActivity> ofProject(@Bind("projectId") String projectId, @Bind("limit") int limit);

    /** The key, as a list of zero or one. */
    @SqlQuery(SELECT + " WHERE k.key_id = :keyId")
    List<KeyActivity> ofKey(@Bind("keyId") String keyId);

    /**
     * One page of dormant keys: active, not expired at {@code now}, and last seen before
     * {@code idleSince}, or never seen and created before it. Oldest key first, after the position
     * ({@code afterCreatedAt}, {@code afterKeyId}); {@code projectId} {@code null} for every project.
     */
    @SqlQuery(SELECT + """
             WHERE k.status = 'ACTIVE'
               AND (k.expires_at IS NULL OR k.expires_at > :now)
               AND (s.last_seen < :idleSince OR (s.last_seen IS NULL AND k.created_at < :idleSince))
               AND (CAST(:projectId AS VARCHAR(64)) IS NULL OR k.project_id = :projectId)
               AND (CAST(:afterCreatedAt AS TIMESTAMP WITH TIME ZONE) IS NULL
                    OR k.created_at > :afterCreatedAt
                    OR (k.created_at = :afterCreatedAt AND k.key_id > :afterKeyId))
             ORDER BY k.created_at, k.key_id
             FETCH FIRST :limit ROWS ONLY
            """)
    List<KeyActivity> dormant(@Bind("idleSince") Instant idleSince, @Bind("now") Instant now,
                              @Bind("projectId") String projectId, @Bind("afterCreatedAt") Instant afterCreatedAt,
                              @Bind("afterKeyId") String afterKeyId, @Bind("limit") int limit);
}
