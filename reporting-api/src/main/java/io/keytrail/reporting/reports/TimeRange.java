package io.keytrail.reporting.reports;

import io.keytrail.reporting.http.ApiException;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/** The half-open range {@code [from, to)} a report covers; {@code to} is after {@code from}. */
public record TimeRange(Instant from, Instant to) {
    public TimeRange {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (!to.isAfter(from)) {
            throw ApiException.badRequest("to must be after from");
        }
    }

    public Duration length() {
        return Duration.between(from, to);
    }

    /** Refuses a range wider than {@code max}; {@code what} says which rule set the bound. */
    public TimeRange requireAtMost(Duration max, String what) {
        if (length().compareTo(max) > 0) {
            throw ApiException.badRequest("the range from..to must not exceed " + describe(max) + " " + what);
        }
        return this;
    }

    private static String describe(Duration duration) {
        return duration.toHours() % 24 == 0 ? duration.toDays() + " days" : duration.toHours() + " hours";
    }
}
