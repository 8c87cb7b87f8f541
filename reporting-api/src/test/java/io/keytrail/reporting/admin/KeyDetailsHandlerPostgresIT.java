package io.keytrail.reporting.admin;

import io.keytrail.reporting.support.OnPostgres;

/** {@link KeyDetailsHandlerTest} with the API on PostgreSQL. */
@OnPostgres
class KeyDetailsHandlerPostgresIT extends KeyDetailsHandlerTest {
}
