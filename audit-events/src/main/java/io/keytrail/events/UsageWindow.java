package io.keytrail.events;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One developer's request counts in one time window, published on the compacted {@code usage}
 * topic. Each update carries the window's totals so far, so the latest record per key is the
 * answer and replaying the topic is idempotent.
 */
public record UsageWindow(
        int schemaVersion,
        String developerId,
        Instant windowStart,
        Instant windowEnd,
        long success,
        long failure,
        Instant lastEventTime) {

    public static final int SCHEMA_VERSION = 1;

    public UsageWindow {
        Objects.requireNonNull(developerId, "developerId");
        Objects.requireNonNull(windowStart, "windowStart");
        Objects.requireNonNull(windowEnd, "windowEnd");
    }

    /** The record key on the usage topic: developer, window start and window length. */
    public static String key(String developerId, Instant windowStart, Duration size) {
        return developerId + '|' + windowStart + '|' + size;
    }

    public String key() {
        return key(developerId, windowStart, Duration.between(windowStart, windowEnd));
    }
}
