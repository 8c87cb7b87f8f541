package io.keytrail.reporting.support;

import io.keytrail.reporting.config.ReportingSettings;
import io.keytrail.reporting.db.Database;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server for the tests of one JVM, like the shared Kafka broker: started by the
 * first test that asks ({@link PostgresServer}), stopped at JVM exit, and never outliving the JVM.
 * PostgreSQL refuses to run as root, so when the tests run as root (as on CI) the server runs as
 * {@code nobody}. Each test gets its own database ({@link #createDatabase}), owned by an ordinary
 * role: neither the migrations nor the DAOs need a superuser.
 *
 * <p>Without PostgreSQL {@value PostgresBinaries#MIN_VERSION}+ binaries (see {@link PostgresBinaries})
 * the tests that need the server are skipped, unless {@code KEYTRAIL_REQUIRE_POSTGRES=1}, as on CI,
 * turns that into a failure.
 */
public final class TestPostgres {
    public static final String REQUIRE_VARIABLE = "KEYTRAIL_REQUIRE_POSTGRES";
    private static final Logger LOG = LoggerFactory.getLogger(TestPostgres.class);
    private static final String OWNER = "keytrail";
    private static final String TEMPLATE = "keytrail_template";

    private static TestPostgres shared;
    private static String missing;
    private static RuntimeException failed;

    private final PostgresServer server;
    private final AtomicInteger databases = new AtomicInteger();
    private boolean templateReady;

    private TestPostgres(PostgresServer server) {
        this.server = server;
    }

    /**
     * This JVM's server, started on the first call. Aborts the calling test (JUnit counts it as
     * skipped) when this machine has no PostgreSQL, or fails it when {@value #REQUIRE_VARIABLE}=1;
     * a server that is there but does not start always fails.
     */
    public static synchronized TestPostgres shared() {
        if (shared == null && missing == null && failed == null) {
            List<String> why = new ArrayList<>();
            Optional<PostgresBinaries> binaries = PostgresBinaries.find(why);
            if (binaries.isEmpty()) {
                missing = "no PostgreSQL " + PostgresBinaries.MIN_VERSION + "+ server found (" + String.join("; ", why)
                        + "); install it, or set " + PostgresBinaries.BIN_VARIABLE + " to its bin directory";
                System.err.println("PostgreSQL tests: " + missing);
            } else {
                try {
                    shared = start(binaries.get());
                } catch (IOException | SQLException | RuntimeException e) {
                    failed = new IllegalStateException("the test PostgreSQL server did not start: " + e.getMessage(), e);
                }
            }
        }
        if (failed != null) {
            throw failed;
        }
        if (missing != null) {
            if ("1".equals(System.getenv(REQUIRE_VARIABLE))) {
                throw new IllegalStateException(missing + " (" + REQUIRE_VARIABLE + "=1 requires it)");
            }
            Assumptions.abort("skipped, " + missing);
        }
        return shared;
    }

    private static TestPostgres start(PostgresBinaries binaries) throws IOException, SQLException {
        long began = System.nanoTime();
        PostgresServer server = PostgresServer.start(binaries);
        Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "test-postgres-stop"));
        server.admin("CREATE ROLE " + OWNER + " LOGIN PASSWORD '" + server.password() + "'");
        LOG.info("tests use a PostgreSQL {} server at 127.0.0.1:{} in {}, started in {} ms", binaries.version(),
                server.port(), server.directory(), (System.nanoTime() - began) / 1_000_000);
        return new TestPostgres(server);
    }

    /**
     * A new database owned by an ordinary role, already migrated to the current schema; returns its
     * name. It is a copy of a template that {@link Database#open} migrated once from empty for this
     * JVM, which spares every test the migrations (a few hundred ms each on a busy machine).
     */
    public String createDatabase() {
        synchronized (this) {
            if (!templateReady) {
                String template = createEmptyDatabase();
                Database.open(settings(template)).close();
                admin("ALTER DATABASE " + template + " RENAME TO " + TEMPLATE);
                templateReady = true;
            }
        }
        String name = nextName();
        for (int attempt = 1; ; attempt++) {
            try {
                // FILE_COPY copies the template's files, cheap with fsync off; the default logs every block.
                server.admin("CREATE DATABASE " + name + " TEMPLATE " + TEMPLATE + " OWNER " + OWNER
                        + " STRATEGY FILE_COPY");
                return name;
            } catch (SQLException e) {
                // 55006: the template's last connections, from its migration, may still be closing.
                if (attempt == 20 || !"55006".equals(e.getSQLState())) {
                    throw new IllegalStateException("creating database " + name + ": " + e.getMessage(), e);
                }
                PostgresServer.sleep(50);
            }
        }
    }

    /** A new, empty database owned by an ordinary role, for tests of the migrations themselves. */
    public String createEmptyDatabase() {
        String name = nextName();
        admin("CREATE DATABASE " + name + " OWNER " + OWNER);
        return name;
    }

    /** Drops the database even if a test left connections to it open. */
    public void dropDatabase(String name) {
        admin("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }

    /** How reporting-api connects to {@code database}: as its owner, through a small HikariCP pool. */
    public ReportingSettings.Database settings(String database) {
        return new ReportingSettings.Database(server.url(database), OWNER, server.password(), 4, Duration.ofSeconds(10));
    }

    private String nextName() {
        return "keytrail_test_" + databases.incrementAndGet();
    }

    private void admin(String sql) {
        try {
            server.admin(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    /**
     * Starts the server before a class's tests, so that without PostgreSQL the whole class is
     * skipped at once; {@link OnPostgres} registers it.
     */
    public static final class Required implements BeforeAllCallback {
        @Override
        public void beforeAll(ExtensionContext context) {
            shared();
        }
    }
}
