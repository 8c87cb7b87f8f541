package io.keytrail.reporting.admin;

import io.keytrail.reporting.support.OnPostgres;

/** {@link KeyExpiryTest} with the API on PostgreSQL. */
@OnPostgres
class KeyExpiryPostgresIT extends KeyExpiryTest {
}
