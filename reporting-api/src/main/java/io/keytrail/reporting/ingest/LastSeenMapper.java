package io.keytrail.reporting.ingest;

import io.keytrail.events.LastSeen;
import io.keytrail.reporting.db.LastSeenRow;
import java.time.Instant;

/** A {@link LastSeen} from the last-seen topic as a {@code last_seen} row. */
public final class LastSeenMapper implements RecordMapper<LastSeenRow> {
    private final JsonRecords<LastSeen> json = new JsonRecords<>(LastSeen.class, LastSeen.SCHEMA_VERSION,
            LastSeen::schemaVersion);

    @Override
    public LastSeenRow map(byte[] value, RecordCheck check) {
        LastSeen s = json.read(value);
        Instant firstSeen = check.requiredTime(s.firstSeen(), "firstSeen");
        Instant lastSeen = check.requiredTime(s.lastSeen(), "lastSeen");
        if (lastSeen.isBefore(firstSeen)) {
            throw new SkippedRecord(SkipReason.INVALID_VALUE, "lastSeen is before firstSeen");
        }
        int maxId = s.subjectType() == LastSeen.SubjectType.KEY ? 64 : 256;
        return new LastSeenRow(
                s.subjectType().name(),
                check.requiredId(s.subjectId(), "subjectId", maxId),
                check.id(s.developerId(), "developerId", 256),
                check.id(s.projectId(), "projectId", 64),
                firstSeen,
                lastSeen,
                check.time(s.lastSuccess(), "lastSuccess"),
                check.now());
    }
}
