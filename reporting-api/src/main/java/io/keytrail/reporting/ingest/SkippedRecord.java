package io.keytrail.reporting.ingest;

import java.util.Objects;

/**
 * Thrown by a {@link RecordMapper} for a record it will not store. The detail is text of ingest's
 * own (a field name, a rule), never a value from the record, so it may be logged: a corrupt record
 * could hold anything, a raw key included.
 */
public final class SkippedRecord extends RuntimeException {
    private final SkipReason reason;

    public SkippedRecord(SkipReason reason, String detail) {
        super(detail, null, false, false);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public SkipReason reason() {
        return reason;
    }
}
