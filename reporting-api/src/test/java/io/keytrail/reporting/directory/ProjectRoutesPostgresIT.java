package io.keytrail.reporting.directory;

import io.keytrail.reporting.support.OnPostgres;

/** {@link ProjectRoutesTest} with the API on PostgreSQL. */
@OnPostgres
class ProjectRoutesPostgresIT extends ProjectRoutesTest {
}
