package io.keytrail.reporting.db;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keytrail.reporting.support.TestDatabase;
import java.nio.file.Path;
import java.time.Instant;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Query;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The trail's queries as H2 plans them: each walks its filter's index in the page's order rather
 * than sorting every match. H2 only: the plans are H2's text (PostgreSQL walks a b-tree backwards
 * by itself), and the rest of the DAO tests run on both databases.
 */
class TrailQueryPlanTest {
    private static final Instant T0 = Instant.parse("2024-05-01T00:00:00Z");

    @TempDir
    Path dir;
    private Database database;
    private Jdbi jdbi;

    @BeforeEach
    void open() {
        database = TestDatabase.open(dir);
        jdbi = database.jdbi();
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void theTrailQueriesUseTheirIndexes() {
        // Each page reads the first rows of one index in its order: no sort of everything that matches.
        assertUses(TrailDao.BY_DEVELOPER, "AUDIT_EVENTS_BY_DEVELOPER", true);
        assertUses(TrailDao.BY_KEY, "AUDIT_EVENTS_BY_KEY", true);
        assertUses(TrailDao.BY_CLIENT_IP, "AUDIT_EVENTS_BY_CLIENT_IP", true);
        // Which hours hold an address: a probe per hour.
        String hours = assertUses(TrailDao.CLIENT_IP_HOURS, "AUDIT_EVENTS_BY_CLIENT_IP", false).replaceAll("\\s+", " ");
        assertTrue(hours.contains("AND CLIENT_IP = ?") && hours.contains("AND EVENT_HOUR = HOURS.H */"),
                () -> "expected a probe per hour in " + hours);
        assertUses(TrailDao.BY_TIME, "AUDIT_EVENTS_BY_TIME", true);
        assertUses(TrailDao.KEY_EVENTS_BY_KEY, "KEY_EVENTS_BY_KEY", true);
        assertUses(TrailDao.KEY_EVENTS_BY_DEVELOPER, "KEY_EVENTS_BY_DEVELOPER", true);
        // A request's few events are sorted after the lookup: one probe per hour of the list.
        String plan = assertUses(TrailDao.BY_REQUEST_ID, "AUDIT_EVENTS_BY_REQUEST", false).replaceAll("\\s+", " ");
        assertTrue(plan.matches(".*AUDIT_EVENTS_BY_REQUEST: REQUEST_ID = \\?\\d+ AND EVENT_HOUR = HOURS.H .*"),
                () -> "expected a probe per hour in " + plan);
    }

    private String assertUses(String sql, String index, boolean sortedByIndex) {
        TrailFilter filter = new TrailFilter("alice", "key_a", "r1", "10.0.0.1", null, T0, T0.plusSeconds(3600),
                null, null, false, 10);
        int hour = Math.toIntExact(AuditEventRow.hourOf(T0));
        String plan = jdbi.withHandle(h -> {
            Query query = h.createQuery("EXPLAIN " + sql).bindMethods(filter);
            if (sql.contains(":hour")) {
                query.bind("hour", hour);
            }
            if (sql.contains("<hourRows>")) {
                query.define("hourRows", TrailDao.hourRows(hour - TrailDao.HOURS_PER_QUERY + 1, hour));
            }
            return query.mapTo(String.class).one();
        });
        assertTrue(plan.contains("PUBLIC." + index + ":"), () -> "expected " + index + " in " + plan);
        if (sortedByIndex) {
            assertTrue(plan.contains("/* index sorted */"), () -> "expected no sort in " + plan);
        }
        return plan;
    }

}
