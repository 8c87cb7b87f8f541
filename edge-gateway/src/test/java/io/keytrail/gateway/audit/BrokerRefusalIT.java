package io.keytrail.gateway.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keytrail.events.TopicProvisioner;
import io.keytrail.events.Topics;
import io.keytrail.gateway.GatewayApp;
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
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real broker that refuses an auth topic's records (its {@code max.message.bytes} is below any
 * event): the gateway keeps answering every request, counts the refused events as
 * {@code broker_rejected} without retrying or spooling them, and keeps publishing to the other topic.
 */
@ExtendWith(KafkaExtension.class)
class BrokerRefusalIT {
    @TempDir
    Path dir;

    @Test
    void recordsTheBrokerCanNeverTakeAreCountedAndTrafficGoesOn(TestKafka kafka) throws Exception {
        Topics topics = new Topics("refuse-" + System.nanoTime() + ".");
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topics.authFailure(), 1, (short) 1)
                    .configs(Map.of("max.message.bytes", "64")))).all().get();
        }
        TopicProvisioner.ensure(kafka.bootstrapServers(), topics.definitions(1, (short) 1, Duration.ofHours(1)),
                Duration.ofSeconds(30));
        GatewaySettings settings = new GatewaySettings(
                new ServerSettings("127.0.0.1", 0, 0, "gw-refusal"),
                new KafkaSettings(kafka.bootstrapServers(), topics.prefix(), 1, (short) 1),
                new KeyAuthDefaults(null),
                new AuditSettings(null, null, new AuditSpoolSettings(dir.toString(), null, null, "never", null, null)),
                List.of(new ApiSettings("echo", "/echo", URI.create("http://127.0.0.1:9"), true,
                        new ApiSettings.Policies(new KeyAuthSettings(true, null, null)))));
        HttpClient http = HttpClient.newHttpClient();
        try (GatewayApp gateway = GatewayApp.start(settings)) {
            for (int i = 0; i < 20; i++) {
                HttpResponse<Void> response = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + gateway.port() + "/echo/x")).build(),
                        HttpResponse.BodyHandlers.discarding());
                assertEquals(401, response.statusCode(), "refused events never fail a request");
            }
            await(() -> gateway.auditStats().rejectedByBroker() == 20, gateway);
            PublisherStats.Snapshot stats = gateway.auditStats();
            assertEquals(0, stats.spooled(), "an event the broker can never take is not kept for retries");
            assertTrue(!stats.spooling());
            HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + gateway.managementPort() + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertTrue(metrics.body().contains("keytrail_audit_events_dropped_total{reason=\"broker_rejected\"} 20.0"),
                    metrics.body());
        }
    }

    private static void await(BooleanSupplier condition, GatewayApp gateway) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "not within 30 s: " + gateway.auditStats());
            Thread.sleep(50);
        }
    }
}
