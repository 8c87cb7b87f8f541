package io.keytrail.reporting.admin;

import io.keytrail.reporting.support.OnPostgres;

/** {@link ListKeysHandlerTest} with the API on PostgreSQL. */
@OnPostgres
class ListKeysHandlerPostgresIT extends ListKeysHandlerTest {
}
