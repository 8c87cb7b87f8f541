package io.keytrail.reporting.outbox;

import io.keytrail.reporting.support.OnPostgres;

/** {@link OutboxPublisherIT}: the outbox in PostgreSQL. */
@OnPostgres
class OutboxPublisherPostgresIT extends OutboxPublisherIT {
}
