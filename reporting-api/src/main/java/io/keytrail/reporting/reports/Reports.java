package io.keytrail.reporting.reports;

import io.keytrail.events.Topics;
import io.keytrail.reporting.auth.DeveloperKeys;
import io.keytrail.reporting.auth.FailedAttemptLimiter;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import org.jdbi.v3.core.Jdbi;

/** Every report and what the developer self-service route needs, built once and handed to the routes. */
public record Reports(UsageReports usage, TopDevelopers topDevelopers, DormantKeys dormantKeys, Trail trail,
                      FailureReport failures, DeveloperKeys developerKeys, FailedAttemptLimiter keyAttempts,
                      String keyHeader) {
    /** Bounds the failed-attempt table's memory: about 100 bytes a client. */
    public static final int MAX_TRACKED_CLIENTS = 100_000;

    public Reports {
        Objects.requireNonNull(usage, "usage");
        Objects.requireNonNull(topDevelopers, "topDevelopers");
        Objects.requireNonNull(dormantKeys, "dormantKeys");
        Objects.requireNonNull(trail, "trail");
        Objects.requireNonNull(failures, "failures");
        Objects.requireNonNull(developerKeys, "developerKeys");
        Objects.requireNonNull(keyAttempts, "keyAttempts");
        Objects.requireNonNull(keyHeader, "keyHeader");
    }

    /**
     * The reports over {@code jdbi}, complete as far as ingest of {@code topics} has got; developers
     * send their key in {@code keyHeader}, and a client IP gets {@code maxFailedAttempts} wrong keys
     * a minute.
     */
    public static Reports create(Jdbi jdbi, Topics topics, String keyHeader, int maxFailedAttempts, Clock clock) {
        Completeness completeness = new Completeness(jdbi, topics);
        return new Reports(new UsageReports(jdbi, completeness), new TopDevelopers(jdbi, completeness),
                new DormantKeys(jdbi, completeness, clock), new Trail(jdbi, completeness),
                new FailureReport(jdbi, completeness), new DeveloperKeys(jdbi, clock),
                new FailedAttemptLimiter(maxFailedAttempts, Duration.ofMinutes(1), MAX_TRACKED_CLIENTS, clock), keyHeader);
    }
}
