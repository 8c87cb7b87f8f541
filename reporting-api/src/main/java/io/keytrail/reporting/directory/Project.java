package io.keytrail.reporting.directory;

import io.keytrail.reporting.db.ProjectRow;
import java.time.Instant;

/** A project as the admin API answers it. */
public record Project(String id, String name, String description, Instant createdAt, Instant updatedAt) {
    static Project of(ProjectRow row) {
        return new Project(row.projectId(), row.name(), row.description(), row.createdAt(), row.updatedAt());
    }
}
