package io.keytrail.reporting.ingest;

import io.keytrail.events.KeyLifecycleEvent;
import io.keytrail.reporting.db.KeyEventRow;

/** A {@link KeyLifecycleEvent} from the key-events topic as a {@code key_events} row. */
public final class KeyEventMapper implements RecordMapper<KeyEventRow> {
    private final JsonRecords<KeyLifecycleEvent> json = new JsonRecords<>(KeyLifecycleEvent.class,
            KeyLifecycleEvent.SCHEMA_VERSION, KeyLifecycleEvent::schemaVersion);

    @Override
    public KeyEventRow map(byte[] value, RecordCheck check) {
        KeyLifecycleEvent e = json.read(value);
        return new KeyEventRow(
                check.requiredId(e.eventId(), "eventId", 64),
                e.type().name(),
                check.requiredTime(e.time(), "time"),
                check.requiredId(e.keyId(), "keyId", 64),
                check.id(e.projectId(), "projectId", 64),
                check.id(e.developerId(), "developerId", 256),
                check.clip(e.actor(), 256),
                e.changes().isEmpty() ? null : check.clip(String.join(",", e.changes()), 1024),
                check.id(e.relatedKeyId(), "relatedKeyId", 64),
                check.now());
    }
}
