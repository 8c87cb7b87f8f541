package io.keytrail.reporting.reports;

import io.keytrail.reporting.support.OnPostgres;

/** {@link UsageReportHandlerTest} with the API on PostgreSQL. */
@OnPostgres
class UsageReportHandlerPostgresIT extends UsageReportHandlerTest {
}
