package io.keytrail.reporting.ingest;

import io.keytrail.events.AuthEvent;
import io.keytrail.events.AuthMethod;
import io.keytrail.reporting.db.AuditEventRow;
import java.util.stream.Collectors;

/** An {@link AuthEvent} from either auth topic as an {@code audit_events} row. */
public final class AuthEventMapper implements RecordMapper<AuditEventRow> {
    private final JsonRecords<AuthEvent> json = new JsonRecords<>(AuthEvent.class, AuthEvent.SCHEMA_VERSION,
            AuthEvent::schemaVersion);

    @Override
    public AuditEventRow map(byte[] value, RecordCheck check) {
        AuthEvent e = json.read(value);
        if (e.status() < 0 || e.status() > 999) {
            throw new SkippedRecord(SkipReason.INVALID_VALUE, "status is not an HTTP status");
        }
        AuthEvent.Latency latency = e.latency();
        AuthEvent.Client client = e.client();
        AuthEvent.Credential credential = e.credential();
        return new AuditEventRow(
                check.requiredId(e.eventId(), "eventId", 64),
                e.type().name(),
                check.requiredTime(e.time(), "time"),
                check.clip(e.requestId(), 128),
                check.clip(e.gatewayNode(), 128),
                check.id(e.apiId(), "apiId", 128),
                check.clip(e.route(), 512),
                check.clip(e.method(), 16),
                check.clip(e.path(), 2048),
                e.status(),
                latency == null ? null : check.count(latency.totalMicros(), "latency.totalMicros"),
                latency == null ? null : check.count(latency.upstreamMicros(), "latency.upstreamMicros"),
                client == null ? null : check.id(client.ip(), "client.ip", 64),
                client == null ? null : check.clip(client.userAgent(), 512),
                credential == null ? null : check.id(credential.keyId(), "credential.keyId", 64),
                // A hint is a few characters of the presented key: never store more than the column's 8.
                credential == null ? null : check.clip(credential.keyHint(), 8),
                credential == null ? null : RecordCheck.name(credential.location()),
                credential == null || credential.methods().isEmpty() ? null : check.clip(credential.methods().stream()
                        .map(AuthMethod::name).collect(Collectors.joining(",")), 32),
                check.id(e.developerId(), "developerId", 256),
                check.id(e.projectId(), "projectId", 64),
                RecordCheck.name(e.reason()),
                check.now());
    }
}
