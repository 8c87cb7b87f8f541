package io.keytrail.reporting.admin;

import java.time.Instant;
import java.util.List;

/**
 * The body of {@code POST /admin/projects/{project}/keys}: who gets the key, what it is for and
 * what it may do. {@code key} is set only to import a key from another gateway.
 */
public record CreateKeyRequest(
        String developer,
        String description,
        String key,
        Instant expiresAt,
        List<String> allowedApis,
        KeyRules.RateLimitInput rateLimit,
        KeyRules.QuotaInput quota) {

    @Override
    public String toString() {
        return "CreateKeyRequest[developer=" + developer + ", description=" + description + ", key="
                + (key == null ? "null" : "***") + "]";
    }
}
