package io.keytrail.infra.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.keytrail.events.Json;
import io.keytrail.events.Topics;
import io.keytrail.gateway.GatewayApp;
import io.keytrail.infra.kafka.KafkaExtension;
import io.keytrail.infra.kafka.TestKafka;
import io.keytrail.reporting.ReportingApp;
import io.keytrail.reporting.config.ReportingSettings;
import io.keytrail.streams.StreamsApp;
import io.keytrail.streams.StreamsSettings;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keys never rest in plaintext: after a generated key, an imported key and a rotated successor have
 * been issued, used through the gateway, revealed, updated, revoked and deleted, none of them is
 * found in any file of the data directory (database, secrets, Streams state), in the log, or in
 * any record of any topic on the broker. Each search proves it can see by finding the key ids.
 */
@ExtendWith(KafkaExtension.class)
class KeysAtRestIT {
    private static final Path LOG = Path.of("target/test-logs/stack-tests.log");
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    @TempDir
    Path dataDir;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void noKeyIsFoundInTheDataFilesTheLogsOrAnyTopic(TestKafka kafka) throws Exception {
        String prefix = "at-rest-" + System.nanoTime() + ".";
        Map<String, String> env = new HashMap<>();
        env.put("KEYTRAIL_DATA_DIR", dataDir.toString());
        env.put("KEYTRAIL_KAFKA_BOOTSTRAP", kafka.bootstrapServers());
        env.put("KEYTRAIL_TOPIC_PREFIX", prefix);
        env.put("KEYTRAIL_TOPIC_PARTITIONS", "1");
        env.put("KEYTRAIL_REPORTING_PORT", "0");
        env.put("KEYTRAIL_STREAMS_APP_ID", "at-rest-" + System.nanoTime());

        Map<String, String> keys = new LinkedHashMap<>();
        String unknownKey = randomKey(40);
        try (EchoUpstream upstream = new EchoUpstream("127.0.0.1", 0);
             ReportingApp reporting = ReportingApp.start(ReportingSettings.load(null, env));
             StreamsApp streams = StreamsApp.start(StreamsSettings.load(null, env));
             GatewayApp gateway = GatewayApp.start(StackFixtures.gateway(kafka, prefix, upstream, "gw-at-rest"))) {
            AdminApi admin = new AdminApi(http, "http://127.0.0.1:" + reporting.port(), reporting.adminToken());
            String url = "http://127.0.0.1:" + gateway.port() + "/echo/x";
            admin.ensureOwners("shop", "alice");

            JsonNode generated = created(admin.send("POST", "/admin/projects/shop/keys",
                    "{\"developer\":\"alice\",\"description\":\"generated\"}"));
            String importedValue = randomKey(40);
            JsonNode imported = created(admin.send("POST", "/admin/projects/shop/keys",
                    "{\"developer\":\"alice\",\"description\":\"imported\",\"key\":\"" + importedValue + "\"}"));
            keys.put(generated.get("keyId").asText(), generated.get("key").asText());
            keys.put(imported.get("keyId").asText(), importedValue);
            assertEquals(importedValue, imported.get("key").asText());

            for (String key : keys.values()) {
                awaitStatus(url, key, 200);
            }
            awaitStatus(url, unknownKey, 401);
            String generatedId = generated.get("keyId").asText();
            String importedId = imported.get("keyId").asText();
            assertEquals(200, admin.send("POST", "/admin/keys/" + generatedId + "/reveal", null).statusCode());
            JsonNode rotated = created(admin.send("POST", "/admin/keys/" + generatedId + "/rotate",
                    "{\"gracePeriodSeconds\":60}"));
            JsonNode successor = rotated.get("newKey");
            keys.put(successor.get("keyId").asText(), successor.get("key").asText());
            awaitStatus(url, successor.get("key").asText(), 200);
            assertEquals(200, admin.send("PATCH", "/admin/keys/" + importedId, "{\"description\":\"renamed\"}")
                    .statusCode());
            assertEquals(200, admin.send("POST", "/admin/keys/" + importedId + "/revoke", null).statusCode());
            assertEquals(204, admin.send("DELETE", "/admin/keys/" + generatedId, null).statusCode());
            awaitStatus(url, keys.get(generatedId), 401);
            awaitStatus(url, importedValue, 401);
            // Let the outbox, the audit publisher and Streams write everything they will write.
            awaitTopicHolds(kafka, new Topics(prefix).keyEvents(), "DELETED");
        }

        Map<String, String> secrets = new LinkedHashMap<>(keys);
        secrets.put("unknown", unknownKey);
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dataDir)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        List<byte[]> records = everyRecordOnTheBroker(kafka);

