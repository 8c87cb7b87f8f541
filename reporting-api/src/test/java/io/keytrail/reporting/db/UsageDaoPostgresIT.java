package io.keytrail.reporting.db;

import io.keytrail.reporting.support.OnPostgres;

/** {@link UsageDaoTest} on PostgreSQL. */
@OnPostgres
class UsageDaoPostgresIT extends UsageDaoTest {
}
