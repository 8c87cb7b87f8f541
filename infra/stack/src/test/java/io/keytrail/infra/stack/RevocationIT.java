package io.keytrail.infra.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keytrail.events.Json;
import io.keytrail.gateway.GatewayApp;
import io.keytrail.gateway.config.FailedAuthProtectionSettings;
import io.keytrail.infra.kafka.KafkaExtension;
import io.keytrail.infra.kafka.TestKafka;
import io.keytrail.reporting.ReportingApp;
import io.keytrail.reporting.config.ReportingSettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A key revoked on the admin API stops working on every gateway: two gateway instances, each
 * with its own registry fed from the keys topic. For each of a series of keys the time from the
 * admin call until both gateways refuse it is measured and written to
 * {@code target/revocation-latency.txt}; the test itself only demands that revocation arrives.
 */
@ExtendWith(KafkaExtension.class)
class RevocationIT {
    static final int KEYS = 20;
    static final Duration MUST_ARRIVE_WITHIN = Duration.ofSeconds(5);

    @TempDir
    Path dataDir;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aRevokedKeyIsRefusedByEveryGateway(TestKafka kafka) throws Exception {
        String prefix = "revoke-" + System.nanoTime() + ".";
        Map<String, String> env = new HashMap<>();
        env.put("KEYTRAIL_DATA_DIR", dataDir.toString());
        env.put("KEYTRAIL_KAFKA_BOOTSTRAP", kafka.bootstrapServers());
        env.put("KEYTRAIL_TOPIC_PREFIX", prefix);
        env.put("KEYTRAIL_REPORTING_PORT", "0");
        env.put("KEYTRAIL_REPORTING_HOST", "127.0.0.1");
        // The test probes every key from one address until each gateway answers 401: at least 20
        // failed attempts per gateway, which the default limit (20 a minute) would answer 429.
        FailedAuthProtectionSettings probing = new FailedAuthProtectionSettings(true, 100_000, 60, 60, null);
        try (EchoUpstream upstream = new EchoUpstream("127.0.0.1", 0);
             ReportingApp reporting = ReportingApp.start(ReportingSettings.load(null, env));
             GatewayApp first = GatewayApp.start(StackFixtures.gateway(kafka, prefix, upstream, "gw-1", probing));
             GatewayApp second = GatewayApp.start(StackFixtures.gateway(kafka, prefix, upstream, "gw-2", probing))) {
            String admin = "http://127.0.0.1:" + reporting.port();
            List<String> gateways = List.of("http://127.0.0.1:" + first.port() + "/echo/x",
                    "http://127.0.0.1:" + second.port() + "/echo/x");
            List<String[]> keys = new ArrayList<>();
            AdminApi adminApi = new AdminApi(http, admin, reporting.adminToken());
            for (int i = 0; i < KEYS; i++) {
                adminApi.ensureOwners("shop", "dev-" + i);
                HttpResponse<String> created = post(admin + "/admin/projects/shop/keys", reporting.adminToken(),
                        "{\"developer\":\"dev-" + i + "\",\"description\":\"revocation test\"}");
                assertEquals(201, created.statusCode(), created.body());
                var body = Json.mapper().readTree(created.body());
                keys.add(new String[] {body.get("keyId").asText(), body.get("key").asText()});
            }
            for (String[] key : keys) {
                for (String gateway : gateways) {
                    awaitStatus(gateway, key[1], 200);
                }
            }

            long[] millis = new long[KEYS];
            for (int i = 0; i < KEYS; i++) {
                String[] key = keys.get(i);
                long started = System.nanoTime();
                HttpResponse<String> revoked = post(admin + "/admin/keys/" + key[0] + "/revoke", reporting.adminToken(), null);
                assertEquals(200, revoked.statusCode(), revoked.body());
                for (String gateway : gateways) {
                    awaitStatus(gateway, key[1], 401);
                }
                millis[i] = (System.nanoTime() - started) / 1_000_000;
            }
            Arrays.sort(millis);
            String figure = String.format("revocation on 2 gateways, %d keys: p50 %d ms, p99 %d ms, max %d ms%n",
                    KEYS, millis[KEYS / 2], millis[(int) Math.ceil(KEYS * 0.99) - 1], millis[KEYS - 1]);
            System.out.print(figure);
            Files.writeString(Path.of("target", "revocation-latency.txt"), figure);
        }
    }

    private void awaitStatus(String url, String key, int expected) throws Exception {
        long deadline = System.nanoTime() + MUST_ARRIVE_WITHIN.toNanos();
        while (true) {
            int status = http.send(HttpRequest.newBuilder(URI.create(url)).header("x-apim-key", key).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status == expected) {
                return;
            }
            assertTrue(System.nanoTime() < deadline, "a gateway still answered " + status + " instead of " + expected
                    + " after " + MUST_ARRIVE_WITHIN);
            Thread.sleep(5);
        }
    }

    private HttpResponse<String> post(String url, String token, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token);
        if (json == null) {
            request.POST(HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
