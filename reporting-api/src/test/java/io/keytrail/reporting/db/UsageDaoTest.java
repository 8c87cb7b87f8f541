package io.keytrail.reporting.db;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.keytrail.reporting.support.TestDatabase;
import io.keytrail.reporting.support.TestDatabaseExtension;
import java.time.Instant;
import java.util.List;
import java.util.TimeZone;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TestDatabaseExtension.class)
class UsageDaoTest {
    private static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");

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
    void theSameWindowTwiceIsOneRowWithTheLatestTotals() {
        UsageRow early = window("alice", T0, 3, 1);
        UsageRow later = new UsageRow("alice", T0, T0.plusSeconds(60), 10, 4, T0.plusSeconds(59), T0.plusSeconds(61));

        upsert(early);
        upsert(later);
        upsert(later);

        assertEquals(List.of(later), windows("alice", T0, T0.plusSeconds(60)));
        int rows = jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM usage_windows").mapTo(Integer.class).one());
        assertEquals(1, rows);
    }

    @Test
    void aBatchStoresEveryWindow() {
        List<UsageRow> rows = List.of(window("alice", T0, 1, 0), window("alice", T0.plusSeconds(60), 2, 0),
                window("bob", T0, 5, 5));

        jdbi.useExtension(UsageDao.class, dao -> dao.upsertAll(rows));

        assertEquals(2, windows("alice", T0, T0.plusSeconds(3600)).size());
        assertEquals(1, windows("bob", T0, T0.plusSeconds(3600)).size());
    }

    @Test
    void rangeHoldsWindowsStartingInFromInclusiveToExclusiveInOrder() {
        UsageRow before = window("alice", T0.minusSeconds(60), 1, 0);
        UsageRow atFrom = window("alice", T0, 2, 0);
        UsageRow inside = window("alice", T0.plusSeconds(120), 3, 0);
        UsageRow atTo = window("alice", T0.plusSeconds(300), 4, 0);
        UsageRow otherDeveloper = window("bob", T0.plusSeconds(60), 9, 9);
        for (UsageRow row : List.of(atTo, inside, before, otherDeveloper, atFrom)) {
            upsert(row);
        }

        assertEquals(List.of(atFrom, inside), windows("alice", T0, T0.plusSeconds(300)));
        assertEquals(List.of(), windows("carol", T0, T0.plusSeconds(300)));
    }

    @Test
    void instantsSurviveAnyJvmTimeZone() {
        // 2024-11-03T05:30Z is 01:30 in New York, an hour that happens twice at the end of daylight saving.
        Instant ambiguous = Instant.parse("2024-11-03T05:30:00Z");
        TimeZone original = TimeZone.getDefault();
        try {
            TimeZone.setDefault(TimeZone.getTimeZone("America/New_York"));
            upsert(window("alice", ambiguous, 1, 1));
            TimeZone.setDefault(TimeZone.getTimeZone("Asia/Kolkata"));
            assertEquals(ambiguous, windows("alice", ambiguous, ambiguous.plusSeconds(1)).get(0).windowStart());
        } finally {
            TimeZone.setDefault(original);
        }
    }

    private static UsageRow window(String developer, Instant start, long success, long failure) {
        return new UsageRow(developer, start, start.plusSeconds(60), success, failure, start.plusSeconds(30),
                start.plusSeconds(90));
    }

    private void upsert(UsageRow row) {
        jdbi.useExtension(UsageDao.class, dao -> dao.upsert(row));
    }

    private List<UsageRow> windows(String developer, Instant from, Instant to) {
        return jdbi.withExtension(UsageDao.class, dao -> dao.windows(developer, from, to));
    }
}
