package io.keytrail.reporting.admin;

import io.keytrail.reporting.support.OnPostgres;

/** {@link CreateKeyHandlerTest} with the API on PostgreSQL. */
@OnPostgres
class CreateKeyHandlerPostgresIT extends CreateKeyHandlerTest {
}
