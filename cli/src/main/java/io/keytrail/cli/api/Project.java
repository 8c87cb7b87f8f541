package io.keytrail.cli.api;

/** A project, the owner of keys. */
public record Project(String id, String name, String description, String createdAt, String updatedAt) {
}
