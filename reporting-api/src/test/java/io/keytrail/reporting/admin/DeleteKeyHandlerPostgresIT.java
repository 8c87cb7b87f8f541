package io.keytrail.reporting.admin;

import io.keytrail.reporting.support.OnPostgres;

/** {@link DeleteKeyHandlerTest} with the API on PostgreSQL. */
@OnPostgres
class DeleteKeyHandlerPostgresIT extends DeleteKeyHandlerTest {
}
