package io.keytrail.reporting.reports;

import com.fasterxml.jackson.annotation.JsonValue;
import io.keytrail.reporting.http.ApiException;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * The window size a usage report lists: the stored windows of that size are read as they are. The
 * widest range per size bounds how many windows one report reads (2,880 minutes, 2,232 hours or
 * 731 days per subject).
 */
public enum Granularity {
    MINUTE(Duration.ofMinutes(1), Duration.ofDays(2)),
    HOUR(Duration.ofHours(1), Duration.ofDays(93)),
    DAY(Duration.ofDays(1), Duration.ofDays(731));

    private final Duration window;
    private final Duration maxRange;

    Granularity(Duration window, Duration maxRange) {
        this.window = window;
        this.maxRange = maxRange;
    }

    /** {@code window_seconds} of the stored windows of this size. */
    public int windowSeconds() {
        return (int) window.toSeconds();
    }

    public Duration maxRange() {
        return maxRange;
    }

    @JsonValue
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code minute}, {@code hour} or {@code day}. */
    public static Granularity parse(String text) {
        for (Granularity granularity : values()) {
            if (granularity.label().equals(text)) {
                return granularity;
            }
        }
        throw ApiException.badRequest("granularity must be minute, hour or day");
    }

    /**
     * The coarsest size whose windows cover {@code range} exactly: day when both ends fall on
     * midnight UTC, hour when both are whole hours, else minute.
     */
    public static Granularity coarsestAligned(TimeRange range) {
        for (Granularity granularity : new Granularity[] {DAY, HOUR}) {
            if (granularity.aligned(range.from()) && granularity.aligned(range.to())) {
                return granularity;
            }
        }
        return MINUTE;
    }

    private boolean aligned(Instant instant) {
        return instant.getNano() == 0 && instant.getEpochSecond() % windowSeconds() == 0;
    }
}
