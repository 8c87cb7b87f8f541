package io.keytrail.reporting.ingest;

import io.keytrail.reporting.support.OnPostgres;

/** {@link UsageIngestorIT}: storing from Kafka into PostgreSQL. */
@OnPostgres
class UsageIngestorPostgresIT extends UsageIngestorIT {
}
