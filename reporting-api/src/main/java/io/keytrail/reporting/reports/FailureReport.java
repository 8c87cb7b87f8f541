package io.keytrail.reporting.reports;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.keytrail.reporting.db.AlertRow;
import io.keytrail.reporting.db.FailureCount;
import io.keytrail.reporting.db.FailureReportDao;
import io.keytrail.reporting.db.ReasonCount;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.jdbi.v3.core.Jdbi;

/**
 * Failed authentications over a bounded range: per reason, the client IPs with the most failures,
 * and the alerts raised in the range (newest first).
 */
public final class FailureReport {
    /** The reason key for failures stored without one. */
    static final String NO_REASON = "UNSPECIFIED";
    static final int MAX_ALERTS = 100;

    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Report(Instant completeUpTo, Instant from, Instant to, Map<String, Long> byReason,
                         List<ClientIp> byClientIp, List<Alert> alerts) {
    }

    public record ClientIp(String clientIp, long failures, Instant lastSeen) {
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Alert(String alertId, String type, String subjectType, String subject, Instant windowStart,
                        Instant windowEnd, long observed, long threshold, Instant time, String reason,
                        String developerId, String projectId) {
    }

    private final Jdbi jdbi;
    private final Completeness completeness;

    public FailureReport(Jdbi jdbi, Completeness completeness) {
        this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
        this.completeness = Objects.requireNonNull(completeness, "completeness");
    }

    public Report failures(TimeRange range, int topClientIps) {
        return jdbi.withExtension(FailureReportDao.class, dao -> {
            Map<String, Long> byReason = new TreeMap<>();
            for (ReasonCount count : dao.byReason(range.from(), range.to())) {
                byReason.merge(count.reason() == null ? NO_REASON : count.reason(), count.failures(), Long::sum);
            }
            List<ClientIp> ips = dao.byClientIp(range.from(), range.to(), topClientIps).stream()
                    .map((FailureCount c) -> new ClientIp(c.clientIp(), c.failures(), c.lastSeen())).toList();
            List<Alert> alerts = dao.alerts(range.from(), range.to(), MAX_ALERTS).stream()
                    .map((AlertRow a) -> new Alert(a.alertId(), a.alertType(), a.subjectType(), a.subject(),
                            a.windowStart(), a.windowEnd(), a.observed(), a.threshold(), a.alertTime(), a.reason(),
                            a.developerId(), a.projectId())).toList();
            return new Report(completeness.upTo(Completeness.Source.AUTH_FAILURE, Completeness.Source.ALERTS),
                    range.from(), range.to(), byReason, ips, alerts);
        });
    }
}
