package io.keytrail.reporting.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.keytrail.reporting.config.ReportingSettings;
import java.util.Objects;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcConnectionPool;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reporting database, migrated to the current schema before anything uses it. H2 URLs get
 * H2's own connection pool; any other database (PostgreSQL) gets a HikariCP pool of fixed size.
 * Which database it is follows from the URL alone: the same migrations and DAOs serve both.
 */
public final class Database implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Database.class);

    private final Jdbi jdbi;
    private final AutoCloseable pool;

    private Database(Jdbi jdbi, AutoCloseable pool) {
        this.jdbi = jdbi;
        this.pool = pool;
    }

    /**
     * Connects, applies pending migrations from {@code db/migration}, and configures Jdbi.
     *
     * @throws RuntimeException when the database cannot be reached or migrated; the pool is closed again
     */
    public static Database open(ReportingSettings.Database settings) {
        Objects.requireNonNull(settings, "settings");
        if (settings.isH2()) {
            JdbcConnectionPool pool = JdbcConnectionPool.create(settings.url(), settings.user(), settings.password());
            pool.setMaxConnections(settings.poolSize());
            pool.setLoginTimeout(timeoutSeconds(settings));
            Database database = open(pool, pool::dispose);
            H2WriteBuffer.resize(pool, settings.h2WriteBufferMb());
            AutoCloseable compactor = H2Compactor.start(pool);
            // The compactor stops before the pool closes the database under it.
            return new Database(database.jdbi, () -> {
                closeQuietly(compactor);
                pool.dispose();
            });
        }
        HikariDataSource pool = new HikariDataSource(hikari(settings));
        return open(pool, pool);
    }

    private static Database open(DataSource pool, AutoCloseable closer) {
        try {
            migrate(pool);
            return new Database(configure(Jdbi.create(pool)), closer);
        } catch (RuntimeException e) {
            closeQuietly(closer);
            throw e;
        }
    }

    private static HikariConfig hikari(ReportingSettings.Database settings) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("keytrail-reporting");
        config.setJdbcUrl(settings.url());
        config.setUsername(settings.user());
        config.setPassword(settings.password());
        // Fixed size, as HikariCP advises: no connection churn under a changing load.
        config.setMaximumPoolSize(settings.poolSize());
        config.setMinimumIdle(settings.poolSize());
        config.setConnectionTimeout(settings.connectionTimeout().toMillis());
        return config;
    }

    private static int timeoutSeconds(ReportingSettings.Database settings) {
        return (int) Math.max(1, settings.connectionTimeout().toSeconds());
    }

    private static void migrate(DataSource pool) {
        var result = Flyway.configure()
                .dataSource(pool)
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
        closeQuietly(pool);
    }

    private static void closeQuietly(AutoCloseable pool) {
        try {
            pool.close();
        } catch (Exception e) {
            LOG.warn("closing the database failed: {}", e.toString());
        }
    }
}
