package io.keytrail.reporting.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keytrail.reporting.support.TestDatabase;
import io.keytrail.reporting.support.TestDatabaseExtension;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TestDatabaseExtension.class)
class OutboxDaoTest {
    private static final Instant NOW = Instant.parse("2024-05-01T10:00:00Z");

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
    void unpublishedRowsComeBackInIdOrderUpToTheLimit() {
        long first = append("k1", "{\"n\":1}");
        long second = append("k2", "{\"n\":2}");
        long third = append("k1", "{\"n\":3}");
        assertTrue(first < second && second < third);

        List<OutboxRow> two = jdbi.withExtension(OutboxDao.class, dao -> dao.unpublished(2));
        List<OutboxRow> all = jdbi.withExtension(OutboxDao.class, dao -> dao.unpublished(10));

        assertEquals(List.of(first, second), two.stream().map(OutboxRow::id).toList());
        assertEquals(List.of(first, second, third), all.stream().map(OutboxRow::id).toList());
        assertEquals(new OutboxRow(first, "t.keys", "k1", "{\"n\":1}", NOW, null), all.get(0));
    }

    @Test
    void publishedRowsLeaveTheQueueOnce() {
        long first = append("k1", "a");
        long second = append("k2", "b");
        long third = append("k3", "c");
        Instant at = NOW.plusSeconds(5);

        int marked = jdbi.withExtension(OutboxDao.class, dao -> dao.markPublished(List.of(first, third), at));
        int markedAgain = jdbi.withExtension(OutboxDao.class, dao -> dao.markPublished(List.of(first), at.plusSeconds(1)));

        assertEquals(2, marked);
        assertEquals(0, markedAgain);
        assertEquals(List.of(second), jdbi.withExtension(OutboxDao.class, dao -> dao.unpublished(10))
                .stream().map(OutboxRow::id).toList());
        assertEquals(1, jdbi.withExtension(OutboxDao.class, OutboxDao::countUnpublished));
        assertEquals(at, jdbi.withExtension(OutboxDao.class, dao -> dao.find(first)).orElseThrow().publishedAt());
    }

    @Test
    void aTombstoneKeepsItsNullPayload() {
        long id = append("gone", null);

        assertNull(jdbi.withExtension(OutboxDao.class, dao -> dao.find(id)).orElseThrow().payload());
    }

    private long append(String key, String payload) {
        return jdbi.withExtension(OutboxDao.class, dao -> dao.append("t.keys", key, payload, NOW));
    }
}
