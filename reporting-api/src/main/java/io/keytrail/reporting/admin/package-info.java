/**
 * Key management for admins: issuing a key for a developer in a project, looking it up, revealing
 * it again from its sealed copy and revoking it. Every change, and every reveal, is recorded in
 * the outbox in the same transaction (the key's record for gateways, a lifecycle event for the
 * audit trail) so that Kafka learns of it exactly when the database does.
 */
package io.keytrail.reporting.admin;
