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
    static final Map<String, String> ENV_OVERRIDES = Map.of(
            "KEYTRAIL_GATEWAY_HOST", "server.host",
            "KEYTRAIL_GATEWAY_PORT", "server.port",
            "KEYTRAIL_GATEWAY_MANAGEMENT_PORT", "server.management-port",
            "KEYTRAIL_NODE_ID", "server.node-id",
            "KEYTRAIL_KAFKA_BOOTSTRAP", "kafka.bootstrap",
            "KEYTRAIL_TOPIC_PREFIX", "kafka.topic-prefix",
            "KEYTRAIL_KEY_HEADER", "key-auth.header",
            "KEYTRAIL_FAILED_AUTH_PROTECTION_ENABLED", "failed-auth-protection.enabled");

    /** Comma-separated addresses and CIDR blocks; replaces the file's {@code trusted-proxies} list. */
    static final String TRUSTED_PROXIES_ENV = "KEYTRAIL_TRUSTED_PROXIES";

    /** Without trusted proxies and with the default failed-auth protection. */
    public GatewaySettings(ServerSettings server, KafkaSettings kafka, KeyAuthDefaults keyAuth, AuditSettings audit,
            List<ApiSettings> apis) {
        this(server, kafka, keyAuth, audit, apis, null, null);
    }

    public GatewaySettings {
        server = server == null ? new ServerSettings(null, null, null, null, null, null) : server;
        kafka = kafka == null ? new KafkaSettings(null, null, null, null) : kafka;
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
        Set<String> prefixes = new HashSet<>();
        for (int i = 0; i < apis.size(); i++) {
            ApiSettings api = apis.get(i);
            if (!ids.add(api.id())) {
                throw new ConfigException("apis[" + i + "].id", "duplicate API id '" + api.id() + "'");
            }
            if (!prefixes.add(api.pathPrefix())) {
                throw new ConfigException("apis[" + i + "].path-prefix", "duplicate path prefix '" + api.pathPrefix() + "'");
            }
        }
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
                ObjectNode section = tree.has(path[0]) && tree.get(path[0]).isObject()
                        ? (ObjectNode) tree.get(path[0]) : tree.putObject(path[0]);
                section.put(path[1], value.trim());
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
