package io.keytrail.reporting.db;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.customizer.Define;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/**
 * The traceability trail, newest first. There is one query per leading filter, each led by the
 * equality of an indexed column (or, without one, by the time range) so that the database walks
 * one index backwards from the cursor; the other filters narrow the rows it finds.
 */
@RegisterConstructorMapper(AuditEventView.class)
@RegisterConstructorMapper(KeyEventView.class)
@RegisterConstructorMapper(TrailDao.StoredSpan.class)
public interface TrailDao {
    /** How many hours one request-id or client-address query names at once: a week. */
    int HOURS_PER_QUERY = 168;

    String AUDIT_COLUMNS = """
            SELECT event_id, event_type, event_time, request_id, api_id, route, method, path, status, latency_micros,
                   client_ip, user_agent, key_id, key_hint, credential_location, auth_methods, developer_id,
                   project_id, reason
            """;
    String AUDIT = AUDIT_COLUMNS + "  FROM audit_events\n";

    String NARROW = """
               AND (CAST(:developerId AS VARCHAR(256)) IS NULL OR developer_id = :developerId)
               AND (CAST(:keyId AS VARCHAR(64)) IS NULL OR key_id = :keyId)
               AND (CAST(:requestId AS VARCHAR(128)) IS NULL OR request_id = :requestId)
               AND (CAST(:clientIp AS VARCHAR(64)) IS NULL OR client_ip = :clientIp)
               AND (CAST(:eventType AS VARCHAR(16)) IS NULL OR event_type = :eventType)
               AND event_time >= :from AND event_time < :to
               AND (CAST(:afterTime AS TIMESTAMP WITH TIME ZONE) IS NULL
                    OR event_time < :afterTime
                    OR (event_time = :afterTime AND event_id < :afterId)
                    OR (event_time = :afterTime AND event_id = :afterId AND CAST(:includeAfterId AS BOOLEAN)))
            """;

    /**
     * Newest first. The leading filter's column leads the order too, descending like the rest: it is
     * constant in the result, and H2 serves an ORDER BY from an index (walking it backwards here) only
     * when the order starts at the index's first column and runs one way throughout; otherwise it
     * sorts every matching row to return a page (seen: "index sorted: 1 of 3 columns").
     */
    String NEWEST_TAIL = " event_time DESC, event_id DESC FETCH FIRST :limit ROWS ONLY";
    String NEWEST = " ORDER BY" + NEWEST_TAIL;

    /** Served by {@code audit_events_by_developer}. */
    @SqlQuery(BY_DEVELOPER)
    List<AuditEventView> byDeveloper(@BindMethods TrailFilter filter);

    /** Served by {@code audit_events_by_key}. */
    @SqlQuery(BY_KEY)
    List<AuditEventView> byKey(@BindMethods TrailFilter filter);

    /**
     * Served by {@code audit_events_by_client_ip}, which is led by the hour. A week of hours at a
     * time, newest first: one query finds which of them hold the address (a probe each, inside the
     * database), then one query per such hour walks the index backwards, until the page is full. A
     * busy address fills the page in its newest hour; a quiet one costs a query per week.
     */
    default List<AuditEventView> byClientIp(TrailFilter filter) {
        return weeksNewestFirst(filter, (hourRows, wanted) -> {
            List<AuditEventView> found = new ArrayList<>();
            for (int hour : clientIpHours(filter, hourRows)) {
                if (found.size() >= wanted) {
                    break;
                }
                found.addAll(byClientIpInHour(filter, hour));
            }
            return found;
        });
    }

    /** Of the hours in {@code hourRows} (see {@link #hourRows}), those that hold the address, newest first. */
    @SqlQuery(CLIENT_IP_HOURS)
    List<Integer> clientIpHours(@BindMethods TrailFilter filter, @Define("hourRows") String hourRows);

    @SqlQuery(BY_CLIENT_IP)
    List<AuditEventView> byClientIpInHour(@BindMethods TrailFilter filter, @Bind("hour") int hour);

    /**
     * Served by {@code audit_events_by_request}, which is led by the hour: a week of hours per
     * query, newest first, each hour a probe. A request has a handful of events, so each query
     * sorts what it finds. (Not {@code event_hour IN (...)}: H2 2.5 then scans the whole index.)
     */
    default List<AuditEventView> byRequestId(TrailFilter filter) {
        return weeksNewestFirst(filter, (hourRows, wanted) -> byRequestIdInHours(filter, hourRows));
    }

    @SqlQuery(BY_REQUEST_ID)
    List<AuditEventView> byRequestIdInHours(@BindMethods TrailFilter filter, @Define("hourRows") String hourRows);

    /** One week of hours: its events newest first, given the week as {@link #hourRows} and how many are still wanted. */
    @FunctionalInterface
    interface Week {
        List<AuditEventView> newestFirst(String hourRows, int wanted);
    }

    /**
     * The stored hours of the filter's range a week at a time, newest first, until the page is
     * full: events from different weeks never interleave, so the weeks' lists concatenate in order.
     */
    default List<AuditEventView> weeksNewestFirst(TrailFilter filter, Week week) {
        Hours hours = hours(filter);
        List<AuditEventView> found = new ArrayList<>();
        for (int newest = hours.newest(); newest >= hours.oldest() && found.size() < filter.limit();
                newest -= HOURS_PER_QUERY) {
            int oldest = Math.max(hours.oldest(), newest - HOURS_PER_QUERY + 1);
            found.addAll(week.newestFirst(hourRows(oldest, newest), filter.limit() - found.size()));
        }
        return found.size() > filter.limit() ? List.copyOf(found.subList(0, filter.limit())) : found;
    }

