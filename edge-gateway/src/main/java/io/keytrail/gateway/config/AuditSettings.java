package io.keytrail.gateway.config;

/**
 * How audit events leave the request path.
 *
 * @param bufferCapacity events held in memory between the request path and the Kafka producer
 * @param spillAfterMs   how long Kafka may leave sent events unacknowledged before new events go
 *                       to the disk spool instead
 * @param spool          the disk spool
 */
public record AuditSettings(Integer bufferCapacity, Integer spillAfterMs, AuditSpoolSettings spool) {
    public static final int DEFAULT_BUFFER_CAPACITY = 65_536;
    public static final int DEFAULT_SPILL_AFTER_MS = 2_000;

    public AuditSettings {
        bufferCapacity = bufferCapacity == null ? DEFAULT_BUFFER_CAPACITY : bufferCapacity;
        if (bufferCapacity < 16 || bufferCapacity > 16_777_216) {
            throw new ConfigException("buffer-capacity", "must be between 16 and 16777216, got " + bufferCapacity);
        }
        spillAfterMs = spillAfterMs == null ? DEFAULT_SPILL_AFTER_MS : spillAfterMs;
        if (spillAfterMs < 50 || spillAfterMs > 600_000) {
            throw new ConfigException("spill-after-ms", "must be between 50 and 600000, got " + spillAfterMs);
        }
        spool = spool == null ? AuditSpoolSettings.defaults() : spool;
    }

    /** With the default spill delay and spool. */
    public AuditSettings(Integer bufferCapacity) {
        this(bufferCapacity, null, null);
    }
}
