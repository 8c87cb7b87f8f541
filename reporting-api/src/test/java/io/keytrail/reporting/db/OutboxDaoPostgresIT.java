package io.keytrail.reporting.db;

import io.keytrail.reporting.support.OnPostgres;

/** {@link OutboxDaoTest} on PostgreSQL. */
@OnPostgres
class OutboxDaoPostgresIT extends OutboxDaoTest {
}
