package io.keytrail.cli.api;

/** The body of {@code POST /admin/keys/{keyId}/rotate}: how long the old key keeps working. */
public record Rotation(long gracePeriodSeconds) {
    public static final long MAX_GRACE_SECONDS = 30L * 86_400;
}
