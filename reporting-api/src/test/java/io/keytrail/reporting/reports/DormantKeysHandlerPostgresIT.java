package io.keytrail.reporting.reports;

import io.keytrail.reporting.support.OnPostgres;

/** {@link DormantKeysHandlerTest} on PostgreSQL. */
@OnPostgres
class DormantKeysHandlerPostgresIT extends DormantKeysHandlerTest {
}
