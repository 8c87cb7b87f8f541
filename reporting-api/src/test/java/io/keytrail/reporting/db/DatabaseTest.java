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
import java.time.Duration;
import org.jdbi.v3.core.ConnectionException;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

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
