package io.keytrail.reporting.directory;

/**
 * The body of {@code POST /admin/developers}.
 *
 * @param name  {@code null} to name the developer after its id
 * @param email {@code null} for none
 */
public record CreateDeveloperRequest(String id, String name, String email) {
}
