package io.keytrail.reporting.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keytrail.events.KeyStatus;
import io.keytrail.reporting.support.TestDatabase;
import io.keytrail.reporting.support.TestDatabaseExtension;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TestDatabaseExtension.class)
class ApiKeyDaoTest {
    private static final Instant NOW = Instant.parse("2024-05-01T10:15:30.123Z");

    private TestDatabase db;
    private Database database;
    private Jdbi jdbi;

    @BeforeEach
    void open(TestDatabase db) {
        this.db = db;
        database = db.connect();
        jdbi = database.jdbi();
        jdbi.useHandle(h -> {
            h.attach(ProjectDao.class).ensure("mobile", NOW);
            h.attach(DeveloperDao.class).ensure("alice", NOW);
        });
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void insertsAndFindsByIdAndHash() {
        ApiKeyRow row = row("key_aaaaaaaaaaaaaaaa", "a".repeat(64));
        jdbi.useExtension(ApiKeyDao.class, dao -> dao.insert(row));

        assertEquals(row, jdbi.withExtension(ApiKeyDao.class, dao -> dao.find(row.keyId())).orElseThrow());
        assertEquals(row, jdbi.withExtension(ApiKeyDao.class, dao -> dao.findByHash(row.keyHash())).orElseThrow());
        assertEquals(List.of(row), jdbi.withExtension(ApiKeyDao.class, dao -> dao.page("mobile", null, null, null, null, 10)));
        assertEquals(List.of(), jdbi.withExtension(ApiKeyDao.class, dao -> dao.page("mobile", "bob", null, null, null, 10)));
        assertEquals(List.of(), jdbi.withExtension(ApiKeyDao.class, dao -> dao.page(null, null, KeyStatus.REVOKED, null, null, 10)));
        assertTrue(jdbi.withExtension(ApiKeyDao.class, dao -> dao.find("key_missing")).isEmpty());
    }

    @Test
    void keepsExpiryAndStatus() {
        ApiKeyRow row = new ApiKeyRow("key_bbbbbbbbbbbbbbbb", "mobile", "alice", "expiring", "b".repeat(64), "Bbbb",
                KeyStatus.REVOKED, NOW, NOW.plusSeconds(60), NOW.plusSeconds(3600), "orders,payments", 10L, 60L, 1000L, "DAY",
                NOW.plusSeconds(30), "key_cccccccccccccccc", true, 7);
        jdbi.useExtension(ApiKeyDao.class, dao -> dao.insert(row));

        assertEquals(row, jdbi.withExtension(ApiKeyDao.class, dao -> dao.find(row.keyId())).orElseThrow());
    }

    @Test
    void aRepeatedHashIsAUniqueViolation() {
        jdbi.useExtension(ApiKeyDao.class, dao -> dao.insert(row("key_cccccccccccccccc", "c".repeat(64))));

        UnableToExecuteStatementException e = assertThrows(UnableToExecuteStatementException.class,
                () -> jdbi.useExtension(ApiKeyDao.class, dao -> dao.insert(row("key_dddddddddddddddd", "c".repeat(64)))));
        assertEquals("23505", ((SQLException) e.getCause()).getSQLState());
    }

    @Test
    void aKeyNeedsAnExistingProject() {
        ApiKeyRow orphan = new ApiKeyRow("key_eeeeeeeeeeeeeeee", "nowhere", "alice", "x", "e".repeat(64), "Eeee",
                KeyStatus.ACTIVE, NOW, NOW, null, "", null, null, null, null, null, null, false, 1);

        assertThrows(UnableToExecuteStatementException.class, () -> jdbi.useExtension(ApiKeyDao.class, dao -> dao.insert(orphan)));
    }

    @Test
    void ensuringProjectsAndDevelopersIsIdempotent() {
        int again = jdbi.withExtension(ProjectDao.class, dao -> dao.ensure("mobile", NOW.plusSeconds(60)));
        int fresh = jdbi.withExtension(ProjectDao.class, dao -> dao.ensure("web", NOW));
        int developerAgain = jdbi.withExtension(DeveloperDao.class, dao -> dao.ensure("alice", NOW));

        assertEquals(0, again);
        assertEquals(1, fresh);
        assertEquals(0, developerAgain);
        boolean webExists = jdbi.withExtension(ProjectDao.class, dao -> dao.exists("web"));
        boolean bobExists = jdbi.withExtension(DeveloperDao.class, dao -> dao.exists("bob"));
        assertTrue(webExists);
        assertFalse(bobExists);
        assertEquals(NOW, jdbi.withHandle(h -> h.createQuery("SELECT created_at FROM projects WHERE project_id = 'mobile'")
                .mapTo(Instant.class).one()));
    }

    @Test
    void migrationsRunOnceAndReopenCleanly() {
        database.close();
        database = db.connect();
        jdbi = database.jdbi();

        boolean kept = jdbi.withExtension(ProjectDao.class, dao -> dao.exists("mobile"));
        int applied = jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM \"flyway_schema_history\" WHERE \"version\" = '1' AND \"success\"")
                .mapTo(Integer.class).one());
        assertTrue(kept);
        assertEquals(1, applied);
    }

    private static ApiKeyRow row(String keyId, String hash) {
        return new ApiKeyRow(keyId, "mobile", "alice", "Key for Mobile App Access", hash, "AbCd", KeyStatus.ACTIVE,
                NOW, NOW, null, "", null, null, null, null, null, null, false, 1);
    }
}
