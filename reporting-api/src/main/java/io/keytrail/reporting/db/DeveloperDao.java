package io.keytrail.reporting.db;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * Developers, the owners of keys. A deleted developer keeps its row (with {@code deleted_at} set)
 * so that its keys stay traceable; "live" means present and not deleted.
 */
@RegisterConstructorMapper(DeveloperRow.class)
public interface DeveloperDao {
    String COLUMNS = "developer_id, name, email, created_at, updated_at, deleted_at";

    /**
     * Creates the developer unless it exists, named after its id and without an email; answers how
     * many rows were inserted (0 or 1). A deleted developer counts as existing and stays deleted.
     */
    @SqlUpdate("""
            MERGE INTO developers AS d
            USING (VALUES (CAST(:developerId AS VARCHAR(64)), CAST(:createdAt AS TIMESTAMP WITH TIME ZONE)))
                AS s (developer_id, created_at)
            ON d.developer_id = s.developer_id
            WHEN NOT MATCHED THEN INSERT (developer_id, name, created_at, updated_at)
                VALUES (s.developer_id, s.developer_id, s.created_at, s.created_at)
            """)
    int ensure(@Bind("developerId") String developerId, @Bind("createdAt") Instant createdAt);

    /** Whether the id was ever used, by a live or a deleted developer. */
    @SqlQuery("SELECT COUNT(*) FROM developers WHERE developer_id = :developerId")
    boolean exists(@Bind("developerId") String developerId);

    /**
     * Whether the developer exists and is not deleted. Takes no lock: a concurrent delete may commit
     * right after; see {@link #lockIfLive} for a check that holds it off.
     */
    @SqlQuery("SELECT COUNT(*) FROM developers WHERE developer_id = :developerId AND deleted_at IS NULL")
    boolean isLive(@Bind("developerId") String developerId);

    /**
     * Like {@link #isLive}, but locks the developer's row until the transaction ends, so that a
     * concurrent delete waits for it and then sees what it wrote (e.g. a new active key). Use
     * inside a transaction.
     */
    default boolean lockIfLive(String developerId) {
        return findLiveForUpdate(developerId).isPresent();
    }

    /** The live developer, its row locked until the transaction ends. */
    @SqlQuery("SELECT " + COLUMNS
            + " FROM developers WHERE developer_id = :developerId AND deleted_at IS NULL FOR UPDATE")
    Optional<DeveloperRow> findLiveForUpdate(@Bind("developerId") String developerId);

    /** The live developer; empty when unknown or deleted. */
    @SqlQuery("SELECT " + COLUMNS + " FROM developers WHERE developer_id = :developerId AND deleted_at IS NULL")
    Optional<DeveloperRow> find(@Bind("developerId") String developerId);

    /** The developer whether live or deleted. */
    @SqlQuery("SELECT " + COLUMNS + " FROM developers WHERE developer_id = :developerId")
    Optional<DeveloperRow> findIncludingDeleted(@Bind("developerId") String developerId);

    /** Inserts a new developer; a repeated id is a unique violation. */
    @SqlUpdate("INSERT INTO developers (" + COLUMNS + """
            ) VALUES (:developerId, :name, :email, :createdAt, :updatedAt, :deletedAt)
            """)
    void insert(@BindMethods DeveloperRow row);

    /** Up to {@code limit} live developers ordered by id, after {@code afterId} ({@code null} from the start). */
    @SqlQuery("SELECT " + COLUMNS + """
             FROM developers
            WHERE deleted_at IS NULL
              AND (CAST(:afterId AS VARCHAR(64)) IS NULL OR developer_id > :afterId)
            ORDER BY developer_id
            FETCH FIRST :limit ROWS ONLY
            """)
    List<DeveloperRow> page(@Bind("afterId") String afterId, @Bind("limit") int limit);

    /**
     * Replaces the name, email and update time of a live developer with {@code row}'s.
     *
     * @return 1 when the developer was live, else 0 and nothing changed
     */
    @SqlUpdate("""
            UPDATE developers SET name = :name, email = :email, updated_at = :updatedAt
             WHERE developer_id = :developerId AND deleted_at IS NULL
            """)
    int update(@BindMethods DeveloperRow row);

    /**
     * Marks a live developer deleted; the row stays.
     *
     * @return 1 when the developer was live, else 0 and nothing changed
     */
    @SqlUpdate("""
            UPDATE developers SET deleted_at = :now, updated_at = :now
             WHERE developer_id = :developerId AND deleted_at IS NULL
            """)
    int softDelete(@Bind("developerId") String developerId, @Bind("now") Instant now);

    /** How many of the developer's keys have status {@code ACTIVE}. */
    @SqlQuery("SELECT COUNT(*) FROM api_keys WHERE developer_id = :developerId AND status = 'ACTIVE'")
    long countActiveKeys(@Bind("developerId") String developerId);
}
