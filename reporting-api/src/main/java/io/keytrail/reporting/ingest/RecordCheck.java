package io.keytrail.reporting.ingest;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The field rules every mapper applies, for one record. Identifiers that do not fit their column
 * refuse the record, since a cut identifier would name something else; descriptive text is cut
 * to fit, and the record is counted as clipped. Times must be plausible: from 2000 up to a day
 * ahead of this machine's clock.
 */
public final class RecordCheck {
    /** Nothing keytrail records happened before this. */
    static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");
    /** How far ahead of our clock a producer's clock may be before its times are refused. */
    static final Duration MAX_AHEAD = Duration.ofDays(1);

    private final Instant now;
    private final Instant latest;
    private boolean clipped;

    public RecordCheck(Instant now) {
        this.now = Objects.requireNonNull(now, "now");
        this.latest = now.plus(MAX_AHEAD);
    }

    /** When the record is being ingested. */
    public Instant now() {
        return now;
    }

    /** Whether a field of this record was cut or dropped to be stored. */
    public boolean clipped() {
        return clipped;
    }

    /** Notes that a field of this record was dropped to be stored, such as an unreadable sketch. */
    public void markClipped() {
        clipped = true;
    }

    /** An identifier that must be present. */
    public String requiredId(String value, String field, int maxLength) {
        if (value == null || value.isBlank()) {
            throw new SkippedRecord(SkipReason.MISSING_FIELD, field + " is missing");
        }
        return id(value, field, maxLength);
    }

    /** An optional identifier: absent stays {@code null}; too long refuses the record. */
    public String id(String value, String field, int maxLength) {
        if (value != null && value.length() > maxLength) {
            throw new SkippedRecord(SkipReason.INVALID_VALUE, field + " is longer than " + maxLength + " characters");
        }
        return value;
    }

    /** Descriptive text, cut to {@code maxLength} characters (never inside a surrogate pair). */
    public String clip(String value, int maxLength) {
        if (value == null || value.length() <= maxLength) {
            return value;
        }
        clipped = true;
        int end = Character.isHighSurrogate(value.charAt(maxLength - 1)) ? maxLength - 1 : maxLength;
        return value.substring(0, end);
    }

    public Instant requiredTime(Instant value, String field) {
        if (value == null) {
            throw new SkippedRecord(SkipReason.MISSING_FIELD, field + " is missing");
        }
        return time(value, field);
    }

    /** An optional time; a present one must be plausible. */
    public Instant time(Instant value, String field) {
        if (value != null && (value.isBefore(EARLIEST) || value.isAfter(latest))) {
            throw new SkippedRecord(SkipReason.ABSURD_TIME, field + " is before 2000 or more than a day ahead");
        }
        return value;
    }

    public long count(long value, String field) {
        if (value < 0) {
            throw new SkippedRecord(SkipReason.INVALID_VALUE, field + " is negative");
        }
        return value;
    }

    public Long count(Long value, String field) {
        return value == null ? null : count(value.longValue(), field);
    }

    public <E extends Enum<E>> String required(E value, String field) {
        if (value == null) {
            throw new SkippedRecord(SkipReason.MISSING_FIELD, field + " is missing");
        }
        return value.name();
    }

    public static <E extends Enum<E>> String name(E value) {
        return value == null ? null : value.name();
    }
}
