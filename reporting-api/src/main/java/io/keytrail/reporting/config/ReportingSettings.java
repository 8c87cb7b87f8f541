package io.keytrail.reporting.config;

import io.keytrail.events.Topics;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Everything reporting-api can be told, one record per section. Defaults and validation live here
 * and nowhere else: a section that exists is a section that is valid.
 *
 * <p>Settings keys (properties file) and the environment variables that override them:
 * <pre>
 * http.host                       KEYTRAIL_REPORTING_HOST               127.0.0.1
 * http.port                       KEYTRAIL_REPORTING_PORT               8090 (0 = any free port)
 * http.max-request-bytes          KEYTRAIL_REPORTING_MAX_REQUEST_BYTES  65536
 * storage.data-dir                KEYTRAIL_DATA_DIR                     .keytrail
 * database.url                    KEYTRAIL_DATABASE_URL                 jdbc:h2:file:&lt;data-dir&gt;/reporting/keytrail;AUTO_SERVER=FALSE;CACHE_SIZE=65536;AUTO_COMPACT_FILL_RATE=0
 * database.user                   KEYTRAIL_DATABASE_USER                sa
 * database.password               KEYTRAIL_DATABASE_PASSWORD            (empty)
 * database.pool-size              KEYTRAIL_DATABASE_POOL_SIZE           16
 * database.connection-timeout-ms  KEYTRAIL_DATABASE_CONNECTION_TIMEOUT_MS 30000
 * database.h2-write-buffer-mb     KEYTRAIL_DATABASE_H2_WRITE_BUFFER_MB  256 (H2 only)
 * kafka.bootstrap-servers         KEYTRAIL_KAFKA_BOOTSTRAP              127.0.0.1:9092
 * kafka.topic-prefix              KEYTRAIL_TOPIC_PREFIX                 keytrail.
 * kafka.topic-partitions          KEYTRAIL_TOPIC_PARTITIONS             3
 * kafka.topic-replication-factor  KEYTRAIL_TOPIC_REPLICATION_FACTOR     1
 * kafka.group-id                  KEYTRAIL_REPORTING_GROUP_ID           keytrail-reporting
 * kafka.startup-timeout-ms        KEYTRAIL_KAFKA_STARTUP_TIMEOUT_MS     30000
 * outbox.poll-interval-ms         KEYTRAIL_OUTBOX_POLL_INTERVAL_MS      50
 * outbox.batch-size               KEYTRAIL_OUTBOX_BATCH_SIZE            500
 * outbox.send-timeout-ms          KEYTRAIL_OUTBOX_SEND_TIMEOUT_MS       30000
 * admin.token                     KEYTRAIL_ADMIN_TOKEN                  (generated into &lt;data-dir&gt;/admin-token)
 * keys.master-key                 KEYTRAIL_MASTER_KEY                   (generated into &lt;data-dir&gt;/master-key)
 * keys.expiry-sweep-interval-ms   KEYTRAIL_KEY_EXPIRY_SWEEP_INTERVAL_MS 5000
 * self-service.key-header         KEYTRAIL_KEY_HEADER                   x-apim-key
 * self-service.max-failed-attempts KEYTRAIL_SELF_SERVICE_MAX_FAILED_ATTEMPTS 10 (per client IP per minute)
 * ingest.max-poll-records         KEYTRAIL_INGEST_MAX_POLL_RECORDS      5000
 * retention.audit-days            KEYTRAIL_RETENTION_AUDIT_DAYS         30
 * retention.usage-days            KEYTRAIL_RETENTION_USAGE_DAYS         400
 * retention.sweep-interval-ms     KEYTRAIL_RETENTION_SWEEP_INTERVAL_MS  3600000
 * retention.delete-batch-size     KEYTRAIL_RETENTION_DELETE_BATCH_SIZE  5000
 * </pre>
 */
