package io.keytrail.reporting.directory;

/**
 * The body of {@code POST /admin/projects}.
 *
 * @param name        {@code null} to name the project after its id
 * @param description {@code null} for none
 */
public record CreateProjectRequest(String id, String name, String description) {
}
