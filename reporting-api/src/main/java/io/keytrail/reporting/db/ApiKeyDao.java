package io.keytrail.reporting.db;

import io.keytrail.events.KeyStatus;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * API keys, by id and by hash. The project and developer must exist first. Every change counts as
 * a new version, and the changes that only apply to a key in some state say so in their
 * {@code WHERE}, so concurrent admins settle in the database rather than in a read-then-write race.
 */
@RegisterConstructorMapper(ApiKeyRow.class)
public interface ApiKeyDao {
    String COLUMNS = """
            key_id, project_id, developer_id, description, key_hash, key_hint, status, created_at, updated_at,
            expires_at, allowed_apis, rate_limit_requests, rate_limit_window_seconds, quota_requests, quota_period,
            rotated_at, replaced_by, imported, version
            """;

    @SqlUpdate("""
            INSERT INTO api_keys (key_id, project_id, developer_id, description, key_hash, key_hint, status,
                                  created_at, updated_at, expires_at, allowed_apis, rate_limit_requests,
                                  rate_limit_window_seconds, quota_requests, quota_period, rotated_at, replaced_by,
                                  imported, version)
            VALUES (:keyId, :projectId, :developerId, :description, :keyHash, :keyHint, :status,
                    :createdAt, :updatedAt, :expiresAt, :allowedApis, :rateLimitRequests,
                    :rateLimitWindowSeconds, :quotaRequests, :quotaPeriod, :rotatedAt, :replacedBy,
                    :imported, :version)
            """)
    void insert(@BindMethods ApiKeyRow row);

    /**
     * Moves the key from status {@code from} to {@code to}.
     *
     * @return 1 when the key was in status {@code from}, else 0 and nothing changed
     */
    @SqlUpdate("""
            UPDATE api_keys SET status = :to, version = version + 1, updated_at = :now
             WHERE key_id = :keyId AND status = :from
            """)
    int changeStatus(@Bind("keyId") String keyId, @Bind("from") KeyStatus from, @Bind("to") KeyStatus to,
                     @Bind("now") Instant now);

    /**
     * Replaces what an admin may set on an active key with {@code row}'s values.
     *
     * @return 1 when the key was active, else 0 and nothing changed
     */
    @SqlUpdate("""
            UPDATE api_keys
               SET description = :description, allowed_apis = :allowedApis, expires_at = :expiresAt,
                   rate_limit_requests = :rateLimitRequests, rate_limit_window_seconds = :rateLimitWindowSeconds,
                   quota_requests = :quotaRequests, quota_period = :quotaPeriod,
                   updated_at = :updatedAt, version = version + 1
             WHERE key_id = :keyId AND status = 'ACTIVE'
            """)
    int updateSettings(@BindMethods ApiKeyRow row);

    /**
     * Records that an active, not yet rotated key was replaced, and moves its expiry to the end of the grace period.
     *
     * @return 1 when it was, else 0 and nothing changed
     */
    @SqlUpdate("""
            UPDATE api_keys
               SET rotated_at = :now, replaced_by = :replacedBy, expires_at = :expiresAt,
                   updated_at = :now, version = version + 1
             WHERE key_id = :keyId AND status = 'ACTIVE' AND replaced_by IS NULL
            """)
    int markRotated(@Bind("keyId") String keyId, @Bind("replacedBy") String replacedBy,
                    @Bind("expiresAt") Instant expiresAt, @Bind("now") Instant now);

    /**
     * Deletes the key as far as anyone can use it: status {@code DELETED} and its encrypted copy
     * destroyed. The metadata stays, so traces that name the key still resolve.
     *
     * @return 1 when the key was not deleted yet, else 0 and nothing changed
     */
    @SqlUpdate("""
            UPDATE api_keys SET status = 'DELETED', sealed_key = NULL, updated_at = :now, version = version + 1
             WHERE key_id = :keyId AND status <> 'DELETED'
            """)
    int markDeleted(@Bind("keyId") String keyId, @Bind("now") Instant now);

    /** Keeps the key's encrypted copy; the row must exist. */
    @SqlUpdate("UPDATE api_keys SET sealed_key = :sealedKey WHERE key_id = :keyId")
    int storeSealedKey(@Bind("keyId") String keyId, @Bind("sealedKey") String sealedKey);

    /** The key's encrypted copy, empty for an unknown or deleted key, or one issued before copies were kept. */
    @SqlQuery("SELECT sealed_key FROM api_keys WHERE key_id = :keyId AND sealed_key IS NOT NULL")
    Optional<String> findSealedKey(@Bind("keyId") String keyId);

    @SqlQuery("SELECT " + COLUMNS + " FROM api_keys WHERE key_id = :keyId")
    Optional<ApiKeyRow> find(@Bind("keyId") String keyId);

    @SqlQuery("SELECT " + COLUMNS + " FROM api_keys WHERE key_hash = :keyHash")
    Optional<ApiKeyRow> findByHash(@Bind("keyHash") String keyHash);

    /**
     * One page of keys, oldest first, after the position ({@code afterCreatedAt}, {@code afterKeyId});
     * each filter left {@code null} matches every key.
     */
    @SqlQuery("SELECT " + COLUMNS + """
             FROM api_keys
            WHERE (CAST(:projectId AS VARCHAR(64)) IS NULL OR project_id = :projectId)
              AND (CAST(:developerId AS VARCHAR(64)) IS NULL OR developer_id = :developerId)
              AND (CAST(:status AS VARCHAR(16)) IS NULL OR status = :status)
              AND (CAST(:afterCreatedAt AS TIMESTAMP WITH TIME ZONE) IS NULL
                   OR created_at > :afterCreatedAt
                   OR (created_at = :afterCreatedAt AND key_id > :afterKeyId))
            ORDER BY created_at, key_id
            FETCH FIRST :limit ROWS ONLY
            """)
    List<ApiKeyRow> page(@Bind("projectId") String projectId, @Bind("developerId") String developerId,
                         @Bind("status") KeyStatus status, @Bind("afterCreatedAt") Instant afterCreatedAt,
                         @Bind("afterKeyId") String afterKeyId, @Bind("limit") int limit);

    /** Active keys whose expiry has passed by {@code now}, soonest expired first. */
    @SqlQuery("SELECT " + COLUMNS + """
             FROM api_keys
            WHERE status = 'ACTIVE' AND expires_at <= :now
            ORDER BY expires_at, key_id
            FETCH FIRST :limit ROWS ONLY
            """)
    List<ApiKeyRow> dueToExpire(@Bind("now") Instant now, @Bind("limit") int limit);
}
