package io.keytrail.reporting.db;

import java.time.Instant;
import java.util.List;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/**
 * Failed authentications over a bounded range, from the audit trail: unlike the usage windows it
 * also holds the failures no developer could be named for (missing and unknown keys). Every query
 * walks {@code audit_events_by_time} or {@code alerts_by_time} over the range only.
 */
@RegisterConstructorMapper(ReasonCount.class)
@RegisterConstructorMapper(FailureCount.class)
@RegisterConstructorMapper(AlertRow.class)
public interface FailureReportDao {
    @SqlQuery("""
            SELECT reason, COUNT(*) AS failures
              FROM audit_events
             WHERE event_time >= :from AND event_time < :to AND event_type = 'AUTH_FAILURE'
             GROUP BY reason
             ORDER BY reason
            """)
    List<ReasonCount> byReason(@Bind("from") Instant from, @Bind("to") Instant to);

    /** The client IPs with the most failures, most first. */
    @SqlQuery("""
            SELECT client_ip, COUNT(*) AS failures, MAX(event_time) AS last_seen
              FROM audit_events
             WHERE event_time >= :from AND event_time < :to AND event_type = 'AUTH_FAILURE'
               AND client_ip IS NOT NULL
             GROUP BY client_ip
             ORDER BY COUNT(*) DESC, client_ip
             FETCH FIRST :limit ROWS ONLY
            """)
    List<FailureCount> byClientIp(@Bind("from") Instant from, @Bind("to") Instant to, @Bind("limit") int limit);

    /** The alerts raised in the range, newest first. */
    @SqlQuery("""
            SELECT alert_id, alert_type, subject_type, subject, window_start, window_end, observed, threshold,
                   alert_time, reason, developer_id, project_id, ingested_at
              FROM alerts
             WHERE alert_time >= :from AND alert_time < :to
             ORDER BY alert_time DESC, alert_id DESC
             FETCH FIRST :limit ROWS ONLY
            """)
    List<AlertRow> alerts(@Bind("from") Instant from, @Bind("to") Instant to, @Bind("limit") int limit);
}
