package io.keytrail.reporting.reports;

import io.keytrail.reporting.support.OnPostgres;

/** {@link SelfUsageHandlerTest} on PostgreSQL. */
@OnPostgres
class SelfUsageHandlerPostgresIT extends SelfUsageHandlerTest {
}
