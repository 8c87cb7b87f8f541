package io.keytrail.reporting.directory;

import io.keytrail.reporting.http.Page;
import io.keytrail.reporting.http.PageRequest;
import java.util.Optional;

/**
 * What projects and developers have in common for the handlers that serve both alike: reading,
 * listing and deleting by id. {@link ProjectDirectory} and {@link DeveloperDirectory} implement it;
 * creating and updating stay theirs, as their fields and rules differ.
 *
 * @param <T> the entity as the admin API answers it
 */
public interface EntityDirectory<T> {
    /**
     * The entity's noun as answers name it, {@code "project"} or {@code "developer"}; also the name
     * of its path parameter, as in {@code /admin/projects/{project}}.
     */
    String noun();

    /** The entity, empty when unknown or deleted. */
    Optional<T> get(String id);

    /** A page of live entities ordered by id; the cursor is the last id of the previous page. */
    Page<T> list(PageRequest page);

    /** Marks the entity deleted, unless it has active keys. */
    Deletion delete(String id, String actor);
}
