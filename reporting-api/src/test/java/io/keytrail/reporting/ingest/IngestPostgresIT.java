package io.keytrail.reporting.ingest;

import io.keytrail.reporting.support.OnPostgres;

/** {@link IngestIT} on PostgreSQL. */
@OnPostgres
class IngestPostgresIT extends IngestIT {
}
