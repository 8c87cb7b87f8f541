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
 * Projects, the containers keys are created in. A deleted project keeps its row (with
 * {@code deleted_at} set) so that its keys stay traceable; "live" means present and not deleted.
 */
@RegisterConstructorMapper(ProjectRow.class)
public interface ProjectDao {
    String COLUMNS = "project_id, name, description, created_at, updated_at, deleted_at";

    /**
     * Creates the project unless it exists, named after its id and without a description; answers
     * how many rows were inserted (0 or 1). A deleted project counts as existing and stays deleted.
     */
    @SqlUpdate("""
            MERGE INTO projects AS p
            USING (VALUES (CAST(:projectId AS VARCHAR(64)), CAST(:createdAt AS TIMESTAMP WITH TIME ZONE)))
                AS s (project_id, created_at)
            ON p.project_id = s.project_id
            WHEN NOT MATCHED THEN INSERT (project_id, name, description, created_at, updated_at)
                VALUES (s.project_id, s.project_id, '', s.created_at, s.created_at)
            """)
    int ensure(@Bind("projectId") String projectId, @Bind("createdAt") Instant createdAt);

    /** Whether the id was ever used, by a live or a deleted project. */
    @SqlQuery("SELECT COUNT(*) FROM projects WHERE project_id = :projectId")
    boolean exists(@Bind("projectId") String projectId);

    /**
     * Whether the project exists and is not deleted. Takes no lock: a concurrent delete may commit
     * right after; see {@link #lockIfLive} for a check that holds it off.
     */
    @SqlQuery("SELECT COUNT(*) FROM projects WHERE project_id = :projectId AND deleted_at IS NULL")
    boolean isLive(@Bind("projectId") String projectId);

    /**
     * Like {@link #isLive}, but locks the project's row until the transaction ends, so that a
     * concurrent delete waits for it and then sees what it wrote (e.g. a new active key). Use
     * inside a transaction.
     */
    default boolean lockIfLive(String projectId) {
        return findLiveForUpdate(projectId).isPresent();
    }

    /** The live project, its row locked until the transaction ends. */
    @SqlQuery("SELECT " + COLUMNS
            + " FROM projects WHERE project_id = :projectId AND deleted_at IS NULL FOR UPDATE")
    Optional<ProjectRow> findLiveForUpdate(@Bind("projectId") String projectId);

    /** The live project; empty when unknown or deleted. */
    @SqlQuery("SELECT " + COLUMNS + " FROM projects WHERE project_id = :projectId AND deleted_at IS NULL")
    Optional<ProjectRow> find(@Bind("projectId") String projectId);

    /** The project whether live or deleted. */
    @SqlQuery("SELECT " + COLUMNS + " FROM projects WHERE project_id = :projectId")
    Optional<ProjectRow> findIncludingDeleted(@Bind("projectId") String projectId);

    /** Inserts a new project; a repeated id is a unique violation. */
    @SqlUpdate("INSERT INTO projects (" + COLUMNS + """
            ) VALUES (:projectId, :name, :description, :createdAt, :updatedAt, :deletedAt)
            """)
    void insert(@BindMethods ProjectRow row);

    /** Up to {@code limit} live projects ordered by id, after {@code afterId} ({@code null} from the start). */
    @SqlQuery("SELECT " + COLUMNS + """
             FROM projects
            WHERE deleted_at IS NULL
              AND (CAST(:afterId AS VARCHAR(64)) IS NULL OR project_id > :afterId)
            ORDER BY project_id
            FETCH FIRST :limit ROWS ONLY
            """)
    List<ProjectRow> page(@Bind("afterId") String afterId, @Bind("limit") int limit);

    /**
     * Replaces the name, description and update time of a live project with {@code row}'s.
     *
     * @return 1 when the project was live, else 0 and nothing changed
     */
    @SqlUpdate("""
            UPDATE projects SET name = :name, description = :description, updated_at = :updatedAt
             WHERE project_id = :projectId AND deleted_at IS NULL
            """)
    int update(@BindMethods ProjectRow row);

    /**
     * Marks a live project deleted; the row stays.
     *
     * @return 1 when the project was live, else 0 and nothing changed
     */
    @SqlUpdate("""
            UPDATE projects SET deleted_at = :now, updated_at = :now
             WHERE project_id = :projectId AND deleted_at IS NULL
            """)
    int softDelete(@Bind("projectId") String projectId, @Bind("now") Instant now);

    /** How many of the project's keys have status {@code ACTIVE}. */
    @SqlQuery("SELECT COUNT(*) FROM api_keys WHERE project_id = :projectId AND status = 'ACTIVE'")
    long countActiveKeys(@Bind("projectId") String projectId);
}
