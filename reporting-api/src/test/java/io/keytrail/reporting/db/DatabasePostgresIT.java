package io.keytrail.reporting.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.keytrail.reporting.support.OnPostgres;
import io.keytrail.reporting.support.TestPostgres;
import io.keytrail.reporting.config.ReportingSettings;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.junit.jupiter.api.Test;

/** {@link DatabaseTest} on PostgreSQL, and the migrations from an empty PostgreSQL database. */
@OnPostgres
class DatabasePostgresIT extends DatabaseTest {

    @Test
    void anEmptyDatabaseIsMigratedThroughEveryVersionByAnOrdinaryOwner() {
        TestPostgres server = TestPostgres.shared();
        String name = server.createEmptyDatabase();
        try (Database database = Database.open(server.settings(name))) {
            List<String> applied = database.jdbi().withHandle(h -> h.createQuery("""
                    SELECT "version" FROM "flyway_schema_history" WHERE "success" ORDER BY "installed_rank"
                    """).mapTo(String.class).list());
            boolean superuser = database.jdbi().withHandle(h -> h.createQuery(
                    "SELECT rolsuper FROM pg_roles WHERE rolname = current_user").mapTo(Boolean.class).one());

            assertEquals("1", applied.get(0));
            assertEquals(migrationVersions(server.settings(name)), applied);
            assertFalse(superuser, "the migrations ran as an ordinary database owner");
        } finally {
            server.dropDatabase(name);
        }
    }

    /** An empty PostgreSQL database, left for the server's end to remove. */
    @Override
    protected ReportingSettings.Database emptyDatabase(Path dir) {
        TestPostgres server = TestPostgres.shared();
        return server.settings(server.createEmptyDatabase());
    }

    /** The version of every migration Flyway finds in the classpath, in order: 1, 2, ... */
    private static List<String> migrationVersions(ReportingSettings.Database settings) {
        MigrationInfo[] all = Flyway.configure()
                .dataSource(settings.url(), settings.user(), settings.password())
                .locations("classpath:db/migration")
                .load().info().all();
        return Arrays.stream(all).map(m -> m.getVersion().getVersion()).toList();
    }
}