    /**
     * The hours from {@code oldest} to {@code newest} as rows of a {@code VALUES} table,
     * {@code (h),(h),...}: integers made here, so nothing a client sent reaches the SQL text.
     */
    static String hourRows(int oldest, int newest) {
        return IntStream.rangeClosed(oldest, newest).mapToObj(h -> "(" + h + ")").collect(Collectors.joining(","));
    }

    /** The earliest and latest event time stored; both {@code null} when nothing is. */
    record StoredSpan(Instant earliest, Instant latest) {
    }

    /** Answered from the ends of {@code audit_events_by_time}. */
    @SqlQuery("SELECT MIN(event_time) AS earliest, MAX(event_time) AS latest FROM audit_events")
    StoredSpan storedSpan();

    /** The hours a lookup walks, newest to oldest; empty when {@code newest < oldest}. */
    record Hours(int newest, int oldest) {
    }

    /**
     * The hours of the filter's range (up to its cursor) that can hold events: the range is often
     * open-ended (the epoch to now), the stored events span at most the retention.
     */
    default Hours hours(TrailFilter filter) {
        StoredSpan stored = storedSpan();
        if (stored.latest() == null) {
            return new Hours(0, 1);
        }
        Instant upTo = filter.afterTime() != null && filter.afterTime().isBefore(filter.to())
                ? filter.afterTime() : filter.to();
        long newest = Math.min(AuditEventRow.hourOf(upTo), AuditEventRow.hourOf(stored.latest()));
        long oldest = Math.max(AuditEventRow.hourOf(filter.from()), AuditEventRow.hourOf(stored.earliest()));
        // Both within the stored hours unless the range misses them, and then nothing is walked.
        return newest < oldest ? new Hours(0, 1) : new Hours((int) newest, (int) oldest);
    }

    /** Served by {@code audit_events_by_time}; callers bound the range. */
    @SqlQuery(BY_TIME)
    List<AuditEventView> byTime(@BindMethods TrailFilter filter);

    String KEY_EVENTS = """
            SELECT event_id, event_type, event_time, key_id, project_id, developer_id, actor, changes, related_key_id
              FROM key_events
            """;

    String KEY_NARROW = """
               AND (CAST(:developerId AS VARCHAR(256)) IS NULL OR developer_id = :developerId)
               AND (CAST(:keyId AS VARCHAR(64)) IS NULL OR key_id = :keyId)
               AND event_time >= :from AND event_time < :to
               AND (CAST(:afterTime AS TIMESTAMP WITH TIME ZONE) IS NULL
                    OR event_time < :afterTime
                    OR (event_time = :afterTime AND event_id < :afterId)
                    OR (event_time = :afterTime AND event_id = :afterId AND CAST(:includeAfterId AS BOOLEAN)))
            """;

    /** A key's lifecycle events, served by {@code key_events_by_key}. */
    @SqlQuery(KEY_EVENTS_BY_KEY)
    List<KeyEventView> keyEventsByKey(@BindMethods TrailFilter filter);

    /** The lifecycle events of a developer's keys, served by {@code key_events_by_developer}. */
    @SqlQuery(KEY_EVENTS_BY_DEVELOPER)
    List<KeyEventView> keyEventsByDeveloper(@BindMethods TrailFilter filter);

    // The queries, named for tests that check their plans.
    String BY_DEVELOPER = AUDIT + " WHERE developer_id = :developerId" + NARROW + " ORDER BY developer_id DESC," + NEWEST_TAIL;
    String BY_KEY = AUDIT + " WHERE key_id = :keyId" + NARROW + " ORDER BY key_id DESC," + NEWEST_TAIL;
    String BY_CLIENT_IP = AUDIT + " WHERE event_hour = :hour AND client_ip = :clientIp" + NARROW
            + " ORDER BY event_hour DESC, client_ip DESC," + NEWEST_TAIL;
    String CLIENT_IP_HOURS = """
            SELECT hours.h FROM (VALUES <hourRows>) AS hours (h)
             WHERE EXISTS (SELECT 1 FROM audit_events
                            WHERE event_hour = hours.h AND client_ip = :clientIp
                              AND event_time >= :from AND event_time < :to)
             ORDER BY hours.h DESC
            """;
    String BY_REQUEST_ID = AUDIT_COLUMNS + "  FROM (VALUES <hourRows>) AS hours (h)"
            + " JOIN audit_events ON event_hour = hours.h AND request_id = :requestId WHERE 1 = 1" + NARROW + NEWEST;
    String BY_TIME = AUDIT + " WHERE 1 = 1" + NARROW + NEWEST;
    String KEY_EVENTS_BY_KEY = KEY_EVENTS + " WHERE key_id = :keyId" + KEY_NARROW + " ORDER BY key_id DESC," + NEWEST_TAIL;
    String KEY_EVENTS_BY_DEVELOPER = KEY_EVENTS + " WHERE developer_id = :developerId" + KEY_NARROW + " ORDER BY developer_id DESC," + NEWEST_TAIL;
}
