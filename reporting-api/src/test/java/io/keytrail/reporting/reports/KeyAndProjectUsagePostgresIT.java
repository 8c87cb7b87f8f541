package io.keytrail.reporting.reports;

import io.keytrail.reporting.support.OnPostgres;

/** {@link KeyAndProjectUsageTest} on PostgreSQL. */
@OnPostgres
class KeyAndProjectUsagePostgresIT extends KeyAndProjectUsageTest {
}
