package io.keytrail.reporting.directory;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/** Looks at the projects and developers tables and list answers directly, for the directory tests. */
final class DirectoryTables {
    private DirectoryTables() {
    }

    /** Every row of {@code table} ("projects" or "developers"), each as text, in id order. */
    static List<String> rows(Jdbi jdbi, String table) {
        String id = idColumn(table);
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM " + table + " ORDER BY " + id)
                .mapToMap().map(Object::toString).list());
    }

    /** Marks every row of {@code table} deleted, so that a test starts from an empty list. */
    static void deleteAll(Jdbi jdbi, String table) {
        jdbi.useHandle(h -> h.execute("UPDATE " + table + " SET deleted_at = updated_at WHERE deleted_at IS NULL"));
    }

    /** The ids of the items of a list answer, in order. */
    static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.path("items").forEach(item -> ids.add(item.path("id").asText()));
        return ids;
    }

    private static String idColumn(String table) {
        return switch (table) {
            case "projects" -> "project_id";
            case "developers" -> "developer_id";
            default -> throw new IllegalArgumentException(table);
        };
    }
}
