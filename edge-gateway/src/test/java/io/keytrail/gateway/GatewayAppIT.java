package io.keytrail.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keytrail.events.AuthEvent;
import io.keytrail.events.EventSerdes;
import io.keytrail.events.FailureReason;
import io.keytrail.events.KeyRecord;
import io.keytrail.events.KeyStatus;
import io.keytrail.events.Topics;
import io.keytrail.gateway.config.ApiSettings;
import io.keytrail.gateway.config.AuditSettings;
import io.keytrail.gateway.config.AuditSpoolSettings;
import io.keytrail.gateway.config.GatewaySettings;
import io.keytrail.gateway.config.KafkaSettings;
import io.keytrail.gateway.config.KeyAuthDefaults;
import io.keytrail.gateway.config.KeyAuthSettings;
import io.keytrail.gateway.config.ServerSettings;
import io.keytrail.infra.kafka.KafkaExtension;
import io.keytrail.infra.kafka.TestKafka;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A gateway against a real broker: keys arrive from the keys topic, events leave on the auth topics. */
@ExtendWith(KafkaExtension.class)
class GatewayAppIT {
    static final String KEY = "Qw3rTy7uIo9pAs1dFg4hJk6lZx8cVb2n";

    @Test
    void aKeyPublishedBeforeStartIsAcceptedOnTheVeryFirstRequest(TestKafka kafka) throws Exception {
        Topics topics = new Topics("gw-first-" + System.nanoTime() + ".");
        io.keytrail.events.TopicProvisioner.ensure(kafka.bootstrapServers(), topics.definitions(1, (short) 1,
                Duration.ofHours(1)), Duration.ofSeconds(30));
        publishKey(kafka, topics, new KeyRecord(1, "key_first", sha256(KEY), "Qw3r", "shop", "alice",
                KeyStatus.ACTIVE, Instant.now(), null, List.of(), 1, null, null));
        try (StubUpstream upstream = new StubUpstream();
             GatewayApp gateway = GatewayApp.start(settings(kafka, topics, upstream))) {
            // start() returns only once the registry has read the keys topic to its end.
            assertTrue(gateway.ready());
            HttpResponse<String> first = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + gateway.port() + "/echo/x")).header("x-apim-key", KEY).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, first.statusCode());
            HttpResponse<String> metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + gateway.managementPort() + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, metrics.statusCode());
            assertTrue(metrics.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
            assertTrue(metrics.body().contains("keytrail_gateway_requests_seconds_count{api=\"echo\",outcome=\"success\"} 1\n"),
                    metrics.body());
            assertTrue(metrics.body().contains("keytrail_audit_events_accepted_total"), metrics.body());
            assertFalse(metrics.body().contains(KEY));
        }
    }

    @Test
    void servesKeysFromTheTopicAndPublishesOneEventPerDecision(TestKafka kafka) throws Exception {
        Topics topics = new Topics("gw-it-" + System.nanoTime() + ".");
        try (StubUpstream upstream = new StubUpstream();
             GatewayApp gateway = GatewayApp.start(settings(kafka, topics, upstream))) {
            publishKey(kafka, topics, new KeyRecord(1, "key_it", sha256(KEY), "Qw3r", "shop", "alice",
                    KeyStatus.ACTIVE, Instant.now(), null, List.of(), 1, null, null));
            awaitReady(gateway);
            HttpClient client = HttpClient.newHttpClient();
            String url = "http://127.0.0.1:" + gateway.port() + "/echo/hello";
            HttpResponse<String> ok = null;
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (System.nanoTime() < deadline) {
                ok = client.send(HttpRequest.newBuilder(URI.create(url)).header("x-apim-key", KEY)
                        .header("X-Request-Id", "it-ok").build(), HttpResponse.BodyHandlers.ofString());
                if (ok.statusCode() == 200) {
                    break;
                }
                Thread.sleep(100);
            }
            assertEquals(200, ok.statusCode(), "the key published on the keys topic must be accepted");
            HttpResponse<String> denied = client.send(HttpRequest.newBuilder(URI.create(url))
                    .header("X-Request-Id", "it-denied").build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(401, denied.statusCode());

            Map<String, byte[]> seen = consumeUntil(kafka, topics, List.of("it-ok", "it-denied"));
            AuthEvent success = EventSerdes.authEvent().deserialize("t", seen.get("it-ok"));
            assertEquals("alice", success.developerId());
            assertEquals(200, success.status());
            AuthEvent failure = EventSerdes.authEvent().deserialize("t", seen.get("it-denied"));
            assertEquals(FailureReason.MISSING_KEY, failure.reason());
            for (byte[] raw : seen.values()) {
                assertFalse(new String(raw, StandardCharsets.UTF_8).contains(KEY), "no raw key in an event");
            }
        }
    }

    @Test
    void expiredAndDeletedKeysOnTheTopicAreRefusedWithTheirReasons(TestKafka kafka) throws Exception {
        Topics topics = new Topics("gw-del-" + System.nanoTime() + ".");
        io.keytrail.events.TopicProvisioner.ensure(kafka.bootstrapServers(), topics.definitions(1, (short) 1,
                Duration.ofHours(1)), Duration.ofSeconds(30));
        String expiredKey = "Zx8cVb2nQw3rTy7uIo9pAs1dFg4hJk6l";
        publishKey(kafka, topics, new KeyRecord(1, "key_del", sha256(KEY), "Qw3r", "shop", "alice",
                KeyStatus.ACTIVE, Instant.now(), null, List.of(), 1, null, null));
        publishKey(kafka, topics, new KeyRecord(1, "key_exp", sha256(expiredKey), "Zx8c", "shop", "alice",
                KeyStatus.EXPIRED, Instant.now(), null, List.of(), 2, null, null));
        try (StubUpstream upstream = new StubUpstream();
             GatewayApp gateway = GatewayApp.start(settings(kafka, topics, upstream))) {
            HttpClient client = HttpClient.newHttpClient();
            String url = "http://127.0.0.1:" + gateway.port() + "/echo/x";
            assertEquals(200, status(client, url, KEY, "del-before"));
            assertEquals(401, status(client, url, expiredKey, "del-expired"));

            // What the control plane publishes for a deleted key: DELETED with its hash, then a tombstone.
            publishKey(kafka, topics, new KeyRecord(1, "key_del", sha256(KEY), "Qw3r", "shop", "alice",
                    KeyStatus.DELETED, Instant.now(), null, List.of(), 2, null, null));
            publishTombstone(kafka, topics, "key_del");
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (status(client, url, KEY, "del-probe") != 401) {
                assertTrue(System.nanoTime() < deadline, "the deleted key is still accepted");
                Thread.sleep(50);
            }
            assertEquals(401, status(client, url, KEY, "del-after"));
            assertEquals(1, gateway.keyCount(), "only the expired key is left");

            Map<String, byte[]> seen = consumeUntil(kafka, topics, List.of("del-expired", "del-after"));
            assertEquals(FailureReason.EXPIRED_KEY, EventSerdes.authEvent().deserialize("t", seen.get("del-expired")).reason());
            assertEquals(FailureReason.UNKNOWN_KEY, EventSerdes.authEvent().deserialize("t", seen.get("del-after")).reason());
        }
    }

    private static int status(HttpClient client, String url, String key, String requestId) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(url)).header("x-apim-key", key)
                .header("X-Request-Id", requestId).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static GatewaySettings settings(TestKafka kafka, Topics topics, StubUpstream upstream) {
        return new GatewaySettings(
                new ServerSettings("127.0.0.1", 0, 0, "gw-it"),
                new KafkaSettings(kafka.bootstrapServers(), topics.prefix(), 1, (short) 1),
                new KeyAuthDefaults(null),
                new AuditSettings(null, null, new AuditSpoolSettings(freshSpoolDir(), null, null, "never", null, null)),
                List.of(new ApiSettings("echo", "/echo", URI.create(upstream.url()), true,
                        new ApiSettings.Policies(new KeyAuthSettings(true, null, null)))));
    }

    private static void awaitReady(GatewayApp gateway) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!gateway.ready()) {
            assertTrue(System.nanoTime() < deadline, "gateway did not read the keys topic to its end");
            Thread.sleep(50);
        }
    }

    private static void publishKey(TestKafka kafka, Topics topics, KeyRecord record) throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        try (var producer = new KafkaProducer<>(props, new StringSerializer(), EventSerdes.keyRecord())) {
            producer.send(new ProducerRecord<>(topics.keys(), record.keyId(), record)).get();
        }
    }

    private static void publishTombstone(TestKafka kafka, Topics topics, String keyId) throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        try (var producer = new KafkaProducer<>(props, new StringSerializer(), EventSerdes.keyRecord())) {
            producer.send(new ProducerRecord<>(topics.keys(), keyId, null)).get();
        }
    }

    private static Map<String, byte[]> consumeUntil(TestKafka kafka, Topics topics, List<String> requestIds) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "gw-it-" + System.nanoTime());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        Map<String, byte[]> byRequest = new HashMap<>();
        try (var consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topics.authSuccess(), topics.authFailure()));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (!byRequest.keySet().containsAll(requestIds) && System.nanoTime() < deadline) {
                for (var record : consumer.poll(Duration.ofMillis(200))) {
                    AuthEvent event = EventSerdes.authEvent().deserialize(record.topic(), record.value());
                    byRequest.put(event.requestId(), record.value());
                }
            }
        }
        assertTrue(byRequest.keySet().containsAll(requestIds), "events seen: " + byRequest.keySet());
        return byRequest;
    }

    static String sha256(String key) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
    }

    /** Each gateway its own spool under target/, so runs never replay each other's events. */
    static String freshSpoolDir() {
        try {
            java.nio.file.Path target = java.nio.file.Files.createDirectories(java.nio.file.Path.of("target", "audit-spools"));
            return java.nio.file.Files.createTempDirectory(target, "spool-").toString();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
