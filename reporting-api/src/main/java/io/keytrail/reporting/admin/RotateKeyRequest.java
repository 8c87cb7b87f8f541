package io.keytrail.reporting.admin;

/** The body of {@code POST /admin/keys/{keyId}/rotate}: how long the old key keeps working. */
public record RotateKeyRequest(Long gracePeriodSeconds) {
}
