package io.keytrail.gateway.config;

/**
 * Where the gateway listens for API traffic and, separately, for health checks, so that health
 * endpoints never collide with an API's paths.
 *
 * @param nodeId identifies this gateway instance in audit events
 */
public record ServerSettings(String host, Integer port, Integer managementPort, String nodeId) {
    public static final int DEFAULT_PORT = 8080;
    public static final int DEFAULT_MANAGEMENT_PORT = 8081;

    public ServerSettings {
        host = host == null ? "0.0.0.0" : host;
        port = Checks.port("port", port == null ? DEFAULT_PORT : port);
        managementPort = Checks.port("management-port", managementPort == null ? DEFAULT_MANAGEMENT_PORT : managementPort);
        if (nodeId == null || nodeId.isBlank()) {
            nodeId = Checks.hostName();
        }
        Checks.identifier("node-id", nodeId);
    }
}
