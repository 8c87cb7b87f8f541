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
import java.time.Duration;
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
