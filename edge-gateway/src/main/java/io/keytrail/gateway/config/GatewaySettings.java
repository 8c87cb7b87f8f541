package io.keytrail.gateway.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.keytrail.gateway.protect.AddressRange;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The whole gateway configuration. {@link #load} is the only way in: YAML file, then environment
 * overrides, then every record's validation, so a bad value fails start-up naming its field.
 */
public record GatewaySettings(
        ServerSettings server,
        KafkaSettings kafka,
        KeyAuthDefaults keyAuth,
        AuditSettings audit,
        List<ApiSettings> apis,
        List<String> trustedProxies,
        FailedAuthProtectionSettings failedAuthProtection) {

    /** Environment variables and the field each one overrides. */
    static final Map<String, String> ENV_OVERRIDES = Map.ofEntries(
            Map.entry("KEYTRAIL_GATEWAY_HOST", "server.host"),
            Map.entry("KEYTRAIL_GATEWAY_PORT", "server.port"),
            Map.entry("KEYTRAIL_GATEWAY_MANAGEMENT_PORT", "server.management-port"),
            Map.entry("KEYTRAIL_NODE_ID", "server.node-id"),
            Map.entry("KEYTRAIL_MAX_HEADER_BYTES", "server.max-header-bytes"),
            Map.entry("KEYTRAIL_MAX_BODY_BYTES", "server.max-body-bytes"),
            Map.entry("KEYTRAIL_KAFKA_BOOTSTRAP", "kafka.bootstrap"),
            Map.entry("KEYTRAIL_TOPIC_PREFIX", "kafka.topic-prefix"),
            Map.entry("KEYTRAIL_TOPIC_PARTITIONS", "kafka.topic-partitions"),
            Map.entry("KEYTRAIL_TOPIC_REPLICATION_FACTOR", "kafka.replication-factor"),
            Map.entry("KEYTRAIL_EVENT_RETENTION_HOURS", "kafka.event-retention-hours"),
            Map.entry("KEYTRAIL_KEY_HEADER", "key-auth.header"),
            Map.entry("KEYTRAIL_FAILED_AUTH_PROTECTION_ENABLED", "failed-auth-protection.enabled"),
            Map.entry("KEYTRAIL_FAILED_AUTH_MAX_FAILURES", "failed-auth-protection.max-failures"),
            Map.entry("KEYTRAIL_FAILED_AUTH_WINDOW_SECONDS", "failed-auth-protection.window-seconds"),
            Map.entry("KEYTRAIL_FAILED_AUTH_BLOCK_SECONDS", "failed-auth-protection.block-seconds"),
            Map.entry("KEYTRAIL_AUDIT_SPOOL_DIR", "audit.spool.dir"),
            Map.entry("KEYTRAIL_AUDIT_SPOOL_MAX_BYTES", "audit.spool.max-bytes"),
            Map.entry("KEYTRAIL_AUDIT_SPOOL_FSYNC", "audit.spool.fsync"),
            Map.entry("KEYTRAIL_AUDIT_SPOOL_WHEN_FULL", "audit.spool.when-full"));

    /** Comma-separated addresses and CIDR blocks; replaces the file's {@code trusted-proxies} list. */
    static final String TRUSTED_PROXIES_ENV = "KEYTRAIL_TRUSTED_PROXIES";

    /** Without trusted proxies and with the default failed-auth protection. */
    public GatewaySettings(ServerSettings server, KafkaSettings kafka, KeyAuthDefaults keyAuth, AuditSettings audit,
            List<ApiSettings> apis) {
        this(server, kafka, keyAuth, audit, apis, null, null);
    }

    public GatewaySettings {
        server = server == null ? new ServerSettings(null, null, null, null, null, null) : server;
        kafka = kafka == null ? new KafkaSettings(null, null, null, null, null) : kafka;
        keyAuth = keyAuth == null ? new KeyAuthDefaults(null) : keyAuth;
        audit = audit == null ? new AuditSettings(null) : audit;
        apis = apis == null ? List.of() : List.copyOf(apis);
        failedAuthProtection = failedAuthProtection == null ? FailedAuthProtectionSettings.defaults() : failedAuthProtection;
        trustedProxies = trustedProxies == null ? List.of() : trustedProxies;
        for (int i = 0; i < trustedProxies.size(); i++) {
            try {
                AddressRange.parse(trustedProxies.get(i));
            } catch (IllegalArgumentException e) {
                throw new ConfigException("trusted-proxies[" + i + "]", e.getMessage());
            }
        }
        trustedProxies = trustedProxies.stream().map(String::trim).toList();
        Set<String> ids = new HashSet<>();
        Set<String> routes = new HashSet<>();
        for (int i = 0; i < apis.size(); i++) {
            ApiSettings api = apis.get(i);
            if (!ids.add(api.id())) {
                throw new ConfigException("apis[" + i + "].id", "duplicate API id '" + api.id() + "'");
            }
            // A path prefix may repeat for different hosts; host names hold no spaces.
            if (!routes.add(api.host() + " " + api.pathPrefix())) {
                throw new ConfigException("apis[" + i + "].path-prefix", "duplicate path prefix '" + api.pathPrefix() + "'"
                        + (api.host() == null ? "" : " for host '" + api.host() + "'"));
            }
        }
    }

    /** Where this node's audit spool lives: the configured directory, else {@code data/audit-spool/<node-id>}. */
    public Path auditSpoolDir() {
        String dir = audit.spool().dir();
        return dir != null ? Path.of(dir) : Path.of("data", "audit-spool", server.nodeId());
    }

    /** The header an API reads its key from: its own, else the gateway default. */
    public String keyHeader(ApiSettings api) {
        String own = api.policies().keyAuth().header();
        return own != null ? own : keyAuth.header();
    }

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .setPropertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS);

    /**
     * Reads {@code file} (absent means all defaults), applies the environment overrides and validates.
     *
     * @throws ConfigException naming the field at fault
     */
    public static GatewaySettings load(Path file, Map<String, String> env) {
        ObjectNode tree;
        try {
            if (file == null) {
                tree = YAML.createObjectNode();
            } else if (!Files.isRegularFile(file)) {
                throw new ConfigException("config", "file not found: " + file);
            } else {
                var node = YAML.readTree(file.toFile());
                if (node == null || node.isMissingNode() || node.isNull()) {
                    tree = YAML.createObjectNode();
                } else if (node instanceof ObjectNode object) {
                    tree = object;
                } else {
                    throw new ConfigException("config", "must be a YAML mapping at the top level: " + file);
                }
            }
        } catch (JsonProcessingException e) {
            throw new ConfigException("config: " + file + " is not valid YAML: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new ConfigException("config: cannot read " + file + ": " + e.getMessage(), e);
        }
        ENV_OVERRIDES.forEach((variable, field) -> {
            String value = env.get(variable);
            if (value != null && !value.isBlank()) {
                String[] path = field.split("\\.");
                ObjectNode section = tree;
                for (int i = 0; i < path.length - 1; i++) {
                    section = section.has(path[i]) && section.get(path[i]).isObject()
                            ? (ObjectNode) section.get(path[i]) : section.putObject(path[i]);
                }
                section.put(path[path.length - 1], value.trim());
            }
        });
        String proxies = env.get(TRUSTED_PROXIES_ENV);
        if (proxies != null && !proxies.isBlank()) {
            var list = tree.putArray("trusted-proxies");
            for (String entry : proxies.split(",")) {
                list.add(entry.trim());
            }
        }
        JwtSecretsFromEnvironment.apply(tree, env);
        try {
            return YAML.treeToValue(tree, GatewaySettings.class);
        } catch (JsonMappingException e) {
            throw fieldError(e);
        } catch (JsonProcessingException e) {
            throw new ConfigException("config: " + e.getOriginalMessage(), e);
        }
    }

    private static ConfigException fieldError(JsonMappingException e) {
        String path = e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? "." + ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining()).replaceFirst("^\\.", "");
        if (e.getCause() instanceof ConfigException config) {
            // Records name their own field; the path says which section or list entry it sits in.
            return new ConfigException((path.isEmpty() ? "" : path + ".") + config.getMessage(), config);
        }
        String problem = e.getOriginalMessage().replaceAll("\\s*\\(class [^)]*\\)", "").replaceAll("\\n.*", "");
        return new ConfigException((path.isEmpty() ? "config" : path) + ": " + problem, e);
    }
}
