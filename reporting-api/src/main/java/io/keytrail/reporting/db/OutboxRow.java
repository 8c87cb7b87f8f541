package io.keytrail.reporting.db;

import java.time.Instant;

/**
 * One record waiting for, or done with, publication to Kafka.
 *
 * @param payload     the record value as JSON text, {@code null} for a tombstone
 * @param publishedAt {@code null} until Kafka acknowledged the record
 */
public record OutboxRow(long id, String topic, String recordKey, String payload, Instant createdAt, Instant publishedAt) {
}
