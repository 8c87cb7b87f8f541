package io.keytrail.reporting.directory;

import io.keytrail.reporting.support.OnPostgres;

/** {@link DeveloperDirectoryTest} on PostgreSQL. */
@OnPostgres
class DeveloperDirectoryPostgresIT extends DeveloperDirectoryTest {
}
