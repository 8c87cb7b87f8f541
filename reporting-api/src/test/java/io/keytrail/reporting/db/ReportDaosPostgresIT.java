package io.keytrail.reporting.db;

import io.keytrail.reporting.support.OnPostgres;

/** {@link ReportDaosTest} on PostgreSQL. */
@OnPostgres
class ReportDaosPostgresIT extends ReportDaosTest {
}
