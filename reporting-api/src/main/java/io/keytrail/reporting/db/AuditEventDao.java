package io.keytrail.reporting.db;

import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.sqlobject.SqlObject;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlBatch;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/** The write side of the audit trail of authentication decisions: ingest and retention. */
public interface AuditEventDao extends SqlObject {

    /**
     * Stores the events whose id is not stored yet, within the caller's transaction. Nearly every
     * batch is new events, and a plain batch insert costs about half a merge per row on H2, so that
     * is tried first; only a batch that meets a stored id (a replay) is undone to a savepoint and
     * merged row by row.
     */
    default void storeAll(List<AuditEventRow> rows) {
        Handle handle = getHandle();
        handle.savepoint("audit_events_batch");
        try {
            insertNew(rows);
        } catch (RuntimeException e) {
            if (!UniqueViolations.isCause(e)) {
                throw e;
            }
            // Rolling back to the savepoint also ends it.
            handle.rollbackToSavepoint("audit_events_batch");
            insertAll(rows);
            return;
        }
        handle.releaseSavepoint("audit_events_batch");
    }

    /** Inserts each event; fails on an id already stored. */
    @SqlBatch("""
            INSERT INTO audit_events (event_id, event_type, event_time, request_id, gateway_node, api_id, route,
                    method, path, status, latency_micros, upstream_micros, client_ip, user_agent, key_id, key_hint,
                    credential_location, auth_methods, developer_id, project_id, reason, ingested_at, event_hour)
                VALUES (:eventId, :eventType, :eventTime, :requestId, :gatewayNode, :apiId, :route,
                    :method, :path, :status, :latencyMicros, :upstreamMicros, :clientIp, :userAgent, :keyId, :keyHint,
                    :credentialLocation, :authMethods, :developerId, :projectId, :reason, :ingestedAt, :eventHour)
            """)
    void insertNew(@BindMethods List<AuditEventRow> rows);

    /**
     * Inserts each event unless its id is already stored. An event id names one decision for good,
     * so a replayed event is skipped rather than updated: a restart or a replay never counts twice.
     */
    @SqlBatch("""
            MERGE INTO audit_events AS t
            USING (VALUES (CAST(:eventId AS VARCHAR(64)))) AS s (event_id)
            ON t.event_id = s.event_id
            WHEN NOT MATCHED THEN INSERT (event_id, event_type, event_time, request_id, gateway_node, api_id, route,
                    method, path, status, latency_micros, upstream_micros, client_ip, user_agent, key_id, key_hint,
                    credential_location, auth_methods, developer_id, project_id, reason, ingested_at, event_hour)
                VALUES (s.event_id, :eventType, :eventTime, :requestId, :gatewayNode, :apiId, :route,
                    :method, :path, :status, :latencyMicros, :upstreamMicros, :clientIp, :userAgent, :keyId, :keyHint,
                    :credentialLocation, :authMethods, :developerId, :projectId, :reason, :ingestedAt, :eventHour)
            """)
    void insertAll(@BindMethods List<AuditEventRow> rows);

    /** Up to {@code limit} ids of events older than {@code cutoff}, oldest first, from the time index. */
    @SqlQuery("""
            SELECT event_id FROM audit_events
             WHERE event_time < :cutoff
             ORDER BY event_time, event_id
             FETCH FIRST :limit ROWS ONLY
            """)
    List<String> expired(@Bind("cutoff") Instant cutoff, @Bind("limit") int limit);

    @SqlBatch("DELETE FROM audit_events WHERE event_id = :eventId")
    void deleteAll(@Bind("eventId") List<String> eventIds);
}
