package io.keytrail.reporting.directory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keytrail.events.KeyStatus;
import io.keytrail.reporting.db.ApiKeyDao;
import io.keytrail.reporting.db.Database;
import io.keytrail.reporting.db.DeveloperDao;
import io.keytrail.reporting.db.ProjectDao;
import io.keytrail.reporting.db.ProjectRow;
import io.keytrail.reporting.http.PageRequest;
import io.keytrail.reporting.support.KeyRows;
import io.keytrail.reporting.support.TestDatabase;
import io.keytrail.reporting.support.TestDatabaseExtension;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The project directory and its DAO below the HTTP layer, with a clock the test moves. */
@ExtendWith(TestDatabaseExtension.class)
class ProjectDirectoryTest {
    private static final Instant T0 = Instant.parse("2024-05-01T10:15:30.123456Z");

    private Database database;
    private Jdbi jdbi;
    private final MovableClock clock = new MovableClock(T0);
    private ProjectDirectory projects;

    @BeforeEach
    void open(TestDatabase db) {
        database = db.connect();
        jdbi = database.jdbi();
        projects = new ProjectDirectory(jdbi, clock);
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void timesAreTheClocksToTheMillisecond() {
        Project created = projects.create("billing", null, null, "admin").entity();
        Instant t0 = Instant.parse("2024-05-01T10:15:30.123Z");
        assertEquals(new Project("billing", "billing", "", t0, t0), created);

        clock.advance(Duration.ofMinutes(5));
        Project updated = projects.update("billing", new ProjectDirectory.Changes(Optional.of("Billing"),
                Optional.empty()), "admin").entity();
        assertEquals(new Project("billing", "Billing", "", t0, t0.plus(Duration.ofMinutes(5))), updated);
        assertEquals(Optional.of(updated), projects.get("billing"));

        clock.advance(Duration.ofMinutes(5));
        assertEquals(Deletion.Outcome.DELETED, projects.delete("billing", "admin").outcome());
        ProjectRow row = projectDao().findIncludingDeleted("billing").orElseThrow();
        assertEquals(t0.plus(Duration.ofMinutes(10)), row.deletedAt());
        assertEquals(Creation.Outcome.ID_OF_DELETED, projects.create("billing", null, null, "admin").outcome());
        assertEquals(Update.Outcome.NOT_FOUND, projects.update("billing",
                new ProjectDirectory.Changes(Optional.of("x"), Optional.empty()), "admin").outcome());
    }

    @Test
    void ensureNamesTheProjectAfterItsIdAndLeavesADeletedOneDeleted() {
        assertEquals(1, projectDao().ensure("web", T0));
        assertEquals(new ProjectRow("web", "web", "", T0, T0, null),
                projectDao().find("web").orElseThrow());
        assertTrue(projectDao().isLive("web"));

        projects.delete("web", "admin");

        assertEquals(0, projectDao().ensure("web", T0));
        assertFalse(projectDao().isLive("web"));
        assertFalse(projectDao().lockIfLive("web"));
        assertTrue(projectDao().exists("web"));
        assertFalse(projectDao().isLive("nope"));
    }

    @Test
    void countsOnlyTheProjectsActiveKeys() {
        jdbi.useHandle(h -> {
            h.attach(ProjectDao.class).ensure("web", T0);
            h.attach(ProjectDao.class).ensure("other", T0);
            h.attach(DeveloperDao.class).ensure("alice", T0);
        });
        KeyRows.insert(jdbi, "key_1", "web", "alice", KeyStatus.ACTIVE);
        KeyRows.insert(jdbi, "key_2", "web", "alice", KeyStatus.EXPIRED);
        KeyRows.insert(jdbi, "key_3", "other", "alice", KeyStatus.ACTIVE);

        assertEquals(1, projectDao().countActiveKeys("web"));
        assertEquals(0, projectDao().countActiveKeys("nope"));
        assertEquals(new Deletion(Deletion.Outcome.HAS_ACTIVE_KEYS, 1), projects.delete("web", "admin"));
        assertEquals(Deletion.Outcome.NOT_FOUND, projects.delete("nope", "admin").outcome());
    }

    @Test
    void pagesSkipDeletedProjects() {
        for (String id : List.of("c", "a", "d", "b")) {
            projects.create(id, null, null, "admin");
        }
        projects.delete("b", "admin");

        assertEquals(List.of("a", "c"), ids(projects.list(new PageRequest(2, null)).items()));
        assertEquals(List.of("c", "d"), ids(projects.list(new PageRequest(5,
                new PageRequest.Cursor(Instant.EPOCH, "b"))).items()));
    }

    @Test
    void argumentsBreakingTheRulesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> projects.create("bad id", null, null, "admin"));
        assertThrows(IllegalArgumentException.class, () -> projects.create("ok", "a\u0000", null, "admin"));
        assertThrows(IllegalArgumentException.class, () -> projects.get("bad id"));
        assertTrue(projectDao().page(null, 10).isEmpty());
    }

    /**
     * A key issued while the project is locked with {@link ProjectDao#lockIfLive} holds a concurrent
     * delete off until it commits, and the delete then counts it: no live key in a deleted project.
     */
    @Test
    void aDeleteWaitsForAKeyIssuedUnderTheLockAndThenRefuses() throws Exception {
        jdbi.useHandle(h -> {
            h.attach(ProjectDao.class).ensure("web", T0);
            h.attach(DeveloperDao.class).ensure("alice", T0);
        });
        CountDownLatch locked = new CountDownLatch(1);
        CompletableFuture<Void> issuer = CompletableFuture.runAsync(() -> jdbi.useTransaction(h -> {
            assertTrue(h.attach(ProjectDao.class).lockIfLive("web"));
            locked.countDown();
            sleep(300);
            h.attach(ApiKeyDao.class).insert(KeyRows.row("key_raced", "web", "alice", KeyStatus.ACTIVE));
        }));
        assertTrue(locked.await(5, TimeUnit.SECONDS));

        Deletion deletion = projects.delete("web", "admin");

        issuer.get(10, TimeUnit.SECONDS);
        assertEquals(new Deletion(Deletion.Outcome.HAS_ACTIVE_KEYS, 1), deletion);
        assertNull(projectDao().find("web").orElseThrow().deletedAt());
    }

    /** Each call on its own handle. */
    private ProjectDao projectDao() {
        return jdbi.onDemand(ProjectDao.class);
    }

    private static List<String> ids(List<Project> projects) {
        return projects.stream().map(Project::id).toList();
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A clock that stands still until the test moves it. */
    static final class MovableClock extends Clock {
        private volatile Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }
}
