package io.keytrail.reporting.reports;

import io.keytrail.reporting.support.OnPostgres;

/** {@link FailureReportHandlerTest} on PostgreSQL. */
@OnPostgres
class FailureReportHandlerPostgresIT extends FailureReportHandlerTest {
}
