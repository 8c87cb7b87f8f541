package io.keytrail.reporting.reports;

import io.keytrail.reporting.db.UsageDao;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.jdbi.v3.core.Jdbi;

/** Builds usage reports from the stored windows. */
public final class UsageReports {
    /** The widest range one report may cover, which bounds the work and the answer's size. */
    public static final Duration MAX_RANGE = Duration.ofDays(31);
    /**
     * The windows this report lists. The usage topic also carries hour and day windows of the same
     * events; listing them beside the minutes would count every request three times.
     */
    public static final Duration WINDOW = Duration.ofMinutes(1);

    private final Jdbi jdbi;

    public UsageReports(Jdbi jdbi) {
        this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
    }

    /**
     * @throws IllegalArgumentException when {@code to} is not after {@code from} or the range exceeds {@link #MAX_RANGE}
     */
    public UsageReport usage(String developer, Instant from, Instant to) {
        Objects.requireNonNull(developer, "developer");
        if (!to.isAfter(from)) {
            throw new IllegalArgumentException("to must be after from");
        }
        if (Duration.between(from, to).compareTo(MAX_RANGE) > 0) {
            throw new IllegalArgumentException("range must not exceed " + MAX_RANGE.toDays() + " days");
        }
        var windows = jdbi.withExtension(UsageDao.class, dao -> dao.windows(developer, from, to)).stream()
                .filter(row -> Duration.between(row.windowStart(), row.windowEnd()).equals(WINDOW))
                .map(row -> new UsageReport.Window(row.windowStart(), row.windowEnd(), row.success(), row.failure()))
                .toList();
        return new UsageReport(developer, from, to, windows);
    }
}
