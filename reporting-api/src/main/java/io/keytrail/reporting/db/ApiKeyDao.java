package io.keytrail.reporting.db;

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

    @SqlQuery("SELECT " + COLUMNS + " FROM api_keys WHERE key_id = :keyId")
    Optional<ApiKeyRow> find(@Bind("keyId") String keyId);

    @SqlQuery("SELECT " + COLUMNS + " FROM api_keys WHERE key_hash = :keyHash")
    Optional<ApiKeyRow> findByHash(@Bind("keyHash") String keyHash);

    @SqlQuery("SELECT " + COLUMNS + " FROM api_keys WHERE project_id = :projectId ORDER BY created_at, key_id")
    List<ApiKeyRow> listByProject(@Bind("projectId") String projectId);
}
