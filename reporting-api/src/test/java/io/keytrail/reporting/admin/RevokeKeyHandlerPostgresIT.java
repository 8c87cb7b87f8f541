package io.keytrail.reporting.admin;

import io.keytrail.reporting.support.OnPostgres;

/** {@link RevokeKeyHandlerTest} with the API on PostgreSQL. */
@OnPostgres
class RevokeKeyHandlerPostgresIT extends RevokeKeyHandlerTest {
}
