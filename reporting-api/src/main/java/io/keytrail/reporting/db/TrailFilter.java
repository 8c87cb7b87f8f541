package io.keytrail.reporting.db;

import java.time.Instant;
import java.util.Objects;

/**
 * What a trail query matches, bound by name into {@link TrailDao}'s SQL. Each filter left
 * {@code null} matches everything; the range {@code [from, to)} is always set.
 *
 * @param eventType      {@code AUTH_SUCCESS} or {@code AUTH_FAILURE}
 * @param afterTime      with {@code afterId}: the position of the last item of the previous page,
 *                       newest first; {@code null} for the first page
 * @param includeAfterId whether an event at exactly the position also comes after it: true for the
 *                       source sorted after the one the position came from when both hold the id
 * @param limit          how many rows to fetch
 */
public record TrailFilter(
        String developerId,
        String keyId,
        String requestId,
        String clientIp,
        String eventType,
        Instant from,
        Instant to,
        Instant afterTime,
        String afterId,
        boolean includeAfterId,
        int limit) {

    public TrailFilter {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if ((afterTime == null) != (afterId == null)) {
            throw new IllegalArgumentException("afterTime and afterId go together");
        }
    }

    /** The same filter, continuing after another position. */
    public TrailFilter after(Instant time, String id, boolean includeId) {
        return new TrailFilter(developerId, keyId, requestId, clientIp, eventType, from, to, time, id, includeId,
                limit);
    }
}
