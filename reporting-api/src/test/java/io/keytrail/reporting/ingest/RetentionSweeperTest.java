package io.keytrail.reporting.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.keytrail.reporting.config.ReportingSettings;
import io.keytrail.reporting.db.AlertDao;
import io.keytrail.reporting.db.AlertRow;
import io.keytrail.reporting.db.AuditEventDao;
import io.keytrail.reporting.db.AuditEventRow;
import io.keytrail.reporting.db.Database;
import io.keytrail.reporting.db.KeyEventDao;
import io.keytrail.reporting.db.KeyEventRow;
import io.keytrail.reporting.db.KeyUsageDao;
import io.keytrail.reporting.db.UsageDao;
import io.keytrail.reporting.db.UsageWindowRow;
import io.keytrail.reporting.support.TestDatabase;
import io.keytrail.reporting.support.TestDatabaseExtension;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The retention sweep on a real database: H2 here, PostgreSQL in {@link RetentionSweeperPostgresIT}. */
@ExtendWith(TestDatabaseExtension.class)
class RetentionSweeperTest {
    private static final Instant NOW = Instant.parse("2026-01-10T00:00:00Z");

    @Test
    void deletesWhatIsOlderThanItsRetentionInSmallBatchesAndKeepsTheRest(TestDatabase db) {
        try (Database database = db.connect()) {
            Jdbi jdbi = database.jdbi();
            List<AuditEventRow> events = new ArrayList<>();
            for (int i = 0; i < 25; i++) {
                // 0 to 24 days old (and a second): 10 days of retention keeps the ten youngest.
                events.add(audit("e" + i, NOW.minus(Duration.ofDays(i)).minusSeconds(1)));
            }
            jdbi.useExtension(AuditEventDao.class, dao -> dao.insertAll(events));
            jdbi.useExtension(KeyEventDao.class, dao -> dao.insertAll(List.of(
                    new KeyEventRow("old", "CREATED", NOW.minus(Duration.ofDays(11)), "k", null, null, "a", null, null, NOW),
                    new KeyEventRow("new", "CREATED", NOW.minus(Duration.ofDays(9)), "k", null, null, "a", null, null, NOW))));
            jdbi.useExtension(AlertDao.class, dao -> dao.insertAll(List.of(alert("old", NOW.minus(Duration.ofDays(11))),
                    alert("new", NOW.minus(Duration.ofDays(1))))));
            jdbi.useExtension(UsageDao.class, dao -> dao.upsertWindows(List.of(
                    window("alice", null, NOW.minus(Duration.ofDays(101))),
                    window("alice", null, NOW.minus(Duration.ofDays(99))))));
            jdbi.useExtension(KeyUsageDao.class, dao -> dao.upsertAll(List.of(
                    window("alice", "k_1", NOW.minus(Duration.ofDays(101))),
                    window("alice", "k_1", NOW.minus(Duration.ofDays(200))),
                    window("alice", "k_1", NOW.minus(Duration.ofDays(1))))));

            ReportingSettings.Retention retention = new ReportingSettings.Retention(10, 100, Duration.ofHours(1), 4);
            RetentionSweeper sweeper = new RetentionSweeper(jdbi, retention, Clock.fixed(NOW, ZoneOffset.UTC));
            try {
                sweeper.sweep();
                assertEquals(0, sweeper.sweep(), "a second sweep finds nothing left to delete");
            } finally {
                sweeper.close();
            }

            assertEquals(10, count(jdbi, "audit_events"));
            assertEquals(0, count(jdbi, "audit_events WHERE event_time < TIMESTAMP WITH TIME ZONE '2025-12-31 00:00:00Z'"));
            assertEquals(List.of("new"), ids(jdbi, "SELECT event_id FROM key_events"));
            assertEquals(List.of("new"), ids(jdbi, "SELECT alert_id FROM alerts"));
            assertEquals(1, count(jdbi, "usage_windows"));
            assertEquals(1, count(jdbi, "key_usage_windows"));
        }
    }

    private static AuditEventRow audit(String id, Instant time) {
        return new AuditEventRow(id, "AUTH_SUCCESS", time, null, null, null, null, null, null, 200, null, null, null,
                null, null, null, null, null, "alice", null, null, NOW);
    }

    private static AlertRow alert(String id, Instant time) {
        return new AlertRow(id, "FAILURE_BURST_IP", "CLIENT_IP", "1.2.3.4", time, time.plusSeconds(60), 1, 1, time,
                null, null, null, NOW);
    }

    private static UsageWindowRow window(String developer, String keyId, Instant around) {
        Instant start = Instant.ofEpochSecond(around.getEpochSecond() / 3600 * 3600);
        return new UsageWindowRow(developer, keyId, null, start, start.plusSeconds(3600), 3600, 1, 0, null, null, null,
                null, null, null, null, null, null, null, null, null, null, NOW);
    }

    private static int count(Jdbi jdbi, String from) {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM " + from).mapTo(Integer.class).one());
    }

    private static List<String> ids(Jdbi jdbi, String sql) {
        return jdbi.withHandle(h -> h.createQuery(sql).mapTo(String.class).list());
    }
}
