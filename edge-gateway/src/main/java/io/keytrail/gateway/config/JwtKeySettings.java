package io.keytrail.gateway.config;

import com.nimbusds.jose.jwk.JWK;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One verification key of the jwt policy, given in the gateway config rather than a JWKS file:
 * a PEM public key (RSA or EC P-256), inline or in a file, or an HMAC secret kept out of the YAML,
 * in an environment variable or a file.
 *
 * @param kid    the key id tokens name in their {@code kid} header; {@code null} matches any
 * @param secret the value of the {@code secret-env} variable; {@link GatewaySettings#load} fills it
 *               in and refuses it in the file, so a secret is never written in the YAML
 */
public record JwtKeySettings(String kid, String publicKey, String publicKeyFile, String secretEnv, String secretFile,
        String secret) {
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");
    static final int MAX_KID_LENGTH = 256;

    /** A key without a secret from the environment. */
    public JwtKeySettings(String kid, String publicKey, String publicKeyFile, String secretEnv, String secretFile) {
        this(kid, publicKey, publicKeyFile, secretEnv, secretFile, null);
    }

    public JwtKeySettings {
        if (kid != null && (kid.isBlank() || kid.length() > MAX_KID_LENGTH)) {
            throw new ConfigException("kid", "must be 1 to " + MAX_KID_LENGTH + " characters, got '" + kid + "'");
        }
        if (secretEnv != null && !ENV_NAME.matcher(secretEnv).matches()) {
            throw new ConfigException("secret-env", "must be the name of an environment variable, got '"
                    + secretEnv + "'");
        }
        List<String> sources = new ArrayList<>();
        if (publicKey != null) {
            sources.add("public-key");
        }
        if (publicKeyFile != null) {
            sources.add("public-key-file");
        }
        if (secretEnv != null || secret != null) {
            sources.add("secret-env");
        }
        if (secretFile != null) {
            sources.add("secret-file");
        }
        if (sources.isEmpty()) {
            throw new ConfigException("public-key",
                    "missing: give one of public-key, public-key-file, secret-env or secret-file");
        }
        if (sources.size() > 1) {
            throw new ConfigException(sources.get(1), "cannot be combined with " + sources.get(0)
                    + ": give one of public-key, public-key-file, secret-env or secret-file per key");
        }
    }

    /**
     * Reads the key (its file, if it has one) as a verification key: an RSA or EC public key, or an
     * HMAC secret. The material is checked here, not in the constructor, so that a disabled policy
     * never reads its files.
     *
     * @throws ConfigException naming the field (relative to this key) when it cannot be used
     */
    public JWK jwk() {
        if (publicKey != null) {
            return JwtKeyFiles.publicKey("public-key", publicKey, kid);
        }
        if (publicKeyFile != null) {
            return JwtKeyFiles.publicKey("public-key-file",
                    JwtKeyFiles.readText("public-key-file", publicKeyFile, JwtKeyFiles.MAX_PEM_BYTES), kid);
        }
        if (secretFile != null) {
            return JwtKeyFiles.secret("secret-file", JwtKeyFiles.readSecretFile("secret-file", secretFile), kid);
        }
        if (secret == null || secret.isEmpty()) {
            throw new ConfigException("secret-env", "environment variable " + secretEnv + " is not set");
        }
        return JwtKeyFiles.secret("secret-env", secret.getBytes(StandardCharsets.UTF_8), kid);
    }

    /** Never shows the secret. */
    @Override
    public String toString() {
        return "JwtKeySettings[kid=" + kid + ", publicKey=" + (publicKey == null ? null : "(PEM)")
                + ", publicKeyFile=" + publicKeyFile + ", secretEnv=" + secretEnv + ", secretFile=" + secretFile
                + ", secret=" + (secret == null ? null : "(hidden)") + "]";
    }
}
