package io.keytrail.reporting.db;

import io.keytrail.events.KeyStatus;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** API keys, by id and by hash. The project and developer must exist first. */
@RegisterConstructorMapper(ApiKeyRow.class)
public interface ApiKeyDao {
    String COLUMNS = """
            key_id, project_id, developer_id, description, key_hash, key_hint, status, created_at, expires_at, version
            """;

    @SqlUpdate("""
            INSERT INTO api_keys (key_id, project_id, developer_id, description, key_hash, key_hint, status,
                                  created_at, expires_at, version)
            VALUES (:keyId, :projectId, :developerId, :description, :keyHash, :keyHint, :status,
                    :createdAt, :expiresAt, :version)
            """)
    void insert(@BindMethods ApiKeyRow row);

    /**
     * Moves the key from status {@code from} to {@code to} and counts the change as a new version.
     *
     * @return 1 when the key was in status {@code from}, else 0 and nothing changed; the condition
     *         in the statement itself settles concurrent changes of one key
     */
    @SqlUpdate("""
            UPDATE api_keys SET status = :to, version = version + 1
             WHERE key_id = :keyId AND status = :from
            """)
    int changeStatus(@Bind("keyId") String keyId, @Bind("from") KeyStatus from, @Bind("to") KeyStatus to);

    /** Keeps the key's encrypted copy; the row must exist. */
    @SqlUpdate("UPDATE api_keys SET sealed_key = :sealedKey WHERE key_id = :keyId")
    int storeSealedKey(@Bind("keyId") String keyId, @Bind("sealedKey") String sealedKey);

    /** The key's encrypted copy, empty for an unknown key or one issued before copies were kept. */
    @SqlQuery("SELECT sealed_key FROM api_keys WHERE key_id = :keyId AND sealed_key IS NOT NULL")
    Optional<String> findSealedKey(@Bind("keyId") String keyId);

    @SqlQuery("SELECT " + COLUMNS + " FROM api_keys WHERE key_id = :keyId")
    Optional<ApiKeyRow> find(@Bind("keyId") String keyId);

    @SqlQuery("SELECT " + COLUMNS + " FROM api_keys WHERE key_hash = :keyHash")
    Optional<ApiKeyRow> findByHash(@Bind("keyHash") String keyHash);

    @SqlQuery("SELECT " + COLUMNS + " FROM api_keys WHERE project_id = :projectId ORDER BY created_at, key_id")
    List<ApiKeyRow> listByProject(@Bind("projectId") String projectId);
}
