package io.keytrail.reporting.reports;

import io.keytrail.reporting.http.ApiException;
import io.keytrail.reporting.http.Instants;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Objects;

/**
 * Where a page of the trail ended: the last item's time, event id and source. The trail is sorted
 * newest first by (time, event id, source), authentication events before key events on a tie, and
 * the next page starts strictly after this position. Opaque to clients.
 */
record TrailCursor(Instant time, String eventId, Source source) {
    enum Source { AUTH, KEY }

    private static final int MAX_TOKEN = 400;

    TrailCursor {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(source, "source");
    }

    String encode() {
        String plain = source + "|" + time + "|" + eventId;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    static TrailCursor decode(String token) {
        if (token.length() > MAX_TOKEN) {
            throw invalid();
        }
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8).split("\\|", 3);
            if (parts.length != 3 || parts[2].isEmpty() || parts[2].length() > 64) {
                throw invalid();
            }
            Instant time = Instant.parse(parts[1]);
            // No event id has control characters, and PostgreSQL refuses NUL in text altogether.
            if (!Instants.storable(time) || parts[2].chars().anyMatch(Character::isISOControl)) {
                throw invalid();
            }
            return new TrailCursor(time, parts[2], Source.valueOf(parts[0]));
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw invalid();
        }
    }

    /**
     * Whether an event of {@code other} at exactly this time and id comes after this position:
     * only key events after an authentication event.
     */
    boolean includesSameId(Source other) {
        return source == Source.AUTH && other == Source.KEY;
    }

    private static ApiException invalid() {
        return ApiException.badRequest("cursor must be a nextCursor value from an earlier page");
    }
}
