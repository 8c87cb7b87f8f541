package io.keytrail.reporting.db;

import java.time.Instant;

/** One developer's totals for one window, as last received from the usage topic. */
public record UsageRow(
        String developerId,
        Instant windowStart,
        Instant windowEnd,
        long success,
        long failure,
        Instant lastEventTime,
        Instant updatedAt) {

    /** The window's length in seconds, as stored in {@code window_seconds}. */
    public long windowSeconds() {
        return java.time.Duration.between(windowStart, windowEnd).toSeconds();
    }
}
