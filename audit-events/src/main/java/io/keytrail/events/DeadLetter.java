package io.keytrail.events;

import java.time.Instant;
import java.util.Objects;

/**
 * An input record audit-streams could not count, published on the {@code audit-dlq} topic keyed
 * by {@code topic-partition@offset} so a replay overwrites nothing and duplicates are visible.
 * The original bytes are kept (up to {@link #MAX_VALUE_BYTES}) so the record can be inspected and
 * replayed once the producer is fixed.
 *
 * @param detail     what exactly was wrong, for humans
 * @param recordTime the input record's timestamp
 * @param valueSize  the original value's size in bytes, even when {@code value} was cut short
 * @param value      the original value, at most {@link #MAX_VALUE_BYTES} bytes
 */
public record DeadLetter(
        int schemaVersion,
        Reason reason,
        String detail,
        String topic,
        int partition,
        long offset,
        Instant recordTime,
        String key,
        int valueSize,
        byte[] value) {

    public static final int SCHEMA_VERSION = 1;
    public static final int MAX_VALUE_BYTES = 16 * 1024;

    /** Why the record was not counted. */
    public enum Reason {
        /** Not JSON, or not an auth event: wrong types, or a required field (id, type, time) missing. */
        UNREADABLE,
        /** A schema version this application does not know. */
        UNKNOWN_SCHEMA_VERSION,
        /** A field the aggregates need is missing. */
        MISSING_FIELD,
        /** A field has a value that cannot be right, such as status 42. */
        INVALID_FIELD,
        /** A text field longer than the configured maximum. */
        FIELD_TOO_LONG,
        /** The event time is further in the future than the allowed clock skew. */
        TIME_IN_FUTURE,
        /** The event time is older than the maximum event age. */
        TIME_TOO_OLD
    }

    public DeadLetter {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(topic, "topic");
    }

    public static String key(String topic, int partition, long offset) {
        return topic + '-' + partition + '@' + offset;
    }
}
