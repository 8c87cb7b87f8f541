package io.keytrail.reporting.reports;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;
import io.keytrail.reporting.db.DeveloperTotals;
import io.keytrail.reporting.db.UsageReportDao;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.jdbi.v3.core.Jdbi;

/**
 * The developers with the most requests or the most failures over a range, summed from the stored
 * windows of the coarsest size that covers the range exactly (day, hour or minute windows).
 */
public final class TopDevelopers {
    /** What to rank by. */
    public enum By {
        REQUESTS, FAILURES;

        @JsonValue
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Report(Instant completeUpTo, Instant from, Instant to, By by, List<Item> items) {
    }

    public record Item(String developerId, long requests, long success, long failure) {
    }

    private final Jdbi jdbi;
    private final Completeness completeness;

    public TopDevelopers(Jdbi jdbi, Completeness completeness) {
        this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
        this.completeness = Objects.requireNonNull(completeness, "completeness");
    }

    public Report top(TimeRange range, By by, int limit) {
        int seconds = Granularity.coarsestAligned(range).windowSeconds();
        List<DeveloperTotals> rows = jdbi.withExtension(UsageReportDao.class, dao -> by == By.REQUESTS
                ? dao.topByRequests(seconds, range.from(), range.to(), limit)
                : dao.topByFailures(seconds, range.from(), range.to(), limit));
        List<Item> items = rows.stream()
                .map(r -> new Item(r.developerId(), r.requests(), r.success(), r.failure())).toList();
        return new Report(completeness.upTo(Completeness.Source.USAGE), range.from(), range.to(), by, items);
    }
}
