package io.keytrail.gateway.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * Fills in the HMAC secrets the jwt policy's keys name with {@code secret-env}, from the same
 * environment as the other overrides, and refuses a secret written into the file itself.
 */
final class JwtSecretsFromEnvironment {
    private JwtSecretsFromEnvironment() {
    }

    static void apply(ObjectNode tree, Map<String, String> env) {
        JsonNode apis = tree.get("apis");
        if (apis == null || !apis.isArray()) {
            return;
        }
        for (int i = 0; i < apis.size(); i++) {
            JsonNode keys = apis.get(i).path("policies").path("jwt").path("keys");
            for (int j = 0; j < keys.size(); j++) {
                if (!(keys.get(j) instanceof ObjectNode key)) {
                    continue;
                }
                if (key.has("secret")) {
                    throw new ConfigException("apis[" + i + "].policies.jwt.keys[" + j + "].secret",
                            "secrets are not read from the configuration file; use secret-env or secret-file");
                }
                JsonNode name = key.get("secret-env");
                String value = name != null && name.isTextual() ? env.get(name.asText()) : null;
                if (value != null) {
                    key.put("secret", value);
                }
            }
        }
    }
}
