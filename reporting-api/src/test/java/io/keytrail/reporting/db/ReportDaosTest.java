package io.keytrail.reporting.db;

import static io.keytrail.reporting.support.ReportRows.window;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keytrail.events.KeyStatus;
import io.keytrail.reporting.support.KeyRows;
import io.keytrail.reporting.support.ReportRows;
import io.keytrail.reporting.support.TestDatabase;
import io.keytrail.reporting.support.TestDatabaseExtension;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.Function;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The read-side DAOs of the reports against a real database migrated like production's (H2 here,
 * PostgreSQL in {@link ReportDaosPostgresIT}).
 */
@ExtendWith(TestDatabaseExtension.class)
class ReportDaosTest {
    private static final Instant T0 = Instant.parse("2024-05-01T00:00:00Z");
    private static final Instant FAR = Instant.parse("2100-01-01T00:00:00Z");

    private Database database;
    private Jdbi jdbi;

    @BeforeEach
    void open(TestDatabase db) {
        database = db.connect();
        jdbi = database.jdbi();
        jdbi.useHandle(h -> {
            h.attach(ProjectDao.class).ensure("mobile", T0);
            h.attach(DeveloperDao.class).ensure("alice", T0);
            h.attach(DeveloperDao.class).ensure("bob", T0);
        });
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void usageWindowsAreReadBySizeWithinTheHalfOpenRange() {
        ReportRows.developerWindow(jdbi, "alice", window(T0.minusSeconds(60), 60).counts(1, 0));
        ReportRows.developerWindow(jdbi, "alice", window(T0, 60).counts(2, 0).failures("UNKNOWN_KEY", 3)
                .latencies(5).ips("1.2.3.4"));
        ReportRows.developerWindow(jdbi, "alice", window(T0.plusSeconds(60), 60).counts(3, 0));
        ReportRows.developerWindow(jdbi, "alice", window(T0.plusSeconds(120), 60).counts(4, 0));
        ReportRows.developerWindow(jdbi, "alice", window(T0, 3600).counts(9, 0));
        ReportRows.developerWindow(jdbi, "bob", window(T0, 60).counts(7, 0));

        List<UsageWindowView> rows = jdbi.withExtension(UsageReportDao.class,
                dao -> dao.developerWindows("alice", 60, T0, T0.plusSeconds(120)));

        assertEquals(List.of(2L, 3L), rows.stream().map(UsageWindowView::success).toList());
        UsageWindowView first = rows.get(0);
        assertEquals("alice", first.subjectId());
        assertEquals("{\"UNKNOWN_KEY\":3}", first.failures());
        assertEquals(5L, first.latencyMaxMicros());
        assertEquals(1L, first.clientIps());
        assertTrue(first.latencySketch() != null && first.clientIpSketch() != null);
        assertNull(rows.get(1).latencySketch(), "no sketch stays null, never empty");
    }

    @Test
    void keyAndProjectWindowsComeFromTheKeyWindows() {
        ReportRows.keyWindow(jdbi, "key_a", "mobile", "alice", window(T0, 60).counts(1, 1));
        ReportRows.keyWindow(jdbi, "key_b", "mobile", "bob", window(T0, 60).counts(2, 2));
        ReportRows.keyWindow(jdbi, "key_c", "web", "bob", window(T0, 60).counts(3, 3));

        List<UsageWindowView> project = jdbi.withExtension(UsageReportDao.class,
                dao -> dao.projectWindows("mobile", 60, T0, T0.plusSeconds(60)));
        List<UsageWindowView> key = jdbi.withExtension(UsageReportDao.class,
                dao -> dao.keyWindows("key_c", 60, T0, T0.plusSeconds(60)));

        assertEquals(List.of("key_a", "key_b"), project.stream().map(UsageWindowView::subjectId).toList());
        assertEquals(3, key.get(0).failure());
    }

    @Test
    void topDevelopersSumTheirWindowsOfOneSize() {
        ReportRows.developerWindow(jdbi, "alice", window(T0, 3600).counts(5, 0));
        ReportRows.developerWindow(jdbi, "alice", window(T0.plusSeconds(3600), 3600).counts(5, 1));
        ReportRows.developerWindow(jdbi, "bob", window(T0, 3600).counts(1, 6));
        ReportRows.developerWindow(jdbi, "bob", window(T0, 60).counts(100, 100));

        List<DeveloperTotals> byRequests = jdbi.withExtension(UsageReportDao.class,
                dao -> dao.topByRequests(3600, T0, T0.plusSeconds(7200), 10));
        List<DeveloperTotals> byFailures = jdbi.withExtension(UsageReportDao.class,
                dao -> dao.topByFailures(3600, T0, T0.plusSeconds(7200), 1));

        assertEquals(List.of(new DeveloperTotals("alice", 10, 1), new DeveloperTotals("bob", 1, 6)), byRequests);
        assertEquals(List.of(new DeveloperTotals("bob", 1, 6)), byFailures);
    }

    @Test
    void dormantKeysAreActiveUnexpiredAndIdle() {
        KeyRows.insert(jdbi, "key_idle", "mobile", "alice", KeyStatus.ACTIVE);
        KeyRows.insert(jdbi, "key_used", "mobile", "alice", KeyStatus.ACTIVE);
        KeyRows.insert(jdbi, "key_never", "mobile", "alice", KeyStatus.ACTIVE);
        KeyRows.insert(jdbi, "key_expired", "mobile", "alice", KeyStatus.ACTIVE);
        KeyRows.insert(jdbi, "key_revoked", "mobile", "alice", KeyStatus.REVOKED);
        jdbi.useHandle(h -> {
            h.execute("UPDATE api_keys SET created_at = ?", OffsetDateTime.of(2024, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC));
            h.execute("UPDATE api_keys SET expires_at = ? WHERE key_id = 'key_expired'",
                    OffsetDateTime.of(2024, 6, 1, 0, 0, 0, 0, ZoneOffset.UTC));
        });
        ReportRows.lastSeen(jdbi, "key_idle", "alice", "mobile", T0, T0, T0);
        ReportRows.lastSeen(jdbi, "key_used", "alice", "mobile", T0, T0.plusSeconds(86400 * 60), null);

        Instant now = T0.plusSeconds(86400 * 61);
        List<KeyActivity> dormant = jdbi.withExtension(KeyActivityDao.class,
                dao -> dao.dormant(now.minusSeconds(86400 * 30), now, null, null, null, 10));

        assertEquals(List.of("key_idle", "key_never"), dormant.stream().map(KeyActivity::keyId).sorted().toList());
        KeyActivity idle = dormant.stream().filter(k -> k.keyId().equals("key_idle")).findFirst().orElseThrow();
        assertEquals(T0, idle.lastSeen());
    }

    @Test
    void theTrailWalksNewestFirstStrictlyAfterTheCursor() {
        for (int i = 0; i < 5; i++) {
            ReportRows.authEvent(jdbi, "e" + i, T0.plusSeconds(i / 2), "alice", "key_a", "10.0.0.1", "r" + i, null);
        }
        TrailFilter filter = new TrailFilter("alice", null, null, null, null, Instant.EPOCH, FAR, null, null, false, 3);

        List<AuditEventView> first = jdbi.withExtension(TrailDao.class, dao -> dao.byDeveloper(filter));
        AuditEventView last = first.get(2);
        List<AuditEventView> rest = jdbi.withExtension(TrailDao.class,
                dao -> dao.byDeveloper(filter.after(last.eventTime(), last.eventId(), false)));
        List<AuditEventView> inclusive = jdbi.withExtension(TrailDao.class,
                dao -> dao.byDeveloper(filter.after(last.eventTime(), last.eventId(), true)));

        assertEquals(List.of("e4", "e3", "e2"), first.stream().map(AuditEventView::eventId).toList());
        assertEquals(List.of("e1", "e0"), rest.stream().map(AuditEventView::eventId).toList());
        assertEquals("e2", inclusive.get(0).eventId());
    }

    @Test
    void aClientAddressIsFoundNewestFirstAcrossTheHoursItWasSeenIn() {
        String ip = "10.0.0.7";
        // Two events in one hour (one second apart at its end), then hours, a week and more apart;
        // other addresses in the same hours.
        ReportRows.authEvent(jdbi, "a0", T0.plusSeconds(3599), "alice", "key_a", ip, "r0", null);
        ReportRows.authEvent(jdbi, "a1", T0.plusSeconds(3600), "alice", "key_a", ip, "r1", null);
        ReportRows.authEvent(jdbi, "a2", T0.plusSeconds(3600 * 5 + 10), null, null, ip, "r2", "UNKNOWN_KEY");
        ReportRows.authEvent(jdbi, "a3", T0.plusSeconds(3600 * 5 + 11), null, null, ip, "r3", "UNKNOWN_KEY");
        ReportRows.authEvent(jdbi, "a4", T0.plusSeconds(3600 * 400), "bob", "key_b", ip, "r4", null);
        ReportRows.authEvent(jdbi, "o1", T0.plusSeconds(3600 * 5 + 12), "bob", "key_b", "10.0.0.8", "r5", null);
        ReportRows.authEvent(jdbi, "o2", T0.plusSeconds(3600 * 401), "bob", "key_b", "10.0.0.8", "r6", null);
        TrailFilter all = new TrailFilter(null, null, null, ip, null, Instant.EPOCH, FAR, null, null, false, 10);

        assertEquals(List.of("a4", "a3", "a2", "a1", "a0"), eventIds(dao -> dao.byClientIp(all)));
        TrailFilter pages = new TrailFilter(null, null, null, ip, null, Instant.EPOCH, FAR, null, null, false, 2);
        assertEquals(List.of("a4", "a3"), eventIds(dao -> dao.byClientIp(pages)));
        AuditEventView a3 = jdbi.withExtension(TrailDao.class, dao -> dao.byClientIp(pages)).get(1);
        assertEquals(List.of("a2", "a1"),
                eventIds(dao -> dao.byClientIp(pages.after(a3.eventTime(), a3.eventId(), false))));
        TrailFilter failures = new TrailFilter(null, null, null, ip, "AUTH_FAILURE", Instant.EPOCH, FAR, null, null,
                false, 10);
        assertEquals(List.of("a3", "a2"), eventIds(dao -> dao.byClientIp(failures)));
        // The range counts to the second, not to the hour.
        TrailFilter firstHour = new TrailFilter(null, null, null, ip, null, T0.plusSeconds(3599), T0.plusSeconds(3601),
                null, null, false, 10);
        assertEquals(List.of("a1", "a0"), eventIds(dao -> dao.byClientIp(firstHour)));
        TrailFilter before = new TrailFilter(null, null, null, ip, null, Instant.EPOCH, T0, null, null, false, 10);
        assertEquals(List.of(), eventIds(dao -> dao.byClientIp(before)));
        TrailFilter after = new TrailFilter(null, null, null, ip, null, FAR, FAR.plusSeconds(1), null, null, false, 10);
        assertEquals(List.of(), eventIds(dao -> dao.byClientIp(after)));
    }

    @Test
    void aRequestIdIsFoundInEveryHourOfTheRangeHoweverFarApart() {
        // The same request id (a client's retries, or two clients' ids colliding) weeks apart: more
        // hours than one query names.
        int apart = TrailDao.HOURS_PER_QUERY * 3 + 7;
        ReportRows.authEvent(jdbi, "q0", T0, "alice", "key_a", "10.0.0.1", "req-x", "UNKNOWN_KEY");
        ReportRows.authEvent(jdbi, "q1", T0.plusSeconds(1), "alice", "key_a", "10.0.0.1", "req-x", null);
        ReportRows.authEvent(jdbi, "q2", T0.plusSeconds(3600L * apart), "bob", "key_b", "10.0.0.2", "req-x", null);
        ReportRows.authEvent(jdbi, "q3", T0.plusSeconds(3600L * apart + 1), "bob", "key_b", "10.0.0.2", "req-y", null);
        TrailFilter all = new TrailFilter(null, null, "req-x", null, null, Instant.EPOCH, FAR, null, null, false, 10);

        assertEquals(List.of("q2", "q1", "q0"), eventIds(dao -> dao.byRequestId(all)));
        TrailFilter one = new TrailFilter(null, null, "req-x", null, null, Instant.EPOCH, FAR, null, null, false, 1);
        assertEquals(List.of("q2"), eventIds(dao -> dao.byRequestId(one)));
        AuditEventView q2 = jdbi.withExtension(TrailDao.class, dao -> dao.byRequestId(one)).get(0);
        assertEquals(List.of("q1", "q0"), eventIds(dao -> dao.byRequestId(
                all.after(q2.eventTime(), q2.eventId(), false))));
        TrailFilter firstWeek = new TrailFilter(null, null, "req-x", null, null, T0, T0.plusSeconds(86400 * 7), null,
                null, false, 10);
        assertEquals(List.of("q1", "q0"), eventIds(dao -> dao.byRequestId(firstWeek)));
        TrailFilter unknown = new TrailFilter(null, null, "req-z", null, null, Instant.EPOCH, FAR, null, null, false,
                10);
        assertEquals(List.of(), eventIds(dao -> dao.byRequestId(unknown)));
    }

    @Test
    void anEventInTheLastMicrosecondOfAnHourIsStoredAndFoundInThatHour() {
        // Gateways send nanoseconds; the databases keep microseconds and would round this one up
        // into the next hour.
        Instant nanos = Instant.parse("2024-05-01T10:59:59.999999600Z");
        AuditEventRow row = new AuditEventRow("n1", "AUTH_SUCCESS", nanos, "req-n", null, null, null, null, null, 200,
                null, null, "10.0.0.9", null, null, null, null, null, "alice", null, null, nanos);
        jdbi.useTransaction(h -> h.attach(AuditEventDao.class).storeAll(List.of(row)));

        Instant stored = jdbi.withHandle(h -> h.createQuery("SELECT event_time FROM audit_events WHERE event_id = 'n1'")
                .mapTo(Instant.class).one());
        long hour = jdbi.withHandle(h -> h.createQuery("SELECT event_hour FROM audit_events WHERE event_id = 'n1'")
                .mapTo(Long.class).one());
        assertEquals(Instant.parse("2024-05-01T10:59:59.999999Z"), stored);
        assertEquals(AuditEventRow.hourOf(stored), hour);
        TrailFilter byIp = new TrailFilter(null, null, null, "10.0.0.9", null, stored, FAR, null, null, false, 10);
        TrailFilter byRequest = new TrailFilter(null, null, "req-n", null, null, stored, FAR, null, null, false, 10);
        assertEquals(List.of("n1"), eventIds(dao -> dao.byClientIp(byIp)));
        assertEquals(List.of("n1"), eventIds(dao -> dao.byRequestId(byRequest)));
    }

    @Test
    void nothingStoredIsNothingFound() {
        jdbi.useHandle(h -> h.execute("DELETE FROM audit_events"));
        TrailFilter filter = new TrailFilter(null, null, "req-x", "10.0.0.1", null, Instant.EPOCH, FAR, null, null,
                false, 10);

        assertEquals(List.of(), eventIds(dao -> dao.byRequestId(filter)));
        assertEquals(List.of(), eventIds(dao -> dao.byClientIp(filter)));
    }

    private List<String> eventIds(Function<TrailDao, List<AuditEventView>> query) {
        return jdbi.withExtension(TrailDao.class, query::apply).stream().map(AuditEventView::eventId).toList();
    }

    @Test
    void keyEventsMergeOnlyThroughTheirOwnQueries() {
        ReportRows.keyEvent(jdbi, "k1", "CREATED", T0, "key_a", "alice", "admin");
        ReportRows.keyEvent(jdbi, "k2", "REVOKED", T0.plusSeconds(5), "key_a", "alice", "admin");
        ReportRows.keyEvent(jdbi, "k3", "CREATED", T0, "key_b", "bob", "admin");
        TrailFilter filter = new TrailFilter("alice", null, null, null, null, Instant.EPOCH, FAR, null, null, false, 10);

        List<KeyEventView> events = jdbi.withExtension(TrailDao.class, dao -> dao.keyEventsByDeveloper(filter));

        assertEquals(List.of("k2", "k1"), events.stream().map(KeyEventView::eventId).toList());
        assertEquals("admin", events.get(0).actor());
    }

    @Test
    void failuresCountOnlyFailuresInTheRange() {
        ReportRows.authEvent(jdbi, "f1", T0, null, null, "10.0.0.9", "r1", "UNKNOWN_KEY");
        ReportRows.authEvent(jdbi, "f2", T0.plusSeconds(1), null, null, "10.0.0.9", "r2", "UNKNOWN_KEY");
        ReportRows.authEvent(jdbi, "s1", T0.plusSeconds(2), "alice", "key_a", "10.0.0.9", "r3", null);
        ReportRows.authEvent(jdbi, "f3", T0.plusSeconds(3600), null, null, "10.0.0.9", "r4", "MISSING_KEY");

        List<ReasonCount> reasons = jdbi.withExtension(FailureReportDao.class,
                dao -> dao.byReason(T0, T0.plusSeconds(3600)));
        List<FailureCount> ips = jdbi.withExtension(FailureReportDao.class,
                dao -> dao.byClientIp(T0, T0.plusSeconds(3600), 5));

        assertEquals(List.of(new ReasonCount("UNKNOWN_KEY", 2)), reasons);
        assertEquals(List.of(new FailureCount("10.0.0.9", 2, T0.plusSeconds(1))), ips);
    }

    @Test
    void ingestPositionsAreCompleteUpToTheLaterOfTheirTimes() {
        ReportRows.progress(jdbi, "t.usage", 0, T0, T0.plusSeconds(5));
        ReportRows.progress(jdbi, "t.usage", 1, T0.plusSeconds(9), T0.plusSeconds(5));
        ReportRows.progress(jdbi, "t.other", 0, null, null);

        List<IngestPosition> positions = jdbi.withExtension(IngestProgressReadDao.class,
                dao -> dao.positions(List.of("t.usage", "t.other")));

        assertEquals(3, positions.size());
        assertEquals(List.of(T0.plusSeconds(5), T0.plusSeconds(9)), positions.stream()
                .filter(p -> p.topic().equals("t.usage")).map(IngestPosition::completeUpTo).toList());
        assertNull(positions.stream().filter(p -> p.topic().equals("t.other")).findFirst().orElseThrow().completeUpTo());
    }
}
