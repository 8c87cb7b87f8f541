package io.keytrail.gateway.config;

/**
 * Where the gateway listens for API traffic and, separately, for health checks, so that health
 * endpoints never collide with an API's paths; and how large a request may be.
 *
 * @param nodeId identifies this gateway instance in audit events
 * @param maxHeaderBytes the request line plus all request headers, larger answers 431 JSON
 * @param maxBodyBytes the request body, larger answers 413 JSON
 */
public record ServerSettings(String host, Integer port, Integer managementPort, String nodeId,
        Integer maxHeaderBytes, Long maxBodyBytes) {
    public static final int DEFAULT_PORT = 8080;
    public static final int DEFAULT_MANAGEMENT_PORT = 8081;
    public static final int DEFAULT_MAX_HEADER_BYTES = 16 * 1024;
    public static final long DEFAULT_MAX_BODY_BYTES = 10L * 1024 * 1024;
    static final int MAX_HEADER_BYTES_LIMIT = 1024 * 1024;
    static final long MAX_BODY_BYTES_LIMIT = 1L << 40;

    public ServerSettings {
        host = host == null ? "0.0.0.0" : host;
        port = Checks.port("port", port == null ? DEFAULT_PORT : port);
        managementPort = Checks.port("management-port", managementPort == null ? DEFAULT_MANAGEMENT_PORT : managementPort);
        if (nodeId == null || nodeId.isBlank()) {
            nodeId = Checks.hostName();
        }
        Checks.identifier("node-id", nodeId);
        maxHeaderBytes = maxHeaderBytes == null ? DEFAULT_MAX_HEADER_BYTES : maxHeaderBytes;
        if (maxHeaderBytes < 1024 || maxHeaderBytes > MAX_HEADER_BYTES_LIMIT) {
            throw new ConfigException("max-header-bytes",
                    "must be between 1024 and " + MAX_HEADER_BYTES_LIMIT + ", got " + maxHeaderBytes);
        }
        maxBodyBytes = maxBodyBytes == null ? DEFAULT_MAX_BODY_BYTES : maxBodyBytes;
        if (maxBodyBytes < 0 || maxBodyBytes > MAX_BODY_BYTES_LIMIT) {
            throw new ConfigException("max-body-bytes",
                    "must be between 0 and " + MAX_BODY_BYTES_LIMIT + ", got " + maxBodyBytes);
        }
    }

    /** With the default size limits. */
    public ServerSettings(String host, Integer port, Integer managementPort, String nodeId) {
        this(host, port, managementPort, nodeId, null, null);
    }

    /**
     * Undertow's own header limit: above {@link #maxHeaderBytes} so the gateway's handler sees and
     * answers oversized headers with JSON; beyond it Undertow answers on its own, without a body.
     */
    public int headerParseLimit() {
        return Math.max(4 * maxHeaderBytes, 64 * 1024);
    }
}
