/**
 * Reports for admins, and a developer's own usage for the developer, answered from the database
 * that ingest keeps current: usage per developer, project and key at minute, hour or day
 * granularity, top developers, dormant keys, the traceability trail and failures. Every report
 * reads indexed, bounded ranges or pre-aggregated windows, says up to when its data is complete,
 * and can be exported as CSV.
 */
package io.keytrail.reporting.reports;
