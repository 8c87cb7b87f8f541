package io.keytrail.reporting.admin;

import io.keytrail.events.KeyRecord;
import io.keytrail.reporting.http.ApiException;
import io.keytrail.reporting.http.Instants;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;

/**
 * The rules for every field an admin sets on a key, in one place so that creation and updates
 * refuse alike. Each check answers 400 with a message naming the field; none echoes a secret.
 */
public final class KeyRules {
    public static final int MAX_DESCRIPTION_LENGTH = 256;
    public static final int MAX_ALLOWED_APIS = 32;
    public static final long MAX_RATE_LIMIT_REQUESTS = 1_000_000_000L;
    public static final long MAX_RATE_LIMIT_WINDOW_SECONDS = 86_400L;
    public static final long MAX_QUOTA_REQUESTS = 1_000_000_000_000L;
    public static final int MIN_IMPORTED_KEY_LENGTH = 20;
    /** As long as a gateway accepts: a longer key could be stored but never used. */
    public static final int MAX_IMPORTED_KEY_LENGTH = 256;
    public static final long MAX_GRACE_PERIOD_SECONDS = 30L * 24 * 3600;

    /** A rate limit as a request states it, unchecked. */
    public record RateLimitInput(Long requests, Long windowSeconds) {
    }

    /** A quota as a request states it, unchecked. */
    public record QuotaInput(Long requests, String period) {
    }

    private KeyRules() {
    }

    public static String description(String description) {
        if (description == null || description.isBlank()) {
            throw ApiException.badRequest("description is required");
        }
        if (description.length() > MAX_DESCRIPTION_LENGTH) {
            throw ApiException.badRequest("description must be at most " + MAX_DESCRIPTION_LENGTH + " characters");
        }
        if (description.chars().anyMatch(Character::isISOControl)) {
            throw ApiException.badRequest("description must not contain control characters");
        }
        return description;
    }

    public static List<String> allowedApis(List<String> apis) {
        if (apis == null) {
            return List.of();
        }
        if (apis.size() > MAX_ALLOWED_APIS) {
            throw ApiException.badRequest("allowedApis must list at most " + MAX_ALLOWED_APIS + " APIs");
        }
        HashSet<String> seen = new HashSet<>();
        for (String api : apis) {
            if (!EntityIds.isValid(api)) {
                throw ApiException.badRequest("allowedApis: each API id " + EntityIds.RULE);
            }
            if (!seen.add(api)) {
                throw ApiException.badRequest("allowedApis lists '" + api + "' twice");
            }
        }
        return List.copyOf(apis);
    }

    /** An expiry must lie ahead: a key created or updated to be expired already is a mistake. */
    public static Instant expiresAt(Instant expiresAt, Instant now) {
        if (expiresAt == null) {
            return null;
        }
        // Milliseconds, as every database keeps them: the answer, the row and the record then agree.
        Instant kept = expiresAt.truncatedTo(ChronoUnit.MILLIS);
        if (!kept.isAfter(now)) {
            throw ApiException.badRequest("expiresAt must be in the future");
        }
        if (!Instants.storable(kept)) {
            throw ApiException.badRequest("expiresAt must be before the year 10000");
        }
        return kept;
    }

    public static KeyRecord.RateLimit rateLimit(RateLimitInput input) {
        if (input == null) {
            return null;
        }
        if (input.requests() == null || input.requests() < 1 || input.requests() > MAX_RATE_LIMIT_REQUESTS) {
            throw ApiException.badRequest("rateLimit.requests must be from 1 to " + MAX_RATE_LIMIT_REQUESTS);
        }
        if (input.windowSeconds() == null || input.windowSeconds() < 1
                || input.windowSeconds() > MAX_RATE_LIMIT_WINDOW_SECONDS) {
            throw ApiException.badRequest("rateLimit.windowSeconds must be from 1 to " + MAX_RATE_LIMIT_WINDOW_SECONDS);
        }
        return new KeyRecord.RateLimit(input.requests(), input.windowSeconds());
    }

    public static KeyRecord.Quota quota(QuotaInput input) {
        if (input == null) {
            return null;
        }
        if (input.requests() == null || input.requests() < 1 || input.requests() > MAX_QUOTA_REQUESTS) {
            throw ApiException.badRequest("quota.requests must be from 1 to " + MAX_QUOTA_REQUESTS);
        }
        KeyRecord.QuotaPeriod period = null;
        if (input.period() != null) {
            try {
                period = KeyRecord.QuotaPeriod.valueOf(input.period().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                period = null;
            }
        }
        if (period == null) {
            throw ApiException.badRequest("quota.period must be one of HOUR, DAY, MONTH");
        }
        return new KeyRecord.Quota(input.requests(), period);
    }

    /** A key brought from another gateway: long enough to be unguessable, and one the gateways accept. */
    public static String importedKey(String key) {
        if (key.length() < MIN_IMPORTED_KEY_LENGTH || key.length() > MAX_IMPORTED_KEY_LENGTH) {
            throw ApiException.badRequest("key must be " + MIN_IMPORTED_KEY_LENGTH + " to " + MAX_IMPORTED_KEY_LENGTH
                    + " characters");
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c <= 0x20 || c >= 0x7f) {
                throw ApiException.badRequest("key must be printable ASCII without spaces");
            }
        }
        return key;
    }

    public static long gracePeriodSeconds(Long seconds) {
        if (seconds == null) {
            throw ApiException.badRequest("gracePeriodSeconds is required");
        }
        if (seconds < 0 || seconds > MAX_GRACE_PERIOD_SECONDS) {
            throw ApiException.badRequest("gracePeriodSeconds must be from 0 to " + MAX_GRACE_PERIOD_SECONDS);
        }
        return seconds;
    }
}
