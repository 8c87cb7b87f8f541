package io.keytrail.reporting.directory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keytrail.events.KeyStatus;
import io.keytrail.reporting.db.ApiKeyDao;
import io.keytrail.reporting.db.Database;
import io.keytrail.reporting.db.DeveloperDao;
import io.keytrail.reporting.db.DeveloperRow;
import io.keytrail.reporting.db.ProjectDao;
import io.keytrail.reporting.support.KeyRows;
import io.keytrail.reporting.support.TestDatabase;
import io.keytrail.reporting.support.TestDatabaseExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The developer directory and its DAO below the HTTP layer, with a clock the test moves. */
@ExtendWith(TestDatabaseExtension.class)
class DeveloperDirectoryTest {
    private static final Instant T0 = Instant.parse("2024-05-01T10:15:30.123Z");

    private Database database;
    private Jdbi jdbi;
    private final ProjectDirectoryTest.MovableClock clock = new ProjectDirectoryTest.MovableClock(T0);
    private DeveloperDirectory developers;

    @BeforeEach
    void open(TestDatabase db) {
        database = db.connect();
        jdbi = database.jdbi();
        developers = new DeveloperDirectory(jdbi, clock);
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void updatesKeepSetAndClearTheEmailAndMoveTheUpdateTime() {
        assertEquals(new Developer("carol", "carol", "c@x.io", T0, T0),
                developers.create("carol", null, "c@x.io", "admin").entity());
        Instant t1 = T0.plus(Duration.ofMinutes(1));
        clock.advance(Duration.ofMinutes(1));

        assertEquals(new Developer("carol", "Carol", "c@x.io", T0, t1), developers.update("carol",
                new DeveloperDirectory.Changes(Optional.of("Carol"), Optional.empty(), false), "admin").entity());
        assertEquals(new Developer("carol", "Carol", null, T0, t1), developers.update("carol",
                new DeveloperDirectory.Changes(Optional.empty(), Optional.empty(), true), "admin").entity());
        assertEquals(new Developer("carol", "Carol", "new@x.io", T0, t1), developers.update("carol",
                new DeveloperDirectory.Changes(Optional.empty(), Optional.of("new@x.io"), false), "admin").entity());
        assertEquals(Optional.of(new Developer("carol", "Carol", "new@x.io", T0, t1)), developers.get("carol"));
    }

    @Test
    void deletionKeepsTheRowAndRetiresTheId() {
        developers.create("carol", null, null, "admin");
        clock.advance(Duration.ofSeconds(30));

        assertEquals(Deletion.Outcome.DELETED, developers.delete("carol", "admin").outcome());

        DeveloperRow row = developerDao().findIncludingDeleted("carol").orElseThrow();
        assertEquals(T0.plusSeconds(30), row.deletedAt());
        assertEquals(Optional.empty(), developers.get("carol"));
        assertFalse(developerDao().isLive("carol"));
        assertTrue(developerDao().exists("carol"));
        assertEquals(0, developerDao().ensure("carol", T0));
        assertFalse(developerDao().isLive("carol"), "ensure does not bring a deleted developer back");
        assertEquals(Creation.Outcome.ID_OF_DELETED, developers.create("carol", null, null, "admin").outcome());
        assertEquals(Deletion.Outcome.NOT_FOUND, developers.delete("carol", "admin").outcome());
    }

    @Test
    void ensureNamesTheDeveloperAfterItsIdWithoutAnEmail() {
        assertEquals(1, developerDao().ensure("dave", T0));
        assertEquals(new DeveloperRow("dave", "dave", null, T0, T0, null), developerDao().find("dave").orElseThrow());
        assertEquals(Creation.Outcome.ID_TAKEN, developers.create("dave", null, null, "admin").outcome());
    }

    @Test
    void aDeleteWaitsForAKeyIssuedUnderTheLockAndThenRefuses() throws Exception {
        jdbi.useHandle(h -> {
            h.attach(ProjectDao.class).ensure("web", T0);
            h.attach(DeveloperDao.class).ensure("alice", T0);
        });
        KeyRows.insert(jdbi, "key_old", "web", "alice", KeyStatus.REVOKED);
        CountDownLatch locked = new CountDownLatch(1);
        CompletableFuture<Void> issuer = CompletableFuture.runAsync(() -> jdbi.useTransaction(h -> {
            assertTrue(h.attach(DeveloperDao.class).lockIfLive("alice"));
            locked.countDown();
            ProjectDirectoryTest.sleep(300);
            h.attach(ApiKeyDao.class).insert(KeyRows.row("key_raced", "web", "alice", KeyStatus.ACTIVE));
        }));
        assertTrue(locked.await(5, TimeUnit.SECONDS));

        Deletion deletion = developers.delete("alice", "admin");

        issuer.get(10, TimeUnit.SECONDS);
        assertEquals(new Deletion(Deletion.Outcome.HAS_ACTIVE_KEYS, 1), deletion);
        assertNull(developerDao().find("alice").orElseThrow().deletedAt());
    }

    /** Each call on its own handle. */
    private DeveloperDao developerDao() {
        return jdbi.onDemand(DeveloperDao.class);
    }
}
