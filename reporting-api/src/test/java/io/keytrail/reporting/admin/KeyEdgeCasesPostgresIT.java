package io.keytrail.reporting.admin;

import io.keytrail.reporting.support.OnPostgres;

/** {@link KeyEdgeCasesTest} with the API on PostgreSQL. */
@OnPostgres
class KeyEdgeCasesPostgresIT extends KeyEdgeCasesTest {
}
