package io.keytrail.reporting;

import io.keytrail.events.TopicProvisioner;
import io.keytrail.events.Topics;
import io.keytrail.reporting.admin.ExpirySweeper;
import io.keytrail.reporting.admin.KeyIssuer;
import io.keytrail.reporting.admin.KeyManager;
import io.keytrail.reporting.auth.AdminToken;
import io.keytrail.reporting.config.ReportingSettings;
import io.keytrail.reporting.db.Database;
import io.keytrail.reporting.directory.DeveloperDirectory;
import io.keytrail.reporting.directory.ProjectDirectory;
import io.keytrail.reporting.http.HttpServer;
import io.keytrail.reporting.ingest.Ingest;
import io.keytrail.reporting.ingest.RetentionSweeper;
import io.keytrail.reporting.keys.KeyGenerator;
import io.keytrail.reporting.keys.KeyVault;
import io.keytrail.reporting.keys.MasterKey;
import io.keytrail.reporting.outbox.OutboxPublisher;
import io.keytrail.reporting.outbox.OutboxSignal;
import io.keytrail.reporting.reports.Reports;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running reporting-api: database, outbox publisher, ingest, retention and HTTP server. Start-up
 * either completes or undoes what it did and throws; {@link #close()} stops everything.
 */
public final class ReportingApp implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReportingApp.class);

    private final HttpServer server;
    private final AdminToken adminToken;
    private final Deque<AutoCloseable> parts;
    private final AtomicBoolean closed = new AtomicBoolean();

    private ReportingApp(HttpServer server, AdminToken adminToken, Deque<AutoCloseable> parts) {
        this.server = server;
        this.adminToken = adminToken;
        this.parts = parts;
    }

    /**
     * Migrates the database, creates missing topics, starts publishing and ingesting, then serves HTTP.
     *
     * @throws RuntimeException with a message naming what could not start; nothing is left running
     */
    public static ReportingApp start(ReportingSettings settings) {
        Objects.requireNonNull(settings, "settings");
        Clock clock = Clock.systemUTC();
        // One strong random source for every secret this process makes.
        SecureRandom random = new SecureRandom();
        ReportingSettings.Kafka kafka = settings.kafka();
        Deque<AutoCloseable> parts = new ArrayDeque<>();
        try {
            createPrivateDirectory(settings.storage().dataDir());
            AdminToken adminToken = settings.admin().token() != null
                    ? AdminToken.of(settings.admin().token())
                    : AdminToken.loadOrCreate(settings.storage().adminTokenFile(), random);

            MasterKey masterKey = settings.keys().masterKey() != null
                    ? MasterKey.fromBase64(settings.keys().masterKey())
                    : MasterKey.loadOrCreate(settings.storage().masterKeyFile(), random);

            Database database = Database.open(settings.database());
            parts.push(database);

            Topics topics = kafka.topics();
            TopicProvisioner.ensure(kafka.bootstrapServers(), topics.definitions(kafka.topicPartitions(),
                    (short) kafka.topicReplicationFactor(), Topics.DEFAULT_EVENT_RETENTION), kafka.startupTimeout());

            ReportingSettings.Outbox outbox = settings.outbox();
            OutboxSignal outboxSignal = new OutboxSignal();
            parts.push(new OutboxPublisher(database.jdbi(), kafka.bootstrapServers(), outbox.pollInterval(),
                    outbox.batchSize(), outbox.sendTimeout(), clock, outboxSignal));
            parts.push(new Ingest(database.jdbi(), kafka.bootstrapServers(), kafka.groupId(), topics,
                    settings.ingest().maxPollRecords(), clock));
            parts.push(new RetentionSweeper(database.jdbi(), settings.retention(), clock));

            KeyVault vault = new KeyVault(masterKey, random);
            KeyIssuer keyIssuer = new KeyIssuer(database.jdbi(), new KeyGenerator(random), vault, topics, clock,
                    outboxSignal);
            KeyManager keyManager = new KeyManager(database.jdbi(), vault, topics, clock, outboxSignal);
            parts.push(new ExpirySweeper(keyManager, settings.keys().expirySweepInterval()));
            ProjectDirectory projects = new ProjectDirectory(database.jdbi(), clock);
            DeveloperDirectory developers = new DeveloperDirectory(database.jdbi(), clock);
            Reports reports = Reports.create(database.jdbi(), topics, settings.selfService().keyHeader(),
                    settings.selfService().maxFailedAttempts(), clock);
            HttpServer server = HttpServer.start(settings.http().host(), settings.http().port(),
                    ReportingRoutes.build(adminToken, keyIssuer, keyManager, projects, developers, reports,
                            clock, settings.http().maxRequestBytes()));
            parts.push(server);
            LOG.info("reporting-api serving on {}:{} (topics {}*, Kafka {})", server.host(), server.port(),
                    topics.prefix(), kafka.bootstrapServers());
            return new ReportingApp(server, adminToken, parts);
        } catch (RuntimeException e) {
            closeAll(parts);
            throw e;
        }
    }

    private static void createPrivateDirectory(Path dir) {
        try {
            if (Files.isDirectory(dir)) {
                return;
            }
            if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                // The directory holds the database, the admin token and the master key: only its owner reads it.
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rwx------")));
            } else {
                Files.createDirectories(dir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create data directory " + dir, e);
        }
    }

    /** The port the HTTP server listens on, also when it was configured as 0. */
    public int port() {
        return server.port();
    }

    /** The admin bearer token. Hand it to admins; never log it. */
    public String adminToken() {
        return adminToken.value();
    }

    /** Stops serving, then publishing and ingesting, then closes the database. Safe to call twice. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            closeAll(parts);
            LOG.info("reporting-api stopped");
        }
    }

    private static void closeAll(Deque<AutoCloseable> parts) {
        while (!parts.isEmpty()) {
            AutoCloseable part = parts.pop();
            try {
                part.close();
            } catch (Exception e) {
                LOG.warn("stopping {} failed: {}", part.getClass().getSimpleName(), e.toString());
            }
        }
    }
}
