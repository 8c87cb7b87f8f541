package io.keytrail.reporting.admin;

/** The body of {@code POST /admin/projects/{project}/keys}: who gets the key, and what it is for. */
public record CreateKeyRequest(String developer, String description) {
}
