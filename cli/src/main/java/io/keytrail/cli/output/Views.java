package io.keytrail.cli.output;

import io.keytrail.cli.api.Developer;
import io.keytrail.cli.api.Key;
import io.keytrail.cli.api.Project;
import java.util.List;

/** Which fields of keys, projects and developers the human output shows, and how. */
public final class Views {
    private Views() {
    }

    public static Table keys(List<Key> keys) {
        Table table = new Table("KEY ID", "PROJECT", "DEVELOPER", "STATUS", "HINT", "CREATED", "EXPIRES", "DESCRIPTION");
        for (Key key : keys) {
            table.row(key.keyId(), key.project(), key.developer(), key.status(), key.keyHint(), key.createdAt(),
                    key.expiresAt() == null ? "never" : key.expiresAt(), key.description());
        }
        return table;
    }

    public static Fields key(Key key) {
        return new Fields()
                .add("key id", key.keyId())
                .add("project", key.project())
                .add("developer", key.developer())
                .add("description", key.description())
                .add("status", key.status())
                .add("hint", key.keyHint())
                .add("created", key.createdAt())
                .add("updated", key.updatedAt())
                .add("expires", key.expiresAt() == null ? "never" : key.expiresAt())
                .add("rotated", key.rotatedAt())
                .add("replaced by", key.replacedBy())
                .add("allowed apis", key.allowedApis() == null ? null
                        : key.allowedApis().isEmpty() ? "all" : String.join(", ", key.allowedApis()))
                .add("rate limit", key.rateLimit() == null ? (key.version() == null ? null : "none")
                        : key.rateLimit().display())
                .add("quota", key.quota() == null ? (key.version() == null ? null : "none") : key.quota().display())
                .add("imported", key.imported() == null ? null : key.imported() ? "yes" : "no")
                .add("version", key.version() == null ? null : key.version().toString());
    }

    public static Table projects(List<Project> projects) {
        Table table = new Table("ID", "NAME", "CREATED", "DESCRIPTION");
        for (Project project : projects) {
            table.row(project.id(), project.name(), project.createdAt(), project.description());
        }
        return table;
    }

    public static Fields project(Project project) {
        return new Fields()
                .add("id", project.id())
                .add("name", project.name())
                .add("description", project.description())
                .add("created", project.createdAt())
                .add("updated", project.updatedAt());
    }

    public static Table developers(List<Developer> developers) {
        Table table = new Table("ID", "NAME", "EMAIL", "CREATED");
        for (Developer developer : developers) {
            table.row(developer.id(), developer.name(), developer.email(), developer.createdAt());
        }
        return table;
    }

    public static Fields developer(Developer developer) {
        return new Fields()
                .add("id", developer.id())
                .add("name", developer.name())
                .add("email", developer.email())
                .add("created", developer.createdAt())
                .add("updated", developer.updatedAt());
    }
}
