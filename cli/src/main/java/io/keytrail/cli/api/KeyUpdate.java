package io.keytrail.cli.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The body of {@code PATCH /admin/keys/{keyId}}. Every component left {@code null} is left out of
 * the JSON (unchanged); a {@link Change#clear()} is sent as JSON {@code null}, which clears it.
 */
public record KeyUpdate(String description, List<String> allowedApis, Change<String> expiresAt,
                        Change<RateLimit> rateLimit, Change<Quota> quota) {
    public KeyUpdate {
        allowedApis = allowedApis == null ? null : List.copyOf(allowedApis);
    }

    public boolean isEmpty() {
        return description == null && allowedApis == null && expiresAt == null && rateLimit == null && quota == null;
    }

    /** The JSON object to send, with explicit nulls for what is cleared. */
    public Map<String, Object> body() {
        Map<String, Object> body = new LinkedHashMap<>();
        if (description != null) {
            body.put("description", description);
        }
        if (allowedApis != null) {
            body.put("allowedApis", allowedApis);
        }
        put(body, "expiresAt", expiresAt);
        put(body, "rateLimit", rateLimit);
        put(body, "quota", quota);
        return body;
    }

    private static void put(Map<String, Object> body, String field, Change<?> change) {
        if (change != null) {
            body.put(field, change.value());
        }
    }
}
