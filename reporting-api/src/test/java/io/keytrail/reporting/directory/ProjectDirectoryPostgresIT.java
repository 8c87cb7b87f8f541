package io.keytrail.reporting.directory;

import io.keytrail.reporting.support.OnPostgres;

/** {@link ProjectDirectoryTest} on PostgreSQL. */
@OnPostgres
class ProjectDirectoryPostgresIT extends ProjectDirectoryTest {
}
