package io.keytrail.reporting.ingest;

/** Turns one topic's record value into the row to store, or refuses it with a {@link SkippedRecord}. */
@FunctionalInterface
public interface RecordMapper<R> {

    /**
     * @param value the record's value, never {@code null} (tombstones do not reach mappers)
     * @param check the field rules for this record; it remembers whether a field was clipped
     * @throws SkippedRecord when the record is not to be stored
     */
    R map(byte[] value, RecordCheck check);
}
