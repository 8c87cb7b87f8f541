package io.keytrail.reporting.db;

import java.time.Instant;
import java.util.List;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/**
 * Reads the stored usage windows of one size ({@code window_seconds}: 60, 3600 or 86400) that
 * start in {@code [from, to)}. Every query leads with the columns of an index, so a report reads
 * the windows of its range and nothing else.
 */
@RegisterConstructorMapper(UsageWindowView.class)
@RegisterConstructorMapper(DeveloperTotals.class)
public interface UsageReportDao {
    String DETAIL_COLUMNS = """
            window_start, window_end, success, failure, failures, status_classes, apis, top_endpoints,
            latency_p50_micros, latency_p95_micros, latency_p99_micros, latency_max_micros, latency_sketch,
            client_ips, client_ip_sketch
            """;

    /** Served by {@code usage_windows_by_size} (developer_id, window_seconds, window_start). */
    @SqlQuery("SELECT developer_id AS subject_id, " + DETAIL_COLUMNS + """
              FROM usage_windows
             WHERE developer_id = :developerId AND window_seconds = :windowSeconds
               AND window_start >= :from AND window_start < :to
             ORDER BY window_start
            """)
    List<UsageWindowView> developerWindows(@Bind("developerId") String developerId,
                                           @Bind("windowSeconds") int windowSeconds,
                                           @Bind("from") Instant from, @Bind("to") Instant to);

    /** Served by {@code key_usage_windows_by_key_size}. */
    @SqlQuery("SELECT key_id AS subject_id, " + DETAIL_COLUMNS + """
              FROM key_usage_windows
             WHERE key_id = :keyId AND window_seconds = :windowSeconds
               AND window_start >= :from AND window_start < :to
             ORDER BY window_start
            """)
    List<UsageWindowView> keyWindows(@Bind("keyId") String keyId, @Bind("windowSeconds") int windowSeconds,
                                     @Bind("from") Instant from, @Bind("to") Instant to);

    /** Every key's windows of the project, served by {@code key_usage_windows_by_project}. */
    @SqlQuery("SELECT key_id AS subject_id, " + DETAIL_COLUMNS + """
              FROM key_usage_windows
             WHERE project_id = :projectId AND window_seconds = :windowSeconds
               AND window_start >= :from AND window_start < :to
             ORDER BY window_start, key_id
            """)
    List<UsageWindowView> projectWindows(@Bind("projectId") String projectId,
                                         @Bind("windowSeconds") int windowSeconds,
                                         @Bind("from") Instant from, @Bind("to") Instant to);

    /** The developers with the most requests, served by {@code usage_windows_by_size_time}. */
    @SqlQuery("""
            SELECT developer_id, SUM(success) AS success, SUM(failure) AS failure
              FROM usage_windows
             WHERE window_seconds = :windowSeconds AND window_start >= :from AND window_start < :to
             GROUP BY developer_id
             ORDER BY SUM(success) + SUM(failure) DESC, developer_id
             FETCH FIRST :limit ROWS ONLY
            """)
    List<DeveloperTotals> topByRequests(@Bind("windowSeconds") int windowSeconds, @Bind("from") Instant from,
                                        @Bind("to") Instant to, @Bind("limit") int limit);

    /** The developers with the most failed requests; developers without failures are left out. */
    @SqlQuery("""
            SELECT developer_id, SUM(success) AS success, SUM(failure) AS failure
              FROM usage_windows
             WHERE window_seconds = :windowSeconds AND window_start >= :from AND window_start < :to
             GROUP BY developer_id
            HAVING SUM(failure) > 0
             ORDER BY SUM(failure) DESC, developer_id
             FETCH FIRST :limit ROWS ONLY
            """)
    List<DeveloperTotals> topByFailures(@Bind("windowSeconds") int windowSeconds, @Bind("from") Instant from,
                                        @Bind("to") Instant to, @Bind("limit") int limit);
}
