package io.keytrail.reporting.db;

import java.util.List;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/**
 * The traceability trail, newest first. There is one query per leading filter, each led by the
 * equality of an indexed column (or, without one, by the time range) so that the database walks
 * one index backwards from the cursor; the other filters narrow the rows it finds.
 */
@RegisterConstructorMapper(AuditEventView.class)
@RegisterConstructorMapper(KeyEventView.class)
public interface TrailDao {
    String AUDIT = """
            SELECT event_id, event_type, event_time, request_id, api_id, route, method, path, status, latency_micros,
                   client_ip, user_agent, key_id, key_hint, credential_location, auth_methods, developer_id,
                   project_id, reason
              FROM audit_events
            """;

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
     * Newest first. The leading filter's column leads the order too: it is constant in the result,
     * and H2 serves an ORDER BY from an index (walking it backwards here) only when the order starts
     * at the index's first column; without it H2 would sort every matching row to return a page.
     * That column is ordered DESC like the rest: H2 2.5 walks an index backwards only when every
     * ORDER BY column runs the same way ("index sorted: 1 of 3 columns" otherwise).
     */
    String NEWEST_TAIL = " event_time DESC, event_id DESC FETCH FIRST :limit ROWS ONLY";
    String NEWEST = " ORDER BY" + NEWEST_TAIL;

    /** Served by {@code audit_events_by_developer}. */
    @SqlQuery(BY_DEVELOPER)
    List<AuditEventView> byDeveloper(@BindMethods TrailFilter filter);

    /** Served by {@code audit_events_by_key}. */
    @SqlQuery(BY_KEY)
    List<AuditEventView> byKey(@BindMethods TrailFilter filter);

    /** Served by {@code audit_events_by_client_ip}. */
    @SqlQuery(BY_CLIENT_IP)
    List<AuditEventView> byClientIp(@BindMethods TrailFilter filter);

    /** Served by {@code audit_events_by_request}: a request has a handful of events at most. */
    @SqlQuery(BY_REQUEST_ID)
    List<AuditEventView> byRequestId(@BindMethods TrailFilter filter);

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
    String BY_CLIENT_IP = AUDIT + " WHERE client_ip = :clientIp" + NARROW + " ORDER BY client_ip DESC," + NEWEST_TAIL;
    String BY_REQUEST_ID = AUDIT + " WHERE request_id = :requestId" + NARROW + NEWEST;
    String BY_TIME = AUDIT + " WHERE 1 = 1" + NARROW + NEWEST;
    String KEY_EVENTS_BY_KEY = KEY_EVENTS + " WHERE key_id = :keyId" + KEY_NARROW + " ORDER BY key_id DESC," + NEWEST_TAIL;
    String KEY_EVENTS_BY_DEVELOPER = KEY_EVENTS + " WHERE developer_id = :developerId" + KEY_NARROW + " ORDER BY developer_id DESC," + NEWEST_TAIL;
}
