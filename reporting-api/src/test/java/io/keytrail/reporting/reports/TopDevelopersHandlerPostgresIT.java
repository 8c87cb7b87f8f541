package io.keytrail.reporting.reports;

import io.keytrail.reporting.support.OnPostgres;

/** {@link TopDevelopersHandlerTest} on PostgreSQL. */
@OnPostgres
class TopDevelopersHandlerPostgresIT extends TopDevelopersHandlerTest {
}
