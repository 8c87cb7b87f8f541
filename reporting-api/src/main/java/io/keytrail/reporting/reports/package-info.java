/**
 * Reports for admins, answered from the database that ingest keeps current: today, one
 * developer's usage windows over a bounded time range.
 */
package io.keytrail.reporting.reports;
