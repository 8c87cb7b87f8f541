package io.keytrail.reporting.ingest;

/** Why ingest passed over a record instead of storing it; each is counted per topic. */
public enum SkipReason {
    /** A null value: on compacted topics it only compacts, on the others it means nothing. */
    TOMBSTONE,
    /** Not JSON, or not the record's JSON shape. */
    CORRUPT,
    /** A schema version this reporting-api does not know: newer producers, or none at all. */
    UNKNOWN_SCHEMA_VERSION,
    /** A field the record cannot do without is absent. */
    MISSING_FIELD,
    /** A time before 2000 or more than a day ahead of this machine's clock. */
    ABSURD_TIME,
    /** A value out of range: a negative count, an unknown enum value, an identifier too long to store whole. */
    INVALID_VALUE
}
