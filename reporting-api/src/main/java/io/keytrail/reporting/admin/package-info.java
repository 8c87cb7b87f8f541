/**
 * Key management for admins: issuing a key for a developer in a project, storing only its hash,
 * and recording the change in the outbox in the same transaction so that gateways learn of it
 * through Kafka exactly when the database does.
 */
package io.keytrail.reporting.admin;
