package io.keytrail.reporting.directory;

import io.keytrail.reporting.support.OnPostgres;

/** {@link DeveloperRoutesTest} with the API on PostgreSQL. */
@OnPostgres
class DeveloperRoutesPostgresIT extends DeveloperRoutesTest {
}
