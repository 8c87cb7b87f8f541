package io.keytrail.gateway.config;

/**
 * How audit events leave the request path.
 *
 * @param bufferCapacity events held in memory between the request path and the Kafka producer
 */
public record AuditSettings(Integer bufferCapacity) {
    public static final int DEFAULT_BUFFER_CAPACITY = 65_536;

    public AuditSettings {
        bufferCapacity = bufferCapacity == null ? DEFAULT_BUFFER_CAPACITY : bufferCapacity;
        if (bufferCapacity < 16 || bufferCapacity > 16_777_216) {
            throw new ConfigException("buffer-capacity", "must be between 16 and 16777216, got " + bufferCapacity);
        }
    }
}
