package io.keytrail.reporting.reports;

import io.keytrail.reporting.support.OnPostgres;

/** {@link TrailHandlerTest} on PostgreSQL. */
@OnPostgres
class TrailHandlerPostgresIT extends TrailHandlerTest {
}
