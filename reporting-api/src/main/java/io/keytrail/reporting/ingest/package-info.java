/**
 * Bringing Kafka's view into the database: a background consumer of the usage topic that stores
 * each developer's window totals, idempotently, and commits its offsets only after the database
 * write. A record that cannot be read is logged and skipped; it never stops the consumer.
 */
package io.keytrail.reporting.ingest;