public record ReportingSettings(Http http, Storage storage, Database database, Kafka kafka, Outbox outbox, Admin admin,
                                Keys keys, SelfService selfService, Ingest ingest, Retention retention) {

    /** Settings key to overriding environment variable, in documentation order. */
    public static final Map<String, String> ENVIRONMENT_VARIABLES = environmentVariables();

    private static final Pattern HOST_PORT_LIST = Pattern.compile("[^,:\\s]+:\\d{1,5}(,[^,:\\s]+:\\d{1,5})*");

    public ReportingSettings {
        Objects.requireNonNull(http, "http");
        Objects.requireNonNull(storage, "storage");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(kafka, "kafka");
        Objects.requireNonNull(outbox, "outbox");
        Objects.requireNonNull(admin, "admin");
        Objects.requireNonNull(keys, "keys");
        Objects.requireNonNull(selfService, "selfService");
        Objects.requireNonNull(ingest, "ingest");
        Objects.requireNonNull(retention, "retention");
    }

    /** Where the HTTP API listens and how much it accepts. */
    public record Http(String host, int port, int maxRequestBytes) {
        public Http {
            require(host != null && !host.isBlank(), "http.host", "must not be empty");
            require(port >= 0 && port <= 65535, "http.port", "must be between 0 and 65535, got " + port);
            require(maxRequestBytes >= 1024 && maxRequestBytes <= 16 * 1024 * 1024, "http.max-request-bytes",
                    "must be between 1024 and 16777216, got " + maxRequestBytes);
        }
    }

    /** The directory reporting-api owns: the default database and the generated admin token. */
    public record Storage(Path dataDir) {
        public Storage {
            require(dataDir != null, "storage.data-dir", "must not be empty");
            dataDir = dataDir.toAbsolutePath().normalize();
        }

        public Path adminTokenFile() {
            return dataDir.resolve("admin-token");
        }

        public Path masterKeyFile() {
            return dataDir.resolve("master-key");
        }
    }

    /**
     * The JDBC database; H2 in the data directory unless told otherwise, PostgreSQL by its URL alone.
     *
     * @param poolSize          the most connections open at once: H2's own pool for H2 URLs, HikariCP
     *                          (a pool of fixed size) for any other
     * @param connectionTimeout how long a request waits for a free connection before it fails
     */
    public record Database(String url, String user, String password, int poolSize, Duration connectionTimeout,
                           int h2WriteBufferMb) {
        public static final int DEFAULT_POOL_SIZE = 16;
        public static final Duration DEFAULT_CONNECTION_TIMEOUT = Duration.ofSeconds(30);
        /**
         * Changed pages H2 keeps in memory before it writes them out, against its own 19 MiB. Ingest
         * inserts into five audit-trail indexes at thousands of places per transaction; with 19 MiB H2
         * wrote out nearly every changed index page after every transaction, each holding a few new
         * entries. 1,000,000-event ingest benchmark: 7,820-9,993 events/s and a 5.1-5.5 GiB file at
         * 19 MiB, 13,045-14,820 events/s and 2.0-2.2 GiB at 256 MiB (docs/reporting-ingest.md). It is
         * heap: the deployed 1 GiB leaves room for it.
         */
        public static final int DEFAULT_H2_WRITE_BUFFER_MB = 256;

        public Database {
            require(url != null && url.startsWith("jdbc:"), "database.url", "must be a JDBC URL starting with jdbc:");
            require(user != null, "database.user", "must be set");
            password = password == null ? "" : password;
            require(poolSize >= 1 && poolSize <= 1000, "database.pool-size",
                    "must be between 1 and 1000, got " + poolSize);
            // HikariCP refuses less than 250 ms.
            require(connectionTimeout != null && connectionTimeout.toMillis() >= 250
                            && connectionTimeout.toMillis() <= 600_000, "database.connection-timeout-ms",
                    "must be between 250 and 600000, got " + millis(connectionTimeout));
            require(h2WriteBufferMb >= 1 && h2WriteBufferMb <= 4096, "database.h2-write-buffer-mb",
                    "must be between 1 and 4096, got " + h2WriteBufferMb);
        }

        /** The default H2 write buffer. */
        public Database(String url, String user, String password, int poolSize, Duration connectionTimeout) {
            this(url, user, password, poolSize, connectionTimeout, DEFAULT_H2_WRITE_BUFFER_MB);
        }

        /** The default pool size, connection timeout and H2 write buffer. */
        public Database(String url, String user, String password) {
            this(url, user, password, DEFAULT_POOL_SIZE, DEFAULT_CONNECTION_TIMEOUT);
        }

        /** Whether the URL names H2, which brings its own pool. */
        public boolean isH2() {
            return url.startsWith("jdbc:h2:");
        }

        static String defaultUrl(Path dataDir) {
            // H2 refuses relative file paths, and Storage has already made the directory absolute.
            // A 64 MiB page cache instead of H2's 16: profiled ingest spent a quarter of its time re-reading
            // index pages from the file once the audit trail's indexes outgrew the default.
            // H2's own compaction off: its passes grow with the write buffer and stalled the reports after a
            // catch-up; reporting-api compacts in small paced passes instead (H2Compactor).
            return "jdbc:h2:file:" + dataDir.resolve("reporting").resolve("keytrail")
                    + ";AUTO_SERVER=FALSE;CACHE_SIZE=65536;AUTO_COMPACT_FILL_RATE=0";
        }

        @Override
        public String toString() {
            return "Database[url=" + url + ", user=" + user + ", password=" + (password.isEmpty() ? "" : "***")
                    + ", poolSize=" + poolSize + ", connectionTimeout=" + connectionTimeout
                    + ", h2WriteBufferMb=" + h2WriteBufferMb + "]";
        }
    }

    /** The Kafka cluster, the topics reporting-api creates when missing, and its consumer group. */
    public record Kafka(String bootstrapServers, String topicPrefix, int topicPartitions, int topicReplicationFactor,
                        String groupId, Duration startupTimeout) {
        public Kafka {
            require(bootstrapServers != null && HOST_PORT_LIST.matcher(bootstrapServers).matches(),
                    "kafka.bootstrap-servers", "must be a comma-separated list of host:port, got '" + bootstrapServers + "'");
            try {
                new Topics(Objects.requireNonNull(topicPrefix, "topic prefix"));
            } catch (RuntimeException e) {
                throw ConfigException.invalid("kafka.topic-prefix", e.getMessage());
            }
            require(topicPartitions >= 1 && topicPartitions <= 10_000, "kafka.topic-partitions",
                    "must be between 1 and 10000, got " + topicPartitions);
            require(topicReplicationFactor >= 1 && topicReplicationFactor <= Short.MAX_VALUE,
                    "kafka.topic-replication-factor", "must be between 1 and 32767, got " + topicReplicationFactor);
            require(groupId != null && !groupId.isBlank(), "kafka.group-id", "must not be empty");
            require(startupTimeout != null && startupTimeout.toMillis() >= 1000, "kafka.startup-timeout-ms",
                    "must be at least 1000, got " + millis(startupTimeout));
        }

        public Topics topics() {
            return new Topics(topicPrefix);
        }
    }

    /**
     * How the outbox publisher drains committed changes to Kafka. {@code pollInterval} is its rest
     * between rounds while rows keep coming; while the outbox stays empty the rest doubles up to
     * 500 ms (or the poll interval, if longer), so an idle publisher does not poll all the time.
     */
    public record Outbox(Duration pollInterval, int batchSize, Duration sendTimeout) {
        public Outbox {
            require(pollInterval != null && pollInterval.toMillis() >= 1 && pollInterval.toMillis() <= 60_000,
                    "outbox.poll-interval-ms", "must be between 1 and 60000, got " + millis(pollInterval));
            require(batchSize >= 1 && batchSize <= 10_000, "outbox.batch-size",
                    "must be between 1 and 10000, got " + batchSize);
            require(sendTimeout != null && sendTimeout.toMillis() >= 1000 && sendTimeout.toMillis() <= 600_000,
                    "outbox.send-timeout-ms", "must be between 1000 and 600000, got " + millis(sendTimeout));
        }
    }

    /**
     * The admin credential.
     *
     * @param token the bearer token admins present, or {@code null} to generate one on first start
     */
    public record Admin(String token) {
        public Admin {
            if (token != null) {
                require(token.length() >= 16, "admin.token", "must be at least 16 characters");
                require(token.chars().allMatch(c -> c > 0x20 && c < 0x7f), "admin.token",
                        "must be printable ASCII without spaces");
            }
        }

        @Override
        public String toString() {
            return "Admin[token=" + (token == null ? "generated" : "***") + "]";
        }
    }

    /**
     * How issued keys are kept recoverable.
     *
     * @param masterKey base64 of the 32-byte AES key that encrypts stored keys, or {@code null} to
     *                  generate one on first start
     * @param expirySweepInterval how often keys past their expiry are recorded as {@code EXPIRED};
     *                  gateways refuse them on time regardless, this bounds how late the trail says so
     */
    public record Keys(String masterKey, Duration expirySweepInterval) {
        public static final int MASTER_KEY_BYTES = 32;

        public Keys {
            require(expirySweepInterval != null && expirySweepInterval.toMillis() >= 100
                            && expirySweepInterval.toMillis() <= 3_600_000, "keys.expiry-sweep-interval-ms",
                    "must be between 100 and 3600000, got " + millis(expirySweepInterval));
            if (masterKey != null) {
                // The message never quotes the value: it is the secret that guards every key.
                require(decodesToKeyLength(masterKey), "keys.master-key",
                        "must be the base64 of exactly " + MASTER_KEY_BYTES + " random bytes");
            }
        }

        private static boolean decodesToKeyLength(String value) {
            try {
                return Base64.getDecoder().decode(value.strip()).length == MASTER_KEY_BYTES;
            } catch (IllegalArgumentException e) {
                return false;
            }
        }

        @Override
        public String toString() {
            return "Keys[masterKey=" + (masterKey == null ? "generated" : "***") + ", expirySweepInterval="
                    + expirySweepInterval + "]";
        }
    }

    /**
     * How developers reach their own usage report ({@code GET /reports/me/usage}) with their API key.
     *
     * @param keyHeader         the request header carrying the key, as at the gateway
     * @param maxFailedAttempts failed key attempts per client IP per minute before it is refused (429)
     */
    public record SelfService(String keyHeader, int maxFailedAttempts) {
        private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]{1,64}");

        public SelfService {
            require(keyHeader != null && HEADER_NAME.matcher(keyHeader).matches(), "self-service.key-header",
                    "must be an HTTP header name of 1 to 64 characters, got '" + keyHeader + "'");
            require(!keyHeader.equalsIgnoreCase("authorization"), "self-service.key-header",
                    "must not be Authorization, which carries the admin token");
            require(maxFailedAttempts >= 1 && maxFailedAttempts <= 10_000, "self-service.max-failed-attempts",
                    "must be between 1 and 10000, got " + maxFailedAttempts);
        }
    }

    /**
     * How the topics are brought into the database.
     *
     * @param maxPollRecords the most records one poll returns: one poll is one database transaction,
     *                       so this bounds a transaction's size and sets how well inserts are batched
     */
    public record Ingest(int maxPollRecords) {
        public Ingest {
            require(maxPollRecords >= 1 && maxPollRecords <= 50_000, "ingest.max-poll-records",
                    "must be between 1 and 50000, got " + maxPollRecords);
        }
    }

    /**
     * How long stored data is kept, and how it is deleted.
     *
     * @param auditDays       days the audit trail (auth events, key events, alerts) is kept, by event time
     * @param usageDays       days usage windows (per developer and per key) are kept, by window start
     * @param sweepInterval   how often expired rows are deleted
     * @param deleteBatchSize the most rows one delete transaction removes, so a sweep never holds a huge one
     */
    public record Retention(int auditDays, int usageDays, Duration sweepInterval, int deleteBatchSize) {
        public Retention {
            require(auditDays >= 1 && auditDays <= 36_500, "retention.audit-days",
                    "must be between 1 and 36500, got " + auditDays);
            require(usageDays >= 1 && usageDays <= 36_500, "retention.usage-days",
                    "must be between 1 and 36500, got " + usageDays);
            require(sweepInterval != null && sweepInterval.toMillis() >= 1000
                            && sweepInterval.toMillis() <= 86_400_000, "retention.sweep-interval-ms",
                    "must be between 1000 and 86400000, got " + millis(sweepInterval));
            require(deleteBatchSize >= 1 && deleteBatchSize <= 100_000, "retention.delete-batch-size",
                    "must be between 1 and 100000, got " + deleteBatchSize);
        }

        public Duration audit() {
            return Duration.ofDays(auditDays);
        }

        public Duration usage() {
            return Duration.ofDays(usageDays);
        }
    }

    /**
     * Reads the settings once: defaults, then {@code file} when given, then {@code env} on top.
     *
     * @throws ConfigException naming the first setting that cannot be used
     */
    public static ReportingSettings load(Path file, Map<String, String> env) {
        Objects.requireNonNull(env, "env");
        SettingsSource source = SettingsSource.read(file, env, ENVIRONMENT_VARIABLES);
        try {
            Http http = new Http(
                    source.string("http.host", "127.0.0.1"),
                    source.integer("http.port", 8090),
                    source.integer("http.max-request-bytes", 64 * 1024));
            Storage storage = new Storage(path(source.string("storage.data-dir", ".keytrail")));
            Database database = new Database(
                    source.string("database.url", Database.defaultUrl(storage.dataDir())),
                    source.string("database.user", "sa"),
                    source.string("database.password", ""),
                    source.integer("database.pool-size", Database.DEFAULT_POOL_SIZE),
                    Duration.ofMillis(source.integer("database.connection-timeout-ms",
                            (int) Database.DEFAULT_CONNECTION_TIMEOUT.toMillis())),
                    source.integer("database.h2-write-buffer-mb", Database.DEFAULT_H2_WRITE_BUFFER_MB));
            Kafka kafka = new Kafka(
                    source.string("kafka.bootstrap-servers", "127.0.0.1:9092"),
                    source.string("kafka.topic-prefix", Topics.DEFAULT_PREFIX),
                    source.integer("kafka.topic-partitions", 3),
                    source.integer("kafka.topic-replication-factor", 1),
                    source.string("kafka.group-id", "keytrail-reporting"),
                    Duration.ofMillis(source.integer("kafka.startup-timeout-ms", 30_000)));
            Outbox outbox = new Outbox(
                    Duration.ofMillis(source.integer("outbox.poll-interval-ms", 50)),
                    source.integer("outbox.batch-size", 500),
                    Duration.ofMillis(source.integer("outbox.send-timeout-ms", 30_000)));
            Admin admin = new Admin(source.string("admin.token", null));
            Keys keys = new Keys(source.string("keys.master-key", null),
                    Duration.ofMillis(source.integer("keys.expiry-sweep-interval-ms", 5_000)));
            SelfService selfService = new SelfService(source.string("self-service.key-header", "x-apim-key"),
                    source.integer("self-service.max-failed-attempts", 10));
            Ingest ingest = new Ingest(source.integer("ingest.max-poll-records", 5_000));
            Retention retention = new Retention(
                    source.integer("retention.audit-days", 30),
                    source.integer("retention.usage-days", 400),
                    Duration.ofMillis(source.integer("retention.sweep-interval-ms", 3_600_000)),
                    source.integer("retention.delete-batch-size", 5_000));
            return new ReportingSettings(http, storage, database, kafka, outbox, admin, keys, selfService, ingest,
                    retention);
        } catch (ConfigException e) {
            throw source.withOrigin(e);
        }
    }

    private static Path path(String value) {
        try {
            return Path.of(value);
        } catch (InvalidPathException e) {
            throw ConfigException.invalid("storage.data-dir", "not a usable path: " + e.getMessage());
        }
    }

    private static String millis(Duration duration) {
        return duration == null ? "nothing" : Long.toString(duration.toMillis());
    }

    private static void require(boolean ok, String setting, String problem) {
        if (!ok) {
            throw ConfigException.invalid(setting, problem);
        }
    }

    private static Map<String, String> environmentVariables() {
        Map<String, String> names = new LinkedHashMap<>();
        names.put("http.host", "KEYTRAIL_REPORTING_HOST");
        names.put("http.port", "KEYTRAIL_REPORTING_PORT");
        names.put("http.max-request-bytes", "KEYTRAIL_REPORTING_MAX_REQUEST_BYTES");
        names.put("storage.data-dir", "KEYTRAIL_DATA_DIR");
        names.put("database.url", "KEYTRAIL_DATABASE_URL");
        names.put("database.user", "KEYTRAIL_DATABASE_USER");
        names.put("database.password", "KEYTRAIL_DATABASE_PASSWORD");
        names.put("database.pool-size", "KEYTRAIL_DATABASE_POOL_SIZE");
        names.put("database.connection-timeout-ms", "KEYTRAIL_DATABASE_CONNECTION_TIMEOUT_MS");
        names.put("database.h2-write-buffer-mb", "KEYTRAIL_DATABASE_H2_WRITE_BUFFER_MB");
        names.put("kafka.bootstrap-servers", "KEYTRAIL_KAFKA_BOOTSTRAP");
        names.put("kafka.topic-prefix", "KEYTRAIL_TOPIC_PREFIX");
        names.put("kafka.topic-partitions", "KEYTRAIL_TOPIC_PARTITIONS");
        names.put("kafka.topic-replication-factor", "KEYTRAIL_TOPIC_REPLICATION_FACTOR");
        names.put("kafka.group-id", "KEYTRAIL_REPORTING_GROUP_ID");
        names.put("kafka.startup-timeout-ms", "KEYTRAIL_KAFKA_STARTUP_TIMEOUT_MS");
        names.put("outbox.poll-interval-ms", "KEYTRAIL_OUTBOX_POLL_INTERVAL_MS");
        names.put("outbox.batch-size", "KEYTRAIL_OUTBOX_BATCH_SIZE");
        names.put("outbox.send-timeout-ms", "KEYTRAIL_OUTBOX_SEND_TIMEOUT_MS");
        names.put("admin.token", "KEYTRAIL_ADMIN_TOKEN");
        names.put("keys.master-key", "KEYTRAIL_MASTER_KEY");
        names.put("keys.expiry-sweep-interval-ms", "KEYTRAIL_KEY_EXPIRY_SWEEP_INTERVAL_MS");
        names.put("self-service.key-header", "KEYTRAIL_KEY_HEADER");
        names.put("self-service.max-failed-attempts", "KEYTRAIL_SELF_SERVICE_MAX_FAILED_ATTEMPTS");
        names.put("ingest.max-poll-records", "KEYTRAIL_INGEST_MAX_POLL_RECORDS");
        names.put("retention.audit-days", "KEYTRAIL_RETENTION_AUDIT_DAYS");
        names.put("retention.usage-days", "KEYTRAIL_RETENTION_USAGE_DAYS");
        names.put("retention.sweep-interval-ms", "KEYTRAIL_RETENTION_SWEEP_INTERVAL_MS");
        names.put("retention.delete-batch-size", "KEYTRAIL_RETENTION_DELETE_BATCH_SIZE");
        return java.util.Collections.unmodifiableMap(names);
    }
}
