package io.keytrail.reporting.admin;

import io.keytrail.reporting.support.OnPostgres;

/** {@link RotateKeyHandlerTest} with the API on PostgreSQL. */
@OnPostgres
class RotateKeyHandlerPostgresIT extends RotateKeyHandlerTest {
}
