package io.keytrail.reporting.admin;

import io.keytrail.reporting.support.OnPostgres;

/** {@link ImportKeyTest} with the API on PostgreSQL. */
@OnPostgres
class ImportKeyPostgresIT extends ImportKeyTest {
}
