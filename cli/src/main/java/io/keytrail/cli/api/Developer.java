package io.keytrail.cli.api;

/** A developer, the holder of keys. */
public record Developer(String id, String name, String email, String createdAt, String updatedAt) {
}
