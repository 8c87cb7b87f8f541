package io.keytrail.reporting.admin;

import io.keytrail.reporting.support.OnPostgres;

/** {@link CreateKeySettingsTest} with the API on PostgreSQL. */
@OnPostgres
class CreateKeySettingsPostgresIT extends CreateKeySettingsTest {
}
