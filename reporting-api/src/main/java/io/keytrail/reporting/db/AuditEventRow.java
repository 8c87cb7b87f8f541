package io.keytrail.reporting.db;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * One authentication decision as stored in {@code audit_events}: the AuthEvent flattened, text
 * already clipped to its column. {@code authMethods} is comma-separated, such as {@code KEY,JWT}.
 */
public record AuditEventRow(
        String eventId,
        String eventType,
        Instant eventTime,
        String requestId,
        String gatewayNode,
        String apiId,
        String route,
        String method,
        String path,
        int status,
        Long latencyMicros,
        Long upstreamMicros,
        String clientIp,
        String userAgent,
        String keyId,
        String keyHint,
        String credentialLocation,
        String authMethods,
        String developerId,
        String projectId,
        String reason,
        Instant ingestedAt) {

    /**
     * The time as the database keeps it: H2 and PostgreSQL store microseconds and round what is finer,
     * which could carry an event into the next hour after {@link #eventHour} put it in this one.
     */
    public AuditEventRow {
        eventTime = eventTime == null ? null : eventTime.truncatedTo(ChronoUnit.MICROS);
    }

    /** The {@code event_hour} column: see {@link #hourOf}. */
    public int eventHour() {
        return Math.toIntExact(hourOf(eventTime));
    }

    /**
     * Whole hours since the epoch of a time, in UTC: what leads the request-id and client-address
     * indexes. Led by the hour, a day's inserts land in the newest corner of those trees instead of
     * all over them (see V7). Stored as an INTEGER, which holds every time ingest accepts.
     */
    public static long hourOf(Instant time) {
        return Math.floorDiv(time.getEpochSecond(), 3600L);
    }
}
