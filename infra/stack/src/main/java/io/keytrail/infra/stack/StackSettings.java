package io.keytrail.infra.stack;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where the local stack lives and listens. Every port can be moved with an environment variable,
 * so the stack can run beside whatever else holds the defaults.
 */
public record StackSettings(Path root, Path dataDir, int kafkaPort, int kafkaControllerPort, int gatewayPort,
        int gatewayManagementPort, int reportingPort, int upstreamPort, String adminToken) {

    public StackSettings {
        for (var port : Map.of("KEYTRAIL_KAFKA_PORT", kafkaPort, "KEYTRAIL_KAFKA_CONTROLLER_PORT", kafkaControllerPort,
                "KEYTRAIL_GATEWAY_PORT", gatewayPort, "KEYTRAIL_GATEWAY_MANAGEMENT_PORT", gatewayManagementPort,
                "KEYTRAIL_REPORTING_PORT", reportingPort, "KEYTRAIL_UPSTREAM_PORT", upstreamPort).entrySet()) {
            if (port.getValue() < 1 || port.getValue() > 65_535) {
                throw new IllegalArgumentException(port.getKey() + ": must be a port between 1 and 65535, got " + port.getValue());
            }
        }
    }

    static StackSettings fromEnvironment(Path root, Map<String, String> env) {
        Path data = env.containsKey("KEYTRAIL_DATA_DIR") && !env.get("KEYTRAIL_DATA_DIR").isBlank()
                ? Path.of(env.get("KEYTRAIL_DATA_DIR")) : root.resolve(".keytrail");
        int kafka = port(env, "KEYTRAIL_KAFKA_PORT", 9092);
        return new StackSettings(root, data.toAbsolutePath().normalize(), kafka,
                port(env, "KEYTRAIL_KAFKA_CONTROLLER_PORT", kafka + 1),
                port(env, "KEYTRAIL_GATEWAY_PORT", 8080),
                port(env, "KEYTRAIL_GATEWAY_MANAGEMENT_PORT", 8081),
                port(env, "KEYTRAIL_REPORTING_PORT", 8090),
                port(env, "KEYTRAIL_UPSTREAM_PORT", 8070),
                env.get("KEYTRAIL_ADMIN_TOKEN"));
    }

    private static int port(Map<String, String> env, String name, int fallback) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + ": must be a port number, got '" + value + "'");
        }
    }

    public String kafkaBootstrap() {
        return "127.0.0.1:" + kafkaPort;
    }
}
