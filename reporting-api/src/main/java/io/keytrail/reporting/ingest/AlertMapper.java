package io.keytrail.reporting.ingest;

import io.keytrail.events.Alert;
import io.keytrail.reporting.db.AlertRow;
import java.time.Instant;

/** An {@link Alert} from the alerts topic as an {@code alerts} row. */
public final class AlertMapper implements RecordMapper<AlertRow> {
    private final JsonRecords<Alert> json = new JsonRecords<>(Alert.class, Alert.SCHEMA_VERSION, Alert::schemaVersion);

    @Override
    public AlertRow map(byte[] value, RecordCheck check) {
        Alert a = json.read(value);
        Instant start = check.requiredTime(a.windowStart(), "windowStart");
        Instant end = check.requiredTime(a.windowEnd(), "windowEnd");
        if (!end.isAfter(start)) {
            throw new SkippedRecord(SkipReason.INVALID_VALUE, "windowEnd is not after windowStart");
        }
        return new AlertRow(
                check.requiredId(a.alertId(), "alertId", 256),
                a.type().name(),
                a.subjectType().name(),
                check.requiredId(a.subject(), "subject", 256),
                start,
                end,
                check.count(a.observed(), "observed"),
                check.count(a.threshold(), "threshold"),
                check.requiredTime(a.time(), "time"),
                RecordCheck.name(a.reason()),
                check.id(a.developerId(), "developerId", 256),
                check.id(a.projectId(), "projectId", 64),
                check.now());
    }
}
