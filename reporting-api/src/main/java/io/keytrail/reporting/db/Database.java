package io.keytrail.reporting.db;

import io.keytrail.reporting.config.ReportingSettings;
import java.util.Objects;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.h2.jdbcx.JdbcConnectionPool;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reporting database, migrated to the current schema before anything uses it. H2 URLs get
 * H2's own connection pool; other databases are reached through their JDBC driver directly until
 * a pool library is added.
 */
public final class Database implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Database.class);
    private static final int MAX_H2_CONNECTIONS = 16;

    private final Jdbi jdbi;
    private final AutoCloseable pool;

    private Database(Jdbi jdbi, AutoCloseable pool) {
        this.jdbi = jdbi;
        this.pool = pool;
    }

    /** Connects, applies pending migrations from {@code db/migration}, and configures Jdbi. */
    public static Database open(ReportingSettings.Database settings) {
        Objects.requireNonNull(settings, "settings");
        if (!settings.url().startsWith("jdbc:h2:")) {
            migrate(Flyway.configure().dataSource(settings.url(), settings.user(), settings.password()));
            return new Database(configure(Jdbi.create(settings.url(), settings.user(), settings.password())), () -> { });
        }
        JdbcConnectionPool pool = JdbcConnectionPool.create(settings.url(), settings.user(), settings.password());
        pool.setMaxConnections(MAX_H2_CONNECTIONS);
        try {
            migrate(Flyway.configure().dataSource(pool));
            return new Database(configure(Jdbi.create(pool)), pool::dispose);
        } catch (RuntimeException e) {
            pool.dispose();
            throw e;
        }
    }

    private static void migrate(FluentConfiguration flyway) {
        var result = flyway
                .locations("classpath:db/migration")
                .load()
                .migrate();
        if (result.migrationsExecuted > 0) {
            LOG.info("database migrated to schema version {}", result.targetSchemaVersion);
        }
    }

    private static Jdbi configure(Jdbi jdbi) {
        jdbi.installPlugin(new SqlObjectPlugin());
        InstantColumns.install(jdbi);
        return jdbi;
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    @Override
    public void close() {
        try {
            pool.close();
        } catch (Exception e) {
            LOG.warn("closing the database failed: {}", e.toString());
        }
    }
}
