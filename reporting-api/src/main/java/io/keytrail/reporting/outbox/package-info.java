/**
 * Getting committed changes onto Kafka: a background publisher drains the outbox table in id
 * order with an idempotent producer, and marks rows published only once Kafka has acknowledged
 * them. Kafka being away delays publication; it never loses a change or blocks a request.
 */
package io.keytrail.reporting.outbox;
