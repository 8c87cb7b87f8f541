package io.keytrail.reporting.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ReportingSettingsTest {

    @TempDir
    Path dir;

    @Test
    void defaultsWithoutFileOrEnvironment() {
        ReportingSettings s = ReportingSettings.load(null, Map.of());

        assertEquals("127.0.0.1", s.http().host());
        assertEquals(8090, s.http().port());
        assertEquals(65536, s.http().maxRequestBytes());
        Path dataDir = Path.of(".keytrail").toAbsolutePath().normalize();
        assertEquals(dataDir, s.storage().dataDir());
        assertEquals(dataDir.resolve("admin-token"), s.storage().adminTokenFile());
        assertEquals("jdbc:h2:file:" + dataDir.resolve("reporting").resolve("keytrail") + ";AUTO_SERVER=FALSE;CACHE_SIZE=65536;AUTO_COMPACT_FILL_RATE=0",
                s.database().url());
        assertEquals("sa", s.database().user());
        assertEquals("", s.database().password());
        assertEquals(16, s.database().poolSize());
        assertEquals(Duration.ofSeconds(30), s.database().connectionTimeout());
        assertTrue(s.database().isH2());
        assertEquals("127.0.0.1:9092", s.kafka().bootstrapServers());
        assertEquals("keytrail.", s.kafka().topicPrefix());
        assertEquals("keytrail.keys", s.kafka().topics().keys());
        assertEquals(3, s.kafka().topicPartitions());
        assertEquals(1, s.kafka().topicReplicationFactor());
        assertEquals("keytrail-reporting", s.kafka().groupId());
        assertEquals(Duration.ofSeconds(30), s.kafka().startupTimeout());
        assertEquals(Duration.ofMillis(50), s.outbox().pollInterval());
        assertEquals(500, s.outbox().batchSize());
        assertEquals(Duration.ofSeconds(30), s.outbox().sendTimeout());
        assertNull(s.admin().token());
        assertEquals("x-apim-key", s.selfService().keyHeader());
        assertEquals(10, s.selfService().maxFailedAttempts());
        assertEquals(5000, s.ingest().maxPollRecords());
        assertEquals(30, s.retention().auditDays());
        assertEquals(Duration.ofDays(30), s.retention().audit());
        assertEquals(400, s.retention().usageDays());
        assertEquals(Duration.ofDays(400), s.retention().usage());
        assertEquals(Duration.ofHours(1), s.retention().sweepInterval());
        assertEquals(5000, s.retention().deleteBatchSize());
    }

    @Test
    void ingestAndRetentionSettingsAreRead() {
        ReportingSettings s = ReportingSettings.load(null, Map.of(
                "KEYTRAIL_INGEST_MAX_POLL_RECORDS", "200",
                "KEYTRAIL_RETENTION_AUDIT_DAYS", "7",
                "KEYTRAIL_RETENTION_USAGE_DAYS", "90",
                "KEYTRAIL_RETENTION_SWEEP_INTERVAL_MS", "60000",
                "KEYTRAIL_RETENTION_DELETE_BATCH_SIZE", "100"));

        assertEquals(200, s.ingest().maxPollRecords());
        assertEquals(7, s.retention().auditDays());
        assertEquals(90, s.retention().usageDays());
        assertEquals(Duration.ofMinutes(1), s.retention().sweepInterval());
        assertEquals(100, s.retention().deleteBatchSize());
    }

    @Test
    void theKeyHeaderCannotBeTheAdminTokensHeader() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ReportingSettings.load(null, Map.of("KEYTRAIL_KEY_HEADER", "Authorization")));
        assertEquals("self-service.key-header", e.setting());
        assertTrue(e.getMessage().contains("must not be Authorization"), e.getMessage());
    }

    @Test
    void dataDirectoryMovesTheDefaultDatabase() {
        ReportingSettings s = ReportingSettings.load(null, Map.of("KEYTRAIL_DATA_DIR", dir.toString()));

        assertEquals(dir.toAbsolutePath(), s.storage().dataDir());
        assertEquals("jdbc:h2:file:" + dir.toAbsolutePath().resolve("reporting/keytrail") + ";AUTO_SERVER=FALSE;CACHE_SIZE=65536;AUTO_COMPACT_FILL_RATE=0",
                s.database().url());
    }

    @Test
    void fileValuesApplyAndEnvironmentWins() throws IOException {
        Path file = write("""
                http.host=0.0.0.0
                http.port=9000
                database.url=jdbc:h2:mem:x
                database.pool-size=4
                kafka.bootstrap-servers=k1:9092,k2:9093
                kafka.topic-prefix=acme.
                outbox.batch-size=10
                admin.token=file-token-0123456789
                """);

        ReportingSettings s = ReportingSettings.load(file, Map.of(
                "KEYTRAIL_REPORTING_PORT", "9100",
                "KEYTRAIL_ADMIN_TOKEN", "env-token-0123456789",
                "KEYTRAIL_TOPIC_PARTITIONS", "6",
                "KEYTRAIL_DATABASE_H2_WRITE_BUFFER_MB", "64"));

        assertEquals("0.0.0.0", s.http().host());
        assertEquals(64, s.database().h2WriteBufferMb());
        assertEquals(9100, s.http().port());
        assertEquals("jdbc:h2:mem:x", s.database().url());
        assertEquals(4, s.database().poolSize());
        assertEquals("k1:9092,k2:9093", s.kafka().bootstrapServers());
        assertEquals("acme.", s.kafka().topicPrefix());
        assertEquals(6, s.kafka().topicPartitions());
        assertEquals(10, s.outbox().batchSize());
        assertEquals("env-token-0123456789", s.admin().token());
    }

    @Test
    void everyEnvironmentVariableOverridesItsSetting() {
        ReportingSettings s = ReportingSettings.load(null, Map.ofEntries(
                Map.entry("KEYTRAIL_REPORTING_HOST", "::1"),
                Map.entry("KEYTRAIL_REPORTING_PORT", "0"),
                Map.entry("KEYTRAIL_REPORTING_MAX_REQUEST_BYTES", "2048"),
                Map.entry("KEYTRAIL_DATABASE_URL", "jdbc:postgresql://db/keytrail"),
                Map.entry("KEYTRAIL_DATABASE_USER", "keytrail"),
                Map.entry("KEYTRAIL_DATABASE_PASSWORD", "s3cret"),
                Map.entry("KEYTRAIL_DATABASE_POOL_SIZE", "40"),
                Map.entry("KEYTRAIL_DATABASE_CONNECTION_TIMEOUT_MS", "2500"),
                Map.entry("KEYTRAIL_KAFKA_BOOTSTRAP", "broker:29092"),
                Map.entry("KEYTRAIL_TOPIC_PREFIX", "t-"),
                Map.entry("KEYTRAIL_TOPIC_REPLICATION_FACTOR", "3"),
                Map.entry("KEYTRAIL_REPORTING_GROUP_ID", "g"),
                Map.entry("KEYTRAIL_KAFKA_STARTUP_TIMEOUT_MS", "5000"),
                Map.entry("KEYTRAIL_OUTBOX_POLL_INTERVAL_MS", "20"),
                Map.entry("KEYTRAIL_OUTBOX_SEND_TIMEOUT_MS", "2000"),
                Map.entry("KEYTRAIL_KEY_HEADER", "X-Api-Key"),
                Map.entry("KEYTRAIL_SELF_SERVICE_MAX_FAILED_ATTEMPTS", "3")));

        assertEquals("::1", s.http().host());
        assertEquals(0, s.http().port());
        assertEquals(2048, s.http().maxRequestBytes());
        assertEquals("jdbc:postgresql://db/keytrail", s.database().url());
        assertEquals("keytrail", s.database().user());
        assertEquals("s3cret", s.database().password());
        assertEquals(40, s.database().poolSize());
        assertEquals(Duration.ofMillis(2500), s.database().connectionTimeout());
        assertFalse(s.database().isH2());
        assertEquals("broker:29092", s.kafka().bootstrapServers());
        assertEquals("t-", s.kafka().topicPrefix());
        assertEquals(3, s.kafka().topicReplicationFactor());
        assertEquals("g", s.kafka().groupId());
        assertEquals(Duration.ofSeconds(5), s.kafka().startupTimeout());
        assertEquals(Duration.ofMillis(20), s.outbox().pollInterval());
        assertEquals(Duration.ofSeconds(2), s.outbox().sendTimeout());
        assertEquals("X-Api-Key", s.selfService().keyHeader());
        assertEquals(3, s.selfService().maxFailedAttempts());
    }

    @Test
    void blankEnvironmentVariablesCountAsUnset() {
        ReportingSettings s = ReportingSettings.load(null, Map.of("KEYTRAIL_REPORTING_PORT", " ", "KEYTRAIL_ADMIN_TOKEN", ""));
        assertEquals(8090, s.http().port());
        assertNull(s.admin().token());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "KEYTRAIL_REPORTING_PORT | abc | http.port",
            "KEYTRAIL_REPORTING_PORT | 70000 | http.port",
            "KEYTRAIL_REPORTING_PORT | -1 | http.port",
            "KEYTRAIL_REPORTING_MAX_REQUEST_BYTES | 10 | http.max-request-bytes",
            "KEYTRAIL_DATABASE_URL | postgres://db | database.url",
            "KEYTRAIL_DATABASE_POOL_SIZE | 0 | database.pool-size",
            "KEYTRAIL_DATABASE_POOL_SIZE | 1001 | database.pool-size",
            "KEYTRAIL_DATABASE_POOL_SIZE | ten | database.pool-size",
            "KEYTRAIL_DATABASE_CONNECTION_TIMEOUT_MS | 249 | database.connection-timeout-ms",
            "KEYTRAIL_DATABASE_CONNECTION_TIMEOUT_MS | 600001 | database.connection-timeout-ms",
            "KEYTRAIL_DATABASE_H2_WRITE_BUFFER_MB | 0 | database.h2-write-buffer-mb",
            "KEYTRAIL_DATABASE_H2_WRITE_BUFFER_MB | 4097 | database.h2-write-buffer-mb",
            "KEYTRAIL_KAFKA_BOOTSTRAP | localhost | kafka.bootstrap-servers",
            "KEYTRAIL_KAFKA_BOOTSTRAP | a:1,,b:2 | kafka.bootstrap-servers",
            "KEYTRAIL_TOPIC_PREFIX | bad prefix! | kafka.topic-prefix",
            "KEYTRAIL_TOPIC_PARTITIONS | 0 | kafka.topic-partitions",
            "KEYTRAIL_TOPIC_REPLICATION_FACTOR | 40000 | kafka.topic-replication-factor",
            "KEYTRAIL_KAFKA_STARTUP_TIMEOUT_MS | 10 | kafka.startup-timeout-ms",
            "KEYTRAIL_OUTBOX_POLL_INTERVAL_MS | 0 | outbox.poll-interval-ms",
            "KEYTRAIL_OUTBOX_BATCH_SIZE | 1e3 | outbox.batch-size",
            "KEYTRAIL_OUTBOX_SEND_TIMEOUT_MS | 10 | outbox.send-timeout-ms",
            "KEYTRAIL_INGEST_MAX_POLL_RECORDS | 0 | ingest.max-poll-records",
            "KEYTRAIL_INGEST_MAX_POLL_RECORDS | 50001 | ingest.max-poll-records",
            "KEYTRAIL_RETENTION_AUDIT_DAYS | 0 | retention.audit-days",
            "KEYTRAIL_RETENTION_AUDIT_DAYS | 36501 | retention.audit-days",
            "KEYTRAIL_RETENTION_AUDIT_DAYS | thirty | retention.audit-days",
            "KEYTRAIL_RETENTION_USAGE_DAYS | -5 | retention.usage-days",
            "KEYTRAIL_RETENTION_USAGE_DAYS | 36501 | retention.usage-days",
            "KEYTRAIL_RETENTION_SWEEP_INTERVAL_MS | 999 | retention.sweep-interval-ms",
            "KEYTRAIL_RETENTION_SWEEP_INTERVAL_MS | 86400001 | retention.sweep-interval-ms",
            "KEYTRAIL_RETENTION_DELETE_BATCH_SIZE | 0 | retention.delete-batch-size",
            "KEYTRAIL_RETENTION_DELETE_BATCH_SIZE | 100001 | retention.delete-batch-size",
            "KEYTRAIL_ADMIN_TOKEN | short | admin.token",
            "KEYTRAIL_ADMIN_TOKEN | has spaces in the token | admin.token",
            "KEYTRAIL_KEY_HEADER | x apim key | self-service.key-header",
            "KEYTRAIL_KEY_HEADER | x-apim-key: | self-service.key-header",
            "KEYTRAIL_SELF_SERVICE_MAX_FAILED_ATTEMPTS | 0 | self-service.max-failed-attempts",
            "KEYTRAIL_SELF_SERVICE_MAX_FAILED_ATTEMPTS | 10001 | self-service.max-failed-attempts",
    })
    void aBadEnvironmentValueNamesTheSettingAndTheVariable(String variable, String value, String setting) {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ReportingSettings.load(null, Map.of(variable, value)));

        assertEquals(setting, e.setting());
        assertTrue(e.getMessage().contains(setting), e.getMessage());
        assertTrue(e.getMessage().contains(variable), e.getMessage());
        if (setting.equals("admin.token") || setting.equals("database.url")) {
            // may hold secrets: never echoed
            assertFalse(e.getMessage().contains(value), "a secret must not be echoed: " + e.getMessage());
        } else {
            assertTrue(e.getMessage().contains(value.strip()), e.getMessage());
        }
    }

    @Test
    void aBadFileValueNamesTheSettingAndTheFile() throws IOException {
        Path file = write("http.port=eighty\n");

        ConfigException e = assertThrows(ConfigException.class, () -> ReportingSettings.load(file, Map.of()));

        assertTrue(e.getMessage().contains("http.port"), e.getMessage());
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    }

    @Test
    void anUnknownKeyInTheFileIsRefused() throws IOException {
        Path file = write("http.prot=8080\n");

        ConfigException e = assertThrows(ConfigException.class, () -> ReportingSettings.load(file, Map.of()));

        assertTrue(e.getMessage().contains("http.prot"), e.getMessage());
    }

    @Test
    void aMissingFileIsRefused() {
        Path missing = dir.resolve("nope.properties");

        ConfigException e = assertThrows(ConfigException.class, () -> ReportingSettings.load(missing, Map.of()));

        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
    }

    @Test
    void theMasterKeyIsGeneratedUnlessGiven() {
        String given = Base64.getEncoder().encodeToString(new byte[32]);

        assertNull(ReportingSettings.load(null, Map.of()).keys().masterKey());
        assertEquals(Path.of(".keytrail").toAbsolutePath().normalize().resolve("master-key"),
                ReportingSettings.load(null, Map.of()).storage().masterKeyFile());
        assertEquals(given, ReportingSettings.load(null, Map.of("KEYTRAIL_MASTER_KEY", given)).keys().masterKey());
        assertEquals("KEYTRAIL_MASTER_KEY", ReportingSettings.ENVIRONMENT_VARIABLES.get("keys.master-key"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"not-base64!", "c2hvcnQ=",
            "QUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFB"})
    void aBadMasterKeyNamesTheSettingWithoutEchoingIt(String value) {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ReportingSettings.load(null, Map.of("KEYTRAIL_MASTER_KEY", value)));

        assertEquals("keys.master-key", e.setting());
        assertTrue(e.getMessage().contains("keys.master-key"), e.getMessage());
        assertTrue(e.getMessage().contains("KEYTRAIL_MASTER_KEY"), e.getMessage());
        assertFalse(e.getMessage().contains(value), "a secret must not be echoed: " + e.getMessage());
    }

    @Test
    void theDatabaseSectionCheckedWhereverItIsBuilt() {
        ConfigException size = assertThrows(ConfigException.class,
                () -> new ReportingSettings.Database("jdbc:postgresql://db/k", "k", "p", 0, Duration.ofSeconds(1)));
        ConfigException timeout = assertThrows(ConfigException.class,
                () -> new ReportingSettings.Database("jdbc:postgresql://db/k", "k", "p", 1, null));

        assertEquals("database.pool-size", size.setting());
        assertTrue(size.getMessage().contains("between 1 and 1000, got 0"), size.getMessage());
        assertEquals("database.connection-timeout-ms", timeout.setting());
        assertTrue(timeout.getMessage().contains("between 250 and 600000, got nothing"), timeout.getMessage());
        assertEquals(new ReportingSettings.Database("jdbc:h2:mem:x", "sa", "", 16, Duration.ofSeconds(30), 256),
                new ReportingSettings.Database("jdbc:h2:mem:x", "sa", ""));
    }

    @Test
    void secretsStayOutOfToString() {
        ReportingSettings s = ReportingSettings.load(null, Map.of(
                "KEYTRAIL_DATABASE_PASSWORD", "db-password-value",
                "KEYTRAIL_ADMIN_TOKEN", "admin-token-value-123",
                "KEYTRAIL_MASTER_KEY", Base64.getEncoder().encodeToString(new byte[32])));

        assertFalse(s.toString().contains(Base64.getEncoder().encodeToString(new byte[32])), s.toString());
        assertFalse(s.toString().contains("db-password-value"), s.toString());
        assertFalse(s.toString().contains("admin-token-value-123"), s.toString());
    }

    private Path write(String content) throws IOException {
        Path file = dir.resolve("reporting.properties");
        Files.writeString(file, content);
        return file;
    }
}
