package io.keytrail.reporting.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.keytrail.reporting.support.TestDatabase;
import io.keytrail.reporting.support.TestDatabaseExtension;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The write DAOs of ingest against a real database migrated like production's (H2 here, PostgreSQL in
 * {@link IngestDaosPostgresIT}): idempotent however often a batch comes.
 */
@ExtendWith(TestDatabaseExtension.class)
class IngestDaosTest {
    private static final Instant T0 = Instant.parse("2026-01-09T10:00:00Z");
    private static final Instant NOW = Instant.parse("2026-01-10T00:00:00Z");

    private Database database;
    private Jdbi jdbi;

    @BeforeEach
    void open(TestDatabase db) {
        database = db.connect();
        jdbi = database.jdbi();
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void theSameAuditBatchTwiceIsTheSameRowsAndTheFirstCopyStays() {
        List<AuditEventRow> batch = List.of(audit("e1", "alice", T0), audit("e2", "bob", T0.plusSeconds(1)),
                audit("e1", "alice", T0));

        jdbi.useExtension(AuditEventDao.class, dao -> dao.insertAll(batch));
        List<Map<String, Object>> first = rows("SELECT * FROM audit_events ORDER BY event_id");
        jdbi.useExtension(AuditEventDao.class, dao -> dao.insertAll(batch));
        jdbi.useExtension(AuditEventDao.class, dao -> dao.insertAll(List.of(audit("e2", "mallory", NOW))));

        assertEquals(2, first.size());
        assertEquals(first, rows("SELECT * FROM audit_events ORDER BY event_id"));
        assertEquals("bob", rows("SELECT developer_id FROM audit_events WHERE event_id = 'e2'").get(0)
                .get("developer_id"));
    }

    @Test
    void storingABatchThatMeetsStoredIdsInsertsOnlyTheNewOnesInTheSameTransaction() {
        jdbi.useTransaction(h -> h.attach(AuditEventDao.class).storeAll(List.of(audit("e1", "alice", T0),
                audit("e2", "alice", T0))));
        List<Map<String, Object>> before = rows("SELECT * FROM audit_events ORDER BY event_id");

        jdbi.useTransaction(h -> {
            h.attach(AuditEventDao.class).storeAll(List.of(audit("e2", "mallory", NOW), audit("e3", "bob", T0),
                    audit("e3", "bob", T0), audit("e1", "mallory", NOW)));
            // The transaction goes on after the fallback: the caller's other writes still commit with it.
            h.attach(KeyEventDao.class).insertAll(List.of(new KeyEventRow("k9", "CREATED", T0, "k_9", null, null,
                    "admin", null, null, NOW)));
        });

        List<Map<String, Object>> after = rows("SELECT * FROM audit_events ORDER BY event_id");
        assertEquals(3, after.size());
        assertEquals(before, after.subList(0, 2));
        assertEquals("bob", after.get(2).get("developer_id"));
        assertEquals(1, count("key_events"));
    }

    @Test
    void keyEventsAndAlertsAreStoredOncePerId() {
        KeyEventRow created = new KeyEventRow("k1", "CREATED", T0, "k_1", "p", "alice", "admin", null, null, NOW);
        KeyEventRow rotated = new KeyEventRow("k2", "ROTATED", T0, "k_1", "p", "alice", "admin", null, "k_2", NOW);
        AlertRow alert = new AlertRow("FAILURE_BURST_IP|1.2.3.4|" + T0, "FAILURE_BURST_IP", "CLIENT_IP", "1.2.3.4", T0,
                T0.plusSeconds(60), 20, 20, T0.plusSeconds(3), null, null, null, NOW);
        for (int i = 0; i < 2; i++) {
            jdbi.useExtension(KeyEventDao.class, dao -> dao.insertAll(List.of(created, rotated)));
            jdbi.useExtension(AlertDao.class, dao -> dao.insertAll(List.of(alert)));
        }
        // The same alert again later, with a higher count: still the alert first raised.
        jdbi.useExtension(AlertDao.class, dao -> dao.insertAll(List.of(new AlertRow(alert.alertId(),
                "FAILURE_BURST_IP", "CLIENT_IP", "1.2.3.4", T0, T0.plusSeconds(60), 99, 20, T0.plusSeconds(9), null,
                null, null, NOW))));

        assertEquals(2, count("key_events"));
        assertEquals("k_2", rows("SELECT related_key_id FROM key_events WHERE event_id = 'k2'").get(0)
                .get("related_key_id"));
        assertEquals(1, count("alerts"));
        assertEquals(20L, rows("SELECT observed FROM alerts").get(0).get("observed"));
    }

    @Test
    void windowsUpsertByKeyToTheLatestTotalsAndNeverGoBack() {
        UsageWindowRow early = window("alice", null, T0, 3, 1, "s1");
        UsageWindowRow later = window("alice", null, T0, 10, 4, "s2");

        jdbi.useExtension(UsageDao.class, dao -> dao.upsertWindows(List.of(early, later, later)));
        jdbi.useExtension(UsageDao.class, dao -> dao.upsertWindows(List.of(early)));

        List<Map<String, Object>> stored = rows("SELECT * FROM usage_windows");
        assertEquals(1, stored.size());
        assertEquals(10L, stored.get(0).get("success"));
        assertEquals(4L, stored.get(0).get("failure"));
        assertEquals(3600, stored.get(0).get("window_seconds"));
        assertEquals("s2", stored.get(0).get("latency_sketch"));
        assertEquals("{\"2xx\":10}", stored.get(0).get("status_classes"));
        assertEquals(99L, stored.get(0).get("latency_p99_micros"));
    }

    @Test
    void keyWindowsUpsertLikewise() {
        UsageWindowRow early = window("alice", "k_1", T0, 1, 0, "a");
        UsageWindowRow later = window("alice", "k_1", T0, 2, 0, "b");
        UsageWindowRow otherKey = window("alice", "k_2", T0, 7, 0, "c");

        jdbi.useExtension(KeyUsageDao.class, dao -> dao.upsertAll(List.of(early, later, otherKey)));
        jdbi.useExtension(KeyUsageDao.class, dao -> dao.upsertAll(List.of(early, otherKey)));

        List<Map<String, Object>> stored = rows("SELECT key_id, success, project_id, latency_sketch FROM key_usage_windows"
                + " ORDER BY key_id");
        assertEquals(2, stored.size());
        assertEquals(2L, stored.get(0).get("success"));
        assertEquals("b", stored.get(0).get("latency_sketch"));
        assertEquals("p_shop", stored.get(0).get("project_id"));
        assertEquals(7L, stored.get(1).get("success"));
    }

    @Test
    void theFirstCountsOnlyUpsertStillWorksAndNowRecordsTheWindowSize() {
        jdbi.useExtension(UsageDao.class, dao -> dao.upsert(new UsageRow("carol", T0, T0.plusSeconds(60), 1, 0, T0, NOW)));

        assertEquals(60, rows("SELECT window_seconds FROM usage_windows").get(0).get("window_seconds"));
    }

    @Test
    void lastSeenKeepsTheWidestSpanWhateverTheOrder() {
        LastSeenRow middle = new LastSeenRow("KEY", "k_1", "alice", "p", T0.plusSeconds(10), T0.plusSeconds(20),
                T0.plusSeconds(15), NOW);
        LastSeenRow earlier = new LastSeenRow("KEY", "k_1", null, null, T0, T0.plusSeconds(5), null, NOW);
        LastSeenRow latest = new LastSeenRow("KEY", "k_1", "alice", "p2", T0.plusSeconds(30), T0.plusSeconds(40),
                null, NOW);

        jdbi.useExtension(LastSeenDao.class, dao -> dao.upsertAll(List.of(middle, earlier, latest, middle)));

        Map<String, Object> row = rows("SELECT * FROM last_seen").get(0);
        assertEquals(1, count("last_seen"));
        assertEquals(T0, instant(row.get("first_seen")));
        assertEquals(T0.plusSeconds(40), instant(row.get("last_seen")));
        assertEquals(T0.plusSeconds(15), instant(row.get("last_success")));
        assertEquals("alice", row.get("developer_id"));
        assertEquals("p2", row.get("project_id"));
    }

    @Test
    void progressKeepsTheLatestStoredTimeAndCaughtUpMarksAlsoEmptyPartitions() {
        jdbi.useExtension(IngestProgressDao.class, dao -> dao.recordBatches(List.of(
                new IngestProgressRow("t", 0, 10, T0.plusSeconds(10), null, NOW))));
        // A rewind re-reads older records: the offset follows, the stored time does not go back.
        jdbi.useExtension(IngestProgressDao.class, dao -> dao.recordBatches(List.of(
                new IngestProgressRow("t", 0, 5, T0.plusSeconds(5), null, NOW))));
        jdbi.useExtension(IngestProgressDao.class, dao -> dao.markCaughtUp(List.of(
                new IngestProgressRow("t", 0, 12, null, NOW, NOW),
                new IngestProgressRow("t", 1, 0, null, NOW, NOW))));

        List<IngestProgressRow> progress = jdbi.withExtension(IngestProgressDao.class, IngestProgressDao::all);
        assertEquals(List.of(new IngestProgressRow("t", 0, 12, T0.plusSeconds(10), NOW, NOW),
                new IngestProgressRow("t", 1, 0, null, NOW, NOW)), progress);
        assertNull(progress.get(1).storedUpTo());
    }

    static AuditEventRow audit(String id, String developer, Instant time) {
        return new AuditEventRow(id, "AUTH_SUCCESS", time, "r-" + id, "gw", "orders", "/orders", "GET", "/orders", 200,
                1000L, 800L, "10.0.0.1", "curl", "k_" + developer, "AbCd", "HEADER", "KEY", developer, "p", null, NOW);
    }

    static UsageWindowRow window(String developer, String keyId, Instant start, long success, long failure,
                                 String sketch) {
        return new UsageWindowRow(developer, keyId, keyId == null ? null : "p_shop", start, start.plusSeconds(3600),
                3600, success, failure, start, start.plusSeconds(59), "{}", "{\"2xx\":" + success + "}", "[]", "[]",
                10L, 50L, 99L, 120L, sketch, 3L, "hll", NOW);
    }

    private List<Map<String, Object>> rows(String sql) {
        return jdbi.withHandle(h -> h.createQuery(sql).mapToMap().list());
    }

    private int count(String table) {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM " + table).mapTo(Integer.class).one());
    }

    // A TIMESTAMP WITH TIME ZONE column read untyped (mapToMap) is an OffsetDateTime from H2 but a
    // java.sql.Timestamp from pgjdbc; both hold the stored instant, so either is compared as one.
    private static Instant instant(Object value) {
        if (value instanceof java.time.OffsetDateTime offset) {
            return offset.toInstant();
        }
        if (value instanceof java.sql.Timestamp timestamp) {
            return timestamp.toInstant();
        }
        throw new AssertionError("not a timestamp with time zone: " + value);
    }
}
