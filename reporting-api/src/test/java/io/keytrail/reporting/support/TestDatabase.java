package io.keytrail.reporting.support;

import io.keytrail.reporting.config.ReportingSettings;
import io.keytrail.reporting.db.Database;
import java.nio.file.Path;

/** A real H2 file database in a test's temporary directory, migrated like production's. */
public final class TestDatabase {
    private TestDatabase() {
    }

    public static Database open(Path dir) {
        return Database.open(new ReportingSettings.Database(
                "jdbc:h2:file:" + dir.toAbsolutePath().resolve("reporting") + ";AUTO_SERVER=FALSE", "sa", ""));
    }
}
