package io.keytrail.reporting.admin;

import io.keytrail.reporting.support.OnPostgres;

/** {@link UpdateKeyHandlerTest} with the API on PostgreSQL. */
@OnPostgres
class UpdateKeyHandlerPostgresIT extends UpdateKeyHandlerTest {
}
