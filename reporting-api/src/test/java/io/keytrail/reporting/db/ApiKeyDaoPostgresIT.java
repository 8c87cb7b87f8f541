package io.keytrail.reporting.db;

import io.keytrail.reporting.support.OnPostgres;

/** {@link ApiKeyDaoTest} on PostgreSQL. */
@OnPostgres
class ApiKeyDaoPostgresIT extends ApiKeyDaoTest {
}
