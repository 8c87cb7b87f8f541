package io.keytrail.reporting.admin;

import io.keytrail.events.KeyRecord;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What an admin decides about a key, at creation and by later updates; {@link KeyRules} has
 * checked every field before a settings object reaches the services.
 *
 * @param allowedApis API ids the key may call; empty for every API of its project
 * @param expiresAt   {@code null} for a key that does not expire
 * @param rateLimit   {@code null} for no rate limit
 * @param quota       {@code null} for no quota
 */
public record KeySettings(
        String description,
        List<String> allowedApis,
        Instant expiresAt,
        KeyRecord.RateLimit rateLimit,
        KeyRecord.Quota quota) {

    public KeySettings {
        Objects.requireNonNull(description, "description");
        allowedApis = allowedApis == null ? List.of() : List.copyOf(allowedApis);
    }

    /** Just a description: every API, no expiry, no limits. */
    public static KeySettings described(String description) {
        return new KeySettings(description, List.of(), null, null, null);
    }
}
