package io.keytrail.reporting.admin;

import io.keytrail.reporting.support.OnPostgres;

/** {@link RevealKeyHandlerTest} with the API on PostgreSQL. */
@OnPostgres
class RevealKeyHandlerPostgresIT extends RevealKeyHandlerTest {
}
