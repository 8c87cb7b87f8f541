package io.keytrail.cli.api;

import java.util.List;

/**
 * A key as the API describes it. {@code key}, the value, is present only in the answers to create
 * and rotate; {@link #toString()} never shows it. Times are the API's ISO-8601 text, unchanged.
 */
public record Key(
        String keyId,
        String key,
        String project,
        String developer,
        String description,
        String status,
        String keyHint,
        String createdAt,
        String updatedAt,
        String expiresAt,
        String rotatedAt,
        String replacedBy,
        List<String> allowedApis,
        RateLimit rateLimit,
        Quota quota,
        Boolean imported,
        Long version) {

    @Override
    public String toString() {
        return "Key[keyId=" + keyId + ", key=" + (key == null ? "absent" : "***") + ", project=" + project
                + ", developer=" + developer + ", status=" + status + "]";
    }
}
