/**
 * Bringing Kafka's view into the database: background consumers of the auth, key-event, alert,
 * usage, key-usage and last-seen topics that store every record idempotently (events once per id,
 * windows and last-seen by key), record how far each partition is stored, and commit offsets only
 * after the database transaction. A record that cannot be read or stored whole is counted and
 * skipped or clipped; it never stops ingest. Also the retention sweeper that deletes expired rows.
 */
package io.keytrail.reporting.ingest;
