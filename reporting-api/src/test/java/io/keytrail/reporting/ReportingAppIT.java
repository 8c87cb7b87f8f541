package io.keytrail.reporting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.keytrail.events.EventSerdes;
import io.keytrail.events.Json;
import io.keytrail.events.KeyLifecycleEvent;
import io.keytrail.events.KeyRecord;
import io.keytrail.events.KeyStatus;
import io.keytrail.events.Topics;
import io.keytrail.events.UsageWindow;
import io.keytrail.infra.kafka.KafkaExtension;
import io.keytrail.infra.kafka.TestKafka;
import io.keytrail.reporting.config.ReportingSettings;
import io.keytrail.reporting.keys.KeyHashing;
import io.keytrail.reporting.support.TestDatabase;
import io.keytrail.reporting.support.TestDatabaseExtension;
import io.keytrail.reporting.support.TopicReader;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith({KafkaExtension.class, TestDatabaseExtension.class})
class ReportingAppIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    @TempDir
    Path dir;
    private final HttpClient http = HttpClient.newHttpClient();
    private TestDatabase database;

    @BeforeEach
    void database(TestDatabase database) {
        this.database = database;
    }

    @Test
    void aCreatedKeyReachesTheKeysTopicAndUsageReachesTheReport(TestKafka kafka) throws Exception {
        String prefix = "app-" + System.nanoTime() + ".";
        Topics topics = new Topics(prefix);
        try (ReportingApp app = ReportingApp.start(settings(kafka, prefix))) {
            assertTrue(app.port() > 0);
            assertEquals(200, send(app, "GET", "/health", null, null).statusCode());

            createOwners(app, app.adminToken(), "mobile", "alice");
            HttpResponse<String> created = send(app, "POST", "/admin/projects/mobile/keys",
                    "{\"developer\":\"alice\",\"description\":\"Key for Mobile App Access\"}", app.adminToken());
            assertEquals(201, created.statusCode(), created.body());
            JsonNode body = Json.mapper().readTree(created.body());
            String key = body.path("key").asText();
            String keyId = body.path("keyId").asText();

            ConsumerRecord<String, byte[]> published = TopicReader.readAll(kafka.bootstrapServers(), topics.keys(), 1, TIMEOUT)
                    .stream().filter(r -> keyId.equals(r.key())).findFirst().orElse(null);
            assertNotNull(published, "no record for " + keyId + " on " + topics.keys());
            assertFalse(new String(published.value(), StandardCharsets.UTF_8).contains(key), "the key itself was published");
            KeyRecord record = EventSerdes.keyRecord().deserialize(topics.keys(), published.value());
            assertEquals(KeyHashing.sha256Hex(key), record.keyHash());
            assertEquals(keyId, record.keyId());
            assertEquals("alice", record.developerId());
            assertEquals("mobile", record.projectId());
            assertEquals(KeyStatus.ACTIVE, record.status());
            assertEquals(key.substring(0, 4), record.keyHint());

            Instant start = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(5, ChronoUnit.MINUTES);
            UsageWindow window = new UsageWindow(UsageWindow.SCHEMA_VERSION, "alice", start, start.plusSeconds(60), 42, 3,
                    start.plusSeconds(59));
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                    Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                    new StringSerializer(), new ByteArraySerializer())) {
                producer.send(new ProducerRecord<>(topics.usage(), window.key(),
                        EventSerdes.usageWindow().serialize(topics.usage(), window))).get();
            }

            JsonNode seen = null;
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (seen == null && System.nanoTime() < deadline) {
                HttpResponse<String> report = send(app, "GET", "/reports/developers/alice/usage?granularity=minute", null,
                        app.adminToken());
                assertEquals(200, report.statusCode(), report.body());
                JsonNode windows = Json.mapper().readTree(report.body()).path("windows");
                if (windows.size() == 1) {
                    seen = windows.get(0);
                } else {
                    Thread.sleep(100);
                }
            }
            assertNotNull(seen, "the usage window did not reach the report within 10 s");
            assertEquals(start.toString(), seen.path("windowStart").asText());
            assertEquals(42, seen.path("success").asLong());
            assertEquals(3, seen.path("failure").asLong());
        }
    }

    @Test
    void aRevokedKeyReachesTheKeysTopicAsRevokedWithItsLifecycleEvents(TestKafka kafka) throws Exception {
        String prefix = "revoke-" + System.nanoTime() + ".";
        Topics topics = new Topics(prefix);
        try (ReportingApp app = ReportingApp.start(settings(kafka, prefix))) {
            createOwners(app, app.adminToken(), "mobile", "alice");
            JsonNode created = Json.mapper().readTree(send(app, "POST", "/admin/projects/mobile/keys",
                    "{\"developer\":\"alice\",\"description\":\"to revoke\"}", app.adminToken()).body());
            String keyId = created.path("keyId").asText();
            String key = created.path("key").asText();
            assertEquals(200, send(app, "POST", "/admin/keys/" + keyId + "/reveal", null, app.adminToken()).statusCode());
            HttpResponse<String> revoked = send(app, "POST", "/admin/keys/" + keyId + "/revoke", null, app.adminToken());
            assertEquals(200, revoked.statusCode(), revoked.body());

            List<KeyRecord> records = TopicReader.readAll(kafka.bootstrapServers(), topics.keys(), 2, TIMEOUT).stream()
                    .filter(r -> keyId.equals(r.key()))
                    .map(r -> EventSerdes.keyRecord().deserialize(topics.keys(), r.value()))
                    .toList();
            assertEquals(KeyStatus.REVOKED, records.get(records.size() - 1).status(), records.toString());
            assertEquals(KeyHashing.sha256Hex(key), records.get(records.size() - 1).keyHash());
            assertEquals(2, records.get(records.size() - 1).version());

            List<ConsumerRecord<String, byte[]>> events =
                    TopicReader.readAll(kafka.bootstrapServers(), topics.keyEvents(), 3, TIMEOUT);
            assertEquals(List.of(KeyLifecycleEvent.Type.CREATED, KeyLifecycleEvent.Type.REVEALED,
                    KeyLifecycleEvent.Type.REVOKED), events.stream()
                    .filter(r -> keyId.equals(r.key()))
                    .map(r -> EventSerdes.keyLifecycleEvent().deserialize(topics.keyEvents(), r.value()).type())
                    .distinct().toList());
            for (ConsumerRecord<String, byte[]> event : events) {
                assertFalse(new String(event.value(), StandardCharsets.UTF_8).contains(key), "the key was published");
            }
        }
    }

    @Test
    void aRestartKeepsTheGeneratedAdminTokenMasterKeyAndTheDatabase(TestKafka kafka) throws Exception {
        String prefix = "restart-" + System.nanoTime() + ".";
        String token;
        JsonNode first;
        try (ReportingApp app = ReportingApp.start(settings(kafka, prefix))) {
            token = app.adminToken();
            createOwners(app, token, "p", "d");
            HttpResponse<String> created = send(app, "POST", "/admin/projects/p/keys",
                    "{\"developer\":\"d\",\"description\":\"one\"}", token);
            assertEquals(201, created.statusCode());
            first = Json.mapper().readTree(created.body());
        }
        Path dataDir = dir.resolve("data");
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir)));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir.resolve("admin-token"))));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir.resolve("master-key"))));
        assertEquals(token, Files.readString(dataDir.resolve("admin-token")).strip());
        String masterKey = Files.readString(dataDir.resolve("master-key"));

        try (ReportingApp again = ReportingApp.start(settings(kafka, prefix))) {
            assertEquals(token, again.adminToken());
            assertEquals(masterKey, Files.readString(dataDir.resolve("master-key")));
            HttpResponse<String> revealed = send(again, "POST", "/admin/keys/" + first.path("keyId").asText() + "/reveal",
                    null, token);
            assertEquals(first.path("key").asText(), Json.mapper().readTree(revealed.body()).path("key").asText(),
                    "a key issued before the restart is revealed after it");
            assertEquals(201, send(again, "POST", "/admin/projects/p/keys", "{\"developer\":\"d\",\"description\":\"two\"}",
                    token).statusCode());
            Topics topics = new Topics(prefix);
            assertEquals(2, TopicReader.readAll(kafka.bootstrapServers(), topics.keys(), 2, TIMEOUT).stream()
                    .map(ConsumerRecord::key).distinct().count());
        }
    }

    /** The environment an operator would give; on PostgreSQL, its URL, user and password as well. */
    private ReportingSettings settings(TestKafka kafka, String prefix) {
        Map<String, String> env = new HashMap<>(Map.of(
                "KEYTRAIL_DATA_DIR", dir.resolve("data").toString(),
                "KEYTRAIL_REPORTING_PORT", "0",
                "KEYTRAIL_KAFKA_BOOTSTRAP", kafka.bootstrapServers(),
                "KEYTRAIL_TOPIC_PREFIX", prefix));
        if (database.isPostgres()) {
            env.put("KEYTRAIL_DATABASE_URL", database.settings().url());
            env.put("KEYTRAIL_DATABASE_USER", database.settings().user());
            env.put("KEYTRAIL_DATABASE_PASSWORD", database.settings().password());
        }
        return ReportingSettings.load(null, env);
    }

    private HttpResponse<String> send(ReportingApp app, String method, String path, String body, String token)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path))
                .timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Keys are issued only to existing projects and developers: create them as an admin would. */
    private void createOwners(ReportingApp app, String token, String project, String developer) throws Exception {
        HttpResponse<String> createdProject = send(app, "POST", "/admin/projects", "{\"id\":\"" + project + "\"}", token);
        assertEquals(201, createdProject.statusCode(), createdProject.body());
        HttpResponse<String> createdDeveloper = send(app, "POST", "/admin/developers", "{\"id\":\"" + developer + "\"}",
                token);
        assertEquals(201, createdDeveloper.statusCode(), createdDeveloper.body());
    }
}
