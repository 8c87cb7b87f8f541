package io.keytrail.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keytrail.events.EventSerdes;
import io.keytrail.events.KeyRecord;
import io.keytrail.events.KeyStatus;
import io.keytrail.events.TopicProvisioner;
import io.keytrail.events.Topics;
import io.keytrail.gateway.config.GatewaySettings;
import io.keytrail.gateway.reload.ReloadResult;
import io.keytrail.gateway.support.KeepAliveConnection;
import io.keytrail.gateway.support.TestUpstream;
import io.keytrail.infra.kafka.KafkaExtension;
import io.keytrail.infra.kafka.TestKafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A whole gateway started from a file reloads it: routes change, connections and per-key limits stay. */
@ExtendWith(KafkaExtension.class)
class GatewayReloadIT {
    static final String KEY = "Qw3rTy7uIo9pAs1dFg4hJk6lZx8cVb2n";
    static final String LIMITED = "Zx8cVb2nQw3rTy7uIo9pAs1dFg4hJk6l";

    @TempDir
    Path dir;

    @Test
    void aChangedFileReloadsTheApisWithoutDroppingConnectionsOrLimits(TestKafka kafka) throws Exception {
        Topics topics = new Topics("gw-reload-" + System.nanoTime() + ".");
        TopicProvisioner.ensure(kafka.bootstrapServers(), topics.definitions(1, (short) 1, Duration.ofHours(1)),
                Duration.ofSeconds(30));
        publishKey(kafka, topics, new KeyRecord(1, "key_reload", GatewayAppIT.sha256(KEY), "Qw3r", "shop", "alice",
                KeyStatus.ACTIVE, Instant.now(), null, List.of(), 1, null, null));
        publishKey(kafka, topics, new KeyRecord(1, "key_limited", GatewayAppIT.sha256(LIMITED), "Zx8c", "shop", "alice",
                KeyStatus.ACTIVE, Instant.now(), null, List.of(), 1, new KeyRecord.RateLimit(2, 3_600), null));
        Map<String, String> env = Map.of(
                "KEYTRAIL_KAFKA_BOOTSTRAP", kafka.bootstrapServers(),
                "KEYTRAIL_TOPIC_PREFIX", topics.prefix(),
                "KEYTRAIL_GATEWAY_HOST", "127.0.0.1",
                "KEYTRAIL_GATEWAY_PORT", "0",
                "KEYTRAIL_GATEWAY_MANAGEMENT_PORT", "0",
                "KEYTRAIL_NODE_ID", "gw-reload",
                "KEYTRAIL_AUDIT_SPOOL_DIR", dir.resolve("spool").toString());
        Path file = dir.resolve("gateway.yaml");
        try (TestUpstream one = new TestUpstream("one"); TestUpstream two = new TestUpstream("two")) {
            Files.writeString(file, config(one, ""));
            try (GatewayApp gateway = GatewayApp.start(GatewaySettings.load(file, env), file, env);
                 KeepAliveConnection connection = new KeepAliveConnection(gateway.port())) {
                assertTrue(connection.get("/echo/1", "x-apim-key: " + KEY).endsWith(one.body()));
                assertTrue(connection.get("/echo/2", "x-apim-key: " + LIMITED).startsWith("HTTP/1.1 200"));
                assertTrue(connection.get("/echo/3", "x-apim-key: " + LIMITED).startsWith("HTTP/1.1 200"));

                Files.writeString(file, config(two, """
                          - id: added
                            path-prefix: /added
                            upstream: %s
                        """.formatted(one.url())));
                long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
                String response = connection.get("/echo/4", "x-apim-key: " + KEY);
                while (!response.endsWith(two.body())) {
                    assertTrue(System.nanoTime() < deadline, "the file change was not picked up: " + response);
                    Thread.sleep(50);
                    response = connection.get("/echo/4", "x-apim-key: " + KEY);
                }
                assertTrue(connection.get("/added/1").endsWith(one.body()), "the added API answers");
                assertTrue(connection.get("/echo/5", "x-apim-key: " + LIMITED).startsWith("HTTP/1.1 429"),
                        "the key's limit counted its requests from before the reload");

                Files.writeString(file, config(one, "    strip-prefix: maybe\n"));
                ReloadResult refused = gateway.reload();
                assertEquals(ReloadResult.Outcome.REJECTED, refused.outcome());
                assertTrue(refused.problem().startsWith("apis[0].strip-prefix: "), refused.problem());
                assertTrue(connection.get("/echo/6", "x-apim-key: " + KEY).endsWith(two.body()),
                        "a refused file leaves the running APIs");
                assertTrue(gateway.ready());
            }
        }
    }

    private static String config(TestUpstream upstream, String more) {
        return """
                kafka:
                  topic-partitions: 1
                  replication-factor: 1
                apis:
                  - id: echo
                    path-prefix: /echo
                    upstream: %s
                    policies:
                      key-auth:
                        enabled: true
                """.formatted(upstream.url()) + more;
    }

    private static void publishKey(TestKafka kafka, Topics topics, KeyRecord record) throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        try (var producer = new KafkaProducer<>(props, new StringSerializer(), EventSerdes.keyRecord())) {
            producer.send(new ProducerRecord<>(topics.keys(), record.keyId(), record)).get();
        }
    }
}
