package io.keytrail.infra.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.keytrail.events.AuthEvent;
import io.keytrail.events.AuthEventType;
import io.keytrail.events.EventSerdes;
import io.keytrail.events.FailureReason;
import io.keytrail.events.Json;
import io.keytrail.events.Topics;
import io.keytrail.gateway.GatewayApp;
import io.keytrail.infra.kafka.KafkaExtension;
import io.keytrail.infra.kafka.TestKafka;
import io.keytrail.reporting.ReportingApp;
import io.keytrail.reporting.config.ReportingSettings;
import io.keytrail.streams.StreamsApp;
import io.keytrail.streams.StreamsSettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * One request travels the whole product: a key created on the admin API reaches the gateway
 * through Kafka, the gateway proxies the request and audits both decisions, audit-streams counts
 * them, and the developer's usage report shows the success.
 */
@ExtendWith(KafkaExtension.class)
class WalkingSkeletonIT {
    static final String EXACT_401 = "{\"message\":\"Invalid authentication credentials\",\"status\":401}";

    @TempDir
    Path dataDir;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aKeyCreatedOnTheAdminApiOpensTheGatewayAndEveryDecisionIsAuditedAndCounted(TestKafka kafka) throws Exception {
        String prefix = "e2e-" + System.nanoTime() + ".";
        Topics topics = new Topics(prefix);
        Map<String, String> env = new HashMap<>();
        env.put("KEYTRAIL_DATA_DIR", dataDir.toString());
        env.put("KEYTRAIL_KAFKA_BOOTSTRAP", kafka.bootstrapServers());
        env.put("KEYTRAIL_TOPIC_PREFIX", prefix);
        env.put("KEYTRAIL_TOPIC_PARTITIONS", "1");
        env.put("KEYTRAIL_REPORTING_PORT", "0");
        env.put("KEYTRAIL_REPORTING_HOST", "127.0.0.1");
        env.put("KEYTRAIL_STREAMS_APP_ID", "e2e-" + System.nanoTime());

        try (EchoUpstream upstream = new EchoUpstream("127.0.0.1", 0);
             ReportingApp reporting = ReportingApp.start(ReportingSettings.load(null, env));
             StreamsApp streams = StreamsApp.start(StreamsSettings.load(null, env));
             GatewayApp gateway = GatewayApp.start(StackFixtures.gateway(kafka, prefix, upstream, "gw-e2e"))) {
            String admin = "http://127.0.0.1:" + reporting.port();
            String token = reporting.adminToken();

            AdminApi adminApi = new AdminApi(http, admin, token);
            adminApi.ensureOwners("shop", "alice");
            HttpResponse<String> created = adminApi.send("POST", "/admin/projects/shop/keys",
                    "{\"developer\":\"alice\",\"description\":\"Key for Mobile App Access\"}");
            assertEquals(201, created.statusCode(), created.body());
            JsonNode body = Json.mapper().readTree(created.body());
            String key = body.get("key").asText();
            String keyId = body.get("keyId").asText();
            assertTrue(key.matches("[A-Za-z0-9]{32}"), key);

            String url = "http://127.0.0.1:" + gateway.port() + "/echo/orders/42";
            Accepted accepted = awaitAccepted(url, key, Duration.ofSeconds(10));
            HttpResponse<String> ok = accepted.response();
            JsonNode echoed = Json.mapper().readTree(ok.body());
            assertEquals("/orders/42", echoed.get("path").asText());
            assertEquals("alice", echoed.get("headers").get("X-Consumer-Developer").asText());
            assertFalse(ok.body().contains(key), "the key must not reach the upstream");

            HttpResponse<String> denied = http.send(HttpRequest.newBuilder(URI.create(url))
                    .header("X-Request-Id", "e2e-denied").build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(401, denied.statusCode());
            assertEquals("application/json", denied.headers().firstValue("Content-Type").orElse(""));
            assertEquals(EXACT_401, denied.body());

            Map<String, byte[]> events = auditEvents(kafka, topics, List.of(accepted.requestId(), "e2e-denied"),
                    Duration.ofSeconds(10));
            AuthEvent success = EventSerdes.authEvent().deserialize("t", events.get(accepted.requestId()));
            assertEquals(AuthEventType.AUTH_SUCCESS, success.type());
            assertEquals("alice", success.developerId());
            assertEquals("shop", success.projectId());
            assertEquals(keyId, success.credential().keyId());
            AuthEvent failure = EventSerdes.authEvent().deserialize("t", events.get("e2e-denied"));
            assertEquals(FailureReason.MISSING_KEY, failure.reason());
            for (byte[] raw : events.values()) {
                assertFalse(new String(raw, StandardCharsets.UTF_8).contains(key), "no raw key in any event");
            }

            JsonNode usage = awaitUsage(admin, token, success.time(), Duration.ofSeconds(10));
            long successes = 0;
            long failures = 0;
            for (JsonNode window : usage.get("windows")) {
                successes += window.get("success").asLong();
                failures += window.get("failure").asLong();
            }
            assertEquals(1, successes, usage.toString());
            assertEquals(0, failures, "a request without a key is not alice's: " + usage);

            // Revoking on the admin API closes the gateway to the key, through Kafka.
            HttpResponse<String> revoked = http.send(HttpRequest.newBuilder(URI.create(admin + "/admin/keys/" + keyId + "/revoke"))
                    .header("Authorization", "Bearer " + token)
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, revoked.statusCode(), revoked.body());
            String refusedId = awaitRefused(url, key, Duration.ofSeconds(5));
            AuthEvent refusal = EventSerdes.authEvent().deserialize("t",
                    auditEvents(kafka, topics, List.of(refusedId), Duration.ofSeconds(10)).get(refusedId));
            assertEquals(FailureReason.REVOKED_KEY, refusal.reason());
            assertEquals("alice", refusal.developerId());
        }
    }

    /**
     * Sends the request until the gateway has the new key, each attempt with its own request id,
     * so exactly one success exists and the test knows its id.
     */
    private Accepted awaitAccepted(String url, String key, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpResponse<String> response;
        int attempt = 0;
        do {
            String requestId = "e2e-ok-" + ++attempt;
            response = http.send(HttpRequest.newBuilder(URI.create(url)).header("x-apim-key", key)
                    .header("X-Request-Id", requestId).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 200) {
                return new Accepted(requestId, response);
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("the gateway did not accept the new key within " + timeout + ": "
                + response.statusCode() + " " + response.body());
    }

    private record Accepted(String requestId, HttpResponse<String> response) {
    }

    /** Sends the key until the gateway refuses it; returns the request id of the refused request. */
    private String awaitRefused(String url, String key, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        int attempt = 0;
        while (System.nanoTime() < deadline) {
            String requestId = "e2e-revoked-" + ++attempt;
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).header("x-apim-key", key)
                    .header("X-Request-Id", requestId).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 401) {
                assertEquals(EXACT_401, response.body());
                return requestId;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the gateway still accepted the revoked key after " + timeout);
    }

    private static Map<String, byte[]> auditEvents(TestKafka kafka, Topics topics, List<String> requestIds, Duration timeout) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "e2e-reader-" + System.nanoTime());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        Map<String, byte[]> byRequest = new HashMap<>();
        try (var consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topics.authSuccess(), topics.authFailure()));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!byRequest.keySet().containsAll(requestIds) && System.nanoTime() < deadline) {
                for (var record : consumer.poll(Duration.ofMillis(200))) {
                    String requestId = EventSerdes.authEvent().deserialize(record.topic(), record.value()).requestId();
                    byRequest.put(requestId, record.value());
                }
            }
        }
        assertTrue(byRequest.keySet().containsAll(requestIds), "audit events seen: " + byRequest.keySet());
        return byRequest;
    }

    /**
     * Polls the usage report until the minute window of {@code eventTime} shows a success. The
     * report lists windows of its granularity that start in the range, so a five-minute range asks
     * for minutes (the default, hours, would list none that start inside it).
     */
    private JsonNode awaitUsage(String admin, String token, Instant eventTime, Duration timeout) throws Exception {
        Instant from = eventTime.truncatedTo(ChronoUnit.MINUTES).minus(1, ChronoUnit.MINUTES);
        Instant to = from.plus(5, ChronoUnit.MINUTES);
        URI uri = URI.create(admin + "/reports/developers/alice/usage?granularity=minute&from=" + from
                + "&to=" + to);
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode report = null;
        while (System.nanoTime() < deadline) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri)
                    .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode(), response.body());
            report = Json.mapper().readTree(response.body());
            for (JsonNode window : report.get("windows")) {
                if (window.get("success").asLong() > 0) {
                    return report;
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the usage report did not show the success within " + timeout + ": " + report);
    }
}
