package io.keytrail.reporting.db;

import io.keytrail.reporting.support.OnPostgres;

/** {@link IngestDaosTest} on PostgreSQL. */
@OnPostgres
class IngestDaosPostgresIT extends IngestDaosTest {
}
