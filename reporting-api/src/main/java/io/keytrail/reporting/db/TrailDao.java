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
             ORDER BY event_time DESC, event_id DESC
             FETCH FIRST :limit ROWS ONLY
            """;

    /** Served by {@code audit_events_by_developer}. */
    @SqlQuery(AUDIT + " WHERE developer_id = :developerId" + NARROW)
    List<AuditEventView> byDeveloper(@BindMethods TrailFilter filter);

    /** Served by {@code audit_events_by_key}. */
    @SqlQuery(AUDIT + " WHERE key_id = :keyId" + NARROW)
    List<AuditEventView> byKey(@BindMethods TrailFilter filter);

    /** Served by {@code audit_events_by_client_ip}. */
    @SqlQuery(AUDIT + " WHERE client_ip = :clientIp" + NARROW)
    List<AuditEventView> byClientIp(@BindMethods TrailFilter filter);

    /** Served by {@code audit_events_by_request}: a request has a handful of events at most. */
    @SqlQuery(AUDIT + " WHERE request_id = :requestId" + NARROW)
    List<AuditEventView> byRequestId(@BindMethods TrailFilter filter);

    /** Served by {@code audit_events_by_time}; callers bound the range. */
    @SqlQuery(AUDIT + " WHERE 1 = 1" + NARROW)
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
             ORDER BY event_time DESC, event_id DESC
             FETCH FIRST :limit ROWS ONLY
            """;

    /** A key's lifecycle events, served by {@code key_events_by_key}. */
    @SqlQuery(KEY_EVENTS + " WHERE key_id = :keyId" + KEY_NARROW)
    List<KeyEventView> keyEventsByKey(@BindMethods TrailFilter filter);

    /** The lifecycle events of a developer's keys, served by {@code key_events_by_developer}. */
    @SqlQuery(KEY_EVENTS + " WHERE developer_id = :developerId" + KEY_NARROW)
    List<KeyEventView> keyEventsByDeveloper(@BindMethods TrailFilter filter);
}
