package io.keytrail.reporting.support;

import io.keytrail.reporting.config.ReportingSettings;
import io.keytrail.reporting.db.Database;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * One test's own database, migrated like production's: a real H2 file database in a temporary
 * directory, or, for a test class annotated {@link OnPostgres}, a fresh database on the test
 * PostgreSQL server. Closing it removes it.
 *
 * <h2>One test body, H2 and PostgreSQL</h2>
 * A test that goes to the database takes its {@code TestDatabase} as a parameter and never names
 * the kind; a one-line {@code ...PostgresIT} subclass runs the very same methods on PostgreSQL:
 *
 * <pre>{@code
 * @ExtendWith(TestDatabaseExtension.class)
 * class AlertDaoTest {
 *     private Database database;
 *
 *     @BeforeEach
 *     void open(TestDatabase db) {
 *         database = db.connect();
 *     }
 *
 *     @AfterEach
 *     void close() {
 *         database.close();
 *     }
 *     // @Test methods as usual, on database.jdbi()
 * }
 *
 * @OnPostgres
 * class AlertDaoPostgresIT extends AlertDaoTest {
 * }
 * }</pre>
 *
 * Tests over the HTTP API do the same with {@link TestApiExtension}: an {@code @OnPostgres}
 * subclass of a {@code TestApi} test puts the API on PostgreSQL. {@link #open(Path)} stays for the
 * tests that want H2 in a directory of their own.
 */
public final class TestDatabase implements AutoCloseable {
    private final ReportingSettings.Database settings;
    private final Runnable removal;
    private final boolean postgres;

    private TestDatabase(ReportingSettings.Database settings, Runnable removal, boolean postgres) {
        this.settings = settings;
        this.removal = removal;
        this.postgres = postgres;
    }

    /** Opens the H2 file database in {@code dir}, creating and migrating it on first use. */
    public static Database open(Path dir) {
        return Database.open(h2(dir));
    }

    private static ReportingSettings.Database h2(Path dir) {
        return new ReportingSettings.Database(
                "jdbc:h2:file:" + dir.toAbsolutePath().resolve("reporting") + ";AUTO_SERVER=FALSE", "sa", "");
    }

    /**
     * A new database for a test of {@code testClass}: on PostgreSQL when the class is annotated
     * {@link OnPostgres} (skipping the test when there is none, see {@link TestPostgres#shared}),
     * else H2 in a new temporary directory.
     */
    public static TestDatabase fresh(Class<?> testClass) {
        if (testClass.isAnnotationPresent(OnPostgres.class)) {
            TestPostgres server = TestPostgres.shared();
            String name = server.createDatabase();
            return new TestDatabase(server.settings(name), () -> server.dropDatabase(name), true);
        }
        try {
            Path dir = Files.createTempDirectory("keytrail-test-db-");
            return new TestDatabase(h2(dir), () -> delete(dir), false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Opens this test's database, migrating it on first use. Each call is a new connection pool on
     * the same data, so a test may close and open again to see what survives; close every one.
     */
    public Database connect() {
        return Database.open(settings);
    }

    public boolean isPostgres() {
        return postgres;
    }

    /** How {@link #connect} reaches the database. */
    public ReportingSettings.Database settings() {
        return settings;
    }

    @Override
    public void close() {
        removal.run();
    }

    private static void delete(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete " + dir, e);
        }
    }
}