        List<String> leaks = new ArrayList<>();
        for (Map.Entry<String, String> secret : secrets.entrySet()) {
            byte[] needle = secret.getValue().getBytes(StandardCharsets.UTF_8);
            for (Path file : files) {
                if (contains(Files.readAllBytes(file), needle)) {
                    leaks.add(secret.getKey() + " in " + dataDir.relativize(file));
                }
            }
            if (contains(Files.readAllBytes(LOG), needle)) {
                leaks.add(secret.getKey() + " in the log");
            }
            for (byte[] record : records) {
                if (contains(record, needle)) {
                    leaks.add(secret.getKey() + " in a topic record: " + new String(record, StandardCharsets.UTF_8));
                }
            }
        }
        assertEquals(List.of(), leaks);

        // The searches would have seen a key: each finds the key ids the same places hold.
        for (String keyId : keys.keySet()) {
            byte[] needle = keyId.getBytes(StandardCharsets.UTF_8);
            assertTrue(contains(Files.readAllBytes(LOG), needle), keyId + " is logged");
            assertTrue(records.stream().anyMatch(r -> contains(r, needle)), keyId + " is on a topic");
            boolean inDatabase = false;
            for (Path file : files) {
                inDatabase |= file.toString().endsWith(".mv.db") && contains(Files.readAllBytes(file), needle);
            }
            assertTrue(inDatabase, keyId + " is in the database file; files: " + files);
        }
        assertTrue(records.size() > 20, "read " + records.size() + " records");
    }

    private static JsonNode created(HttpResponse<String> response) throws IOException {
        assertEquals(201, response.statusCode(), response.body());
        return Json.mapper().readTree(response.body());
    }

    private void awaitStatus(String url, String key, int expected) throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        int status;
        do {
            status = http.send(HttpRequest.newBuilder(URI.create(url)).header("x-apim-key", key).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status == expected) {
                return;
            }
            Thread.sleep(50);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("the gateway answered " + status + " instead of " + expected);
    }

    private static void awaitTopicHolds(TestKafka kafka, String topic, String text) throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            try (KafkaConsumer<byte[], byte[]> consumer = consumer(kafka)) {
                List<byte[]> values = readAll(consumer, Set.of(topic));
                if (values.stream().anyMatch(v -> contains(v, text.getBytes(StandardCharsets.UTF_8)))) {
                    return;
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError(topic + " never held " + text);
    }

    /** Keys and values of every record of every topic, internal ones included, from the start. */
    private static List<byte[]> everyRecordOnTheBroker(TestKafka kafka) throws Exception {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        Set<String> topics;
        try (Admin admin = Admin.create(props)) {
            topics = admin.listTopics(new ListTopicsOptions().listInternal(true)).names().get();
        }
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(kafka)) {
            return readAll(consumer, topics);
        }
    }

    private static List<byte[]> readAll(KafkaConsumer<byte[], byte[]> consumer, Set<String> topics) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : topics) {
            for (PartitionInfo info : consumer.partitionsFor(topic)) {
                partitions.add(new TopicPartition(topic, info.partition()));
            }
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
        List<byte[]> found = new ArrayList<>();
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p)) && System.nanoTime() < deadline) {
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                if (record.key() != null) {
                    found.add(record.key());
                }
                if (record.value() != null) {
                    found.add(record.value());
                }
            }
        }
        List<String> unread = partitions.stream().filter(p -> consumer.position(p) < ends.get(p))
                .map(TopicPartition::toString).collect(Collectors.toList());
        assertEquals(List.of(), unread, "partitions not read to their end");
        return found;
    }

    private static KafkaConsumer<byte[], byte[]> consumer(TestKafka kafka) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private static String randomKey(int length) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        SecureRandom random = new SecureRandom();
        StringBuilder key = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            key.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return key.toString();
    }
}
