package io.keytrail.reporting.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keytrail.reporting.config.ReportingSettings;
import io.keytrail.reporting.support.TestDatabase;
import io.keytrail.reporting.support.TestDatabaseExtension;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.ConnectionException;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Opening the database: its pool, bounded by the settings on H2 and PostgreSQL alike, and a failed start. */
@ExtendWith(TestDatabaseExtension.class)
class DatabaseTest {

    @Test
    void thePoolLendsAtMostPoolSizeConnectionsAndTheNextRequestGivesUpAfterTheTimeout(TestDatabase db) {
        ReportingSettings.Database base = db.settings();
        ReportingSettings.Database two = new ReportingSettings.Database(base.url(), base.user(), base.password(), 2,
                Duration.ofMillis(250));
        try (Database database = Database.open(two)) {
            Handle first = database.jdbi().open();
            Handle second = database.jdbi().open();
            assertThrows(ConnectionException.class, () -> database.jdbi().open().close());
            first.close();
            try (Handle third = database.jdbi().open()) {
                assertEquals(1, third.createQuery("SELECT 1").mapTo(Integer.class).one());
            }
            second.close();
        }
    }

    /**
     * The size is set on H2's store through its internals: this fails, rather than the setting
     * silently doing nothing, when an H2 upgrade moves them.
     */
    @Test
    void anH2FileDatabaseGetsTheWriteBufferOfTheSettings(@TempDir Path dir) throws Exception {
        ReportingSettings.Database settings = new ReportingSettings.Database(
                "jdbc:h2:file:" + dir.toAbsolutePath().resolve("buffer") + ";AUTO_SERVER=FALSE", "sa", "",
                2, Duration.ofSeconds(5), 96);
        try (Database database = Database.open(settings)) {
            int bytes = database.jdbi().withHandle(h -> H2WriteBuffer.store(h.getConnection()).getAutoCommitMemory());
            assertEquals(96 * 1024 * 1024, bytes);
        }
        ReportingSettings.Database memory = new ReportingSettings.Database("jdbc:h2:mem:buffer-" + System.nanoTime(),
                "sa", "", 2, Duration.ofSeconds(5), 96);
        try (Database database = Database.open(memory)) {
            int bytes = database.jdbi().withHandle(h -> H2WriteBuffer.store(h.getConnection()).getAutoCommitMemory());
            assertEquals(0, bytes, "an in-memory database writes nothing out");
        }
    }

    /**
     * Version 7 adds {@code event_hour} to the events stored before it: whole hours since the epoch,
     * counted the way ingest counts them ({@link AuditEventRow#hourOf}), on both sides of an hour.
     */
    @Test
    void version7GivesTheEventsStoredBeforeItTheirHour(@TempDir Path dir) {
        ReportingSettings.Database settings = emptyDatabase(dir);
        Flyway.configure().dataSource(settings.url(), settings.user(), settings.password())
                .locations("classpath:db/migration").target("6").load().migrate();
        List<Instant> times = List.of(Instant.parse("2024-05-01T10:59:59.999999Z"),
                Instant.parse("2024-05-01T11:00:00Z"), Instant.parse("2000-01-01T00:30:00Z"));
        try (Connection c = DriverManager.getConnection(settings.url(), settings.user(), settings.password());
             PreparedStatement insert = c.prepareStatement("""
                     INSERT INTO audit_events (event_id, event_type, event_time, status, ingested_at)
                     VALUES (?, 'AUTH_SUCCESS', ?, 200, ?)""")) {
            for (int i = 0; i < times.size(); i++) {
                insert.setString(1, "e" + i);
                insert.setObject(2, times.get(i).atOffset(ZoneOffset.UTC));
                insert.setObject(3, times.get(i).atOffset(ZoneOffset.UTC));
                insert.executeUpdate();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }

        try (Database database = Database.open(settings)) {
            List<Long> hours = database.jdbi().withHandle(h -> h.createQuery(
                    "SELECT event_hour FROM audit_events ORDER BY event_id").mapTo(Long.class).list());
            assertEquals(times.stream().map(AuditEventRow::hourOf).toList(), hours);
        }
    }

    /** A database nobody has migrated yet. */
    protected ReportingSettings.Database emptyDatabase(Path dir) {
        return new ReportingSettings.Database("jdbc:h2:file:" + dir.toAbsolutePath().resolve("empty")
                + ";AUTO_SERVER=FALSE", "sa", "");
    }

    @Test
    void aDatabaseThatCannotBeReachedStopsTheStartWithoutEchoingThePassword() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        ReportingSettings.Database unreachable = new ReportingSettings.Database(
                "jdbc:postgresql://127.0.0.1:" + closedPort + "/keytrail", "keytrail", "db-password-value", 2,
                Duration.ofMillis(250));

        RuntimeException e = assertThrows(RuntimeException.class, () -> Database.open(unreachable));

        String messages = e + " " + e.getCause();
        assertTrue(messages.contains("127.0.0.1:" + closedPort), messages);
        assertFalse(messages.contains("db-password-value"), messages);
    }
}
