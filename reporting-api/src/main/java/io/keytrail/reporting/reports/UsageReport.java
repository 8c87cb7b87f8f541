package io.keytrail.reporting.reports;

import java.time.Instant;
import java.util.List;

/** One developer's usage windows that start in {@code [from, to)}, ordered by window start. */
public record UsageReport(String developer, Instant from, Instant to, List<Window> windows) {
    public UsageReport {
        windows = List.copyOf(windows);
    }

    /** Requests let through ({@code success}) and refused ({@code failure}) in one window. */
    public record Window(Instant windowStart, Instant windowEnd, long success, long failure) {
    }
}
