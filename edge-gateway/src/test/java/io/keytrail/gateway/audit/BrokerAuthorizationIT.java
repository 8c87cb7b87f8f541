package io.keytrail.gateway.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keytrail.events.AuthEvent;
import io.keytrail.events.EventSerdes;
import io.keytrail.events.Topics;
import io.keytrail.gateway.GatewayApp;
import io.keytrail.gateway.config.ApiSettings;
import io.keytrail.gateway.config.AuditSettings;
import io.keytrail.gateway.config.AuditSpoolSettings;
import io.keytrail.gateway.config.FailedAuthProtectionSettings;
import io.keytrail.gateway.config.GatewaySettings;
import io.keytrail.gateway.config.KafkaSettings;
import io.keytrail.gateway.config.KeyAuthDefaults;
import io.keytrail.gateway.config.KeyAuthSettings;
import io.keytrail.gateway.config.ServerSettings;
import io.keytrail.infra.kafka.KafkaNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.security.auth.AuthenticationContext;
import org.apache.kafka.common.security.auth.KafkaPrincipal;
import org.apache.kafka.common.security.authenticator.DefaultKafkaPrincipalBuilder;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real broker with an authorizer that denies the gateway's principal writes to the failure topic:
 * requests are still answered at once, the refused events wait in the spool, and once the ACL is
 * lifted every one of them reaches the topic. The gateway connects on a listener of its own, whose
 * connections the test's principal builder names {@code User:gateway}.
 */
class BrokerAuthorizationIT {
    static final KafkaPrincipal GATEWAY = new KafkaPrincipal(KafkaPrincipal.USER_TYPE, "gateway");

    @TempDir
    Path dir;

    /** Names connections on the GATEWAY listener {@code User:gateway}, every other one anonymous. */
    public static final class ListenerPrincipalBuilder extends DefaultKafkaPrincipalBuilder {
        public ListenerPrincipalBuilder() {
            super(null, null);
        }

        @Override
        public KafkaPrincipal build(AuthenticationContext context) {
            return "GATEWAY".equals(context.listenerName()) ? GATEWAY : KafkaPrincipal.ANONYMOUS;
        }
    }

    @Test
    void eventsRefusedForWantOfAuthorizationWaitInTheSpoolUntilTheyAreAllowed() throws Exception {
        int port = freePort();
        int controllerPort = freePort();
        int gatewayPort = freePort();
        Map<String, String> overrides = new HashMap<>();
        overrides.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort
                + ",GATEWAY://127.0.0.1:" + gatewayPort);
        overrides.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port + ",GATEWAY://127.0.0.1:" + gatewayPort);
        overrides.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT,GATEWAY:PLAINTEXT");
        overrides.put("principal.builder.class", ListenerPrincipalBuilder.class.getName());
        overrides.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        overrides.put("super.users", "User:ANONYMOUS");
        overrides.put("allow.everyone.if.no.acl.found", "true");
        Topics topics = new Topics("authz.");
        AclBinding deny = new AclBinding(new ResourcePattern(ResourceType.TOPIC, topics.authFailure(), PatternType.LITERAL),
                new AccessControlEntry(GATEWAY.toString(), "*", AclOperation.WRITE, AclPermissionType.DENY));
        try (KafkaNode broker = KafkaNode.start(dir.resolve("kafka"), port, controllerPort, overrides);
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            admin.createAcls(List.of(deny)).all().get();
            GatewaySettings settings = new GatewaySettings(
                    new ServerSettings("127.0.0.1", 0, 0, "gw-authz"),
                    new KafkaSettings("127.0.0.1:" + gatewayPort, topics.prefix(), 1, (short) 1),
                    new KeyAuthDefaults(null),
                    new AuditSettings(null, null, new AuditSpoolSettings(dir.resolve("spool").toString(), null, null,
                            "never", null, null)),
                    List.of(new ApiSettings("echo", "/echo", URI.create("http://127.0.0.1:9"), true,
                            new ApiSettings.Policies(new KeyAuthSettings(true, null, null)))),
                    null,
                    // 30 failures from one address would otherwise be blocked: not what this test is about.
                    new FailedAuthProtectionSettings(false, null, null, null, null));
            HttpClient http = HttpClient.newHttpClient();
            try (GatewayApp gateway = GatewayApp.start(settings)) {
                Set<String> requestIds = new HashSet<>();
                for (int i = 0; i < 30; i++) {
                    String id = "authz-" + i;
                    long started = System.nanoTime();
                    HttpResponse<Void> response = http.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + gateway.port() + "/echo/x")).header("X-Request-Id", id).build(),
                            HttpResponse.BodyHandlers.discarding());
                    assertEquals(401, response.statusCode());
                    assertTrue(System.nanoTime() - started < 1_000_000_000L, "a refused write never slows a request");
                    requestIds.add(id);
                }
                await(() -> gateway.auditStats().spooled() == 30, gateway);
                Thread.sleep(1_500);
                assertTrue(gateway.auditStats().spooling(), "still denied: the events stay in the spool");
                assertEquals(0, gateway.auditStats().lost());

                admin.deleteAcls(List.of(deny.toFilter())).all().get();
                await(() -> !gateway.auditStats().spooling(), gateway);
                assertEquals(requestIds, consume(broker.bootstrapServers(), topics, requestIds.size()));
                assertEquals(0, gateway.auditStats().lost());
            }
        }
    }

    private static Set<String> consume(String bootstrap, Topics topics, int expected) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "authz-" + System.nanoTime());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        Set<String> ids = new HashSet<>();
        try (var consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topics.authFailure()));
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (ids.size() < expected && System.nanoTime() < deadline) {
                for (var record : consumer.poll(Duration.ofMillis(200))) {
                    AuthEvent event = EventSerdes.authEvent().deserialize(record.topic(), record.value());
                    ids.add(event.requestId());
                }
            }
        }
        return ids;
    }

    private static void await(BooleanSupplier condition, GatewayApp gateway) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "not within 60 s: " + gateway.auditStats());
            Thread.sleep(50);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
