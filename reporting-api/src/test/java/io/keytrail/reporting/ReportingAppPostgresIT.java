package io.keytrail.reporting;

import io.keytrail.reporting.support.OnPostgres;

/** {@link ReportingAppIT}: the whole app on PostgreSQL, chosen by the environment variables an operator sets. */
@OnPostgres
class ReportingAppPostgresIT extends ReportingAppIT {
}
