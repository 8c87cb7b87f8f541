package io.keytrail.reporting.ingest;

import io.keytrail.reporting.support.OnPostgres;

/** {@link RetentionSweeperTest} on PostgreSQL. */
@OnPostgres
class RetentionSweeperPostgresIT extends RetentionSweeperTest {
}
