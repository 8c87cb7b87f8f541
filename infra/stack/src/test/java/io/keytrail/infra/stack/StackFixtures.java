package io.keytrail.infra.stack;

import io.keytrail.gateway.config.ApiSettings;
import io.keytrail.gateway.config.AuditSettings;
import io.keytrail.gateway.config.AuditSpoolSettings;
import io.keytrail.gateway.config.FailedAuthProtectionSettings;
import io.keytrail.gateway.config.GatewaySettings;
import io.keytrail.gateway.config.KafkaSettings;
import io.keytrail.gateway.config.KeyAuthDefaults;
import io.keytrail.gateway.config.KeyAuthSettings;
import io.keytrail.gateway.config.ServerSettings;
import io.keytrail.infra.kafka.TestKafka;
import java.net.URI;
import java.util.List;

/** Settings the end-to-end tests start services with. */
final class StackFixtures {
    private StackFixtures() {
    }

    /** A gateway on random ports with one key-auth API, {@code /echo}, in front of {@code upstream}. */
    static GatewaySettings gateway(TestKafka kafka, String topicPrefix, EchoUpstream upstream, String node) {
        return gateway(kafka, topicPrefix, upstream, node, FailedAuthProtectionSettings.defaults());
    }

    /** The same, with its own failed-authentication limit for the test's single client address. */
    static GatewaySettings gateway(TestKafka kafka, String topicPrefix, EchoUpstream upstream, String node,
            FailedAuthProtectionSettings failedAuthProtection) {
        return new GatewaySettings(
                new ServerSettings("127.0.0.1", 0, 0, node),
                new KafkaSettings(kafka.bootstrapServers(), topicPrefix, 1, (short) 1),
                new KeyAuthDefaults(null),
                new AuditSettings(null, null, new AuditSpoolSettings(freshSpoolDir(), null, null, "never", null, null)),
                List.of(new ApiSettings("echo", "/echo", URI.create("http://127.0.0.1:" + upstream.port()), true,
                        new ApiSettings.Policies(new KeyAuthSettings(true, null, null)))),
                List.of(), failedAuthProtection);
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
