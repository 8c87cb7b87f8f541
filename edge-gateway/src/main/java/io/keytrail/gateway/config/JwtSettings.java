package io.keytrail.gateway.config;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The jwt policy of one API: the request must carry a signed JWT that one of the configured keys
 * verifies, that is within its validity period and, when configured, from the right issuer for the
 * right audience; the claim {@code developer-claim} names the developer.
 *
 * @param enabled          on unless {@code false}; a policy section is there to be used
 * @param header           the request header carrying the token, {@code Authorization} with the
 *                         {@code Bearer} scheme by default
 * @param algorithms       the algorithms a token may be signed with, from RS256, ES256 and HS256
 * @param jwksFile         a JWKS file of verification keys, matched by {@code kid}
 * @param keys             verification keys given one by one
 * @param issuer           the {@code iss} a token must have; {@code null} accepts any
 * @param audiences        a token's {@code aud} must name one of these; empty accepts any
 * @param clockSkewSeconds the leeway on {@code exp}, {@code nbf} and {@code iat} for clocks that disagree
 * @param requireExp       refuse tokens without {@code exp}
 * @param developerClaim   the claim whose string value is the developer id
 * @param hideCredentials  remove the token header before the request goes upstream
 * @param tokenCacheSize   how many verified tokens to remember, so that a token seen again skips
 *                         its signature check; 0 checks every time
 * @param verificationKeys read from {@code jwks-file} and {@code keys} here, whatever is passed in:
 *                         the keys that can verify one of the allowed algorithms (RSA public keys
 *                         for RS256, EC P-256 public keys for ES256, secrets for HS256), empty when
 *                         the policy is off. Part of the value, so settings read again after a key
 *                         file changed are not equal to the old ones
 */
public record JwtSettings(Boolean enabled, String header, List<String> algorithms, String jwksFile,
        List<JwtKeySettings> keys, String issuer, List<String> audiences, Integer clockSkewSeconds,
        Boolean requireExp, String developerClaim, Boolean hideCredentials, Integer tokenCacheSize,
        @JsonIgnore List<JWK> verificationKeys) {
    public static final String DEFAULT_HEADER = "Authorization";
    public static final List<String> SUPPORTED_ALGORITHMS = List.of("RS256", "ES256", "HS256");
    public static final int DEFAULT_CLOCK_SKEW_SECONDS = 60;
    public static final int MAX_CLOCK_SKEW_SECONDS = 600;
    public static final String DEFAULT_DEVELOPER_CLAIM = "sub";
    static final int MAX_CLAIM_NAME_LENGTH = 256;
    public static final int DEFAULT_TOKEN_CACHE_SIZE = 1024;
    public static final int MAX_TOKEN_CACHE_SIZE = 1 << 20;

    /** Reads the keys. */
    public JwtSettings(Boolean enabled, String header, List<String> algorithms, String jwksFile,
            List<JwtKeySettings> keys, String issuer, List<String> audiences, Integer clockSkewSeconds,
            Boolean requireExp, String developerClaim, Boolean hideCredentials, Integer tokenCacheSize) {
        this(enabled, header, algorithms, jwksFile, keys, issuer, audiences, clockSkewSeconds, requireExp,
                developerClaim, hideCredentials, tokenCacheSize, null);
    }

    /** Reads the keys; the default token cache. */
    public JwtSettings(Boolean enabled, String header, List<String> algorithms, String jwksFile,
            List<JwtKeySettings> keys, String issuer, List<String> audiences, Integer clockSkewSeconds,
            Boolean requireExp, String developerClaim, Boolean hideCredentials) {
        this(enabled, header, algorithms, jwksFile, keys, issuer, audiences, clockSkewSeconds, requireExp,
                developerClaim, hideCredentials, null, null);
    }

    public JwtSettings {
        enabled = enabled == null ? Boolean.TRUE : enabled;
        header = header == null ? DEFAULT_HEADER : header;
        Checks.headerName("header", header);
        algorithms = algorithms(algorithms);
        if (jwksFile != null && jwksFile.isBlank()) {
            throw new ConfigException("jwks-file", "must be a file path, got ''");
        }
        keys = keys == null ? List.of() : List.copyOf(keys);
        if (issuer != null && issuer.isBlank()) {
            throw new ConfigException("issuer", "must not be blank; leave it out to accept any issuer");
        }
        audiences = audiences == null ? List.of() : List.copyOf(audiences);
        for (int i = 0; i < audiences.size(); i++) {
            if (audiences.get(i) == null || audiences.get(i).isBlank()) {
                throw new ConfigException("audiences[" + i + "]", "must not be blank");
            }
        }
        clockSkewSeconds = clockSkewSeconds == null ? DEFAULT_CLOCK_SKEW_SECONDS : clockSkewSeconds;
        if (clockSkewSeconds < 0 || clockSkewSeconds > MAX_CLOCK_SKEW_SECONDS) {
            throw new ConfigException("clock-skew-seconds", "must be between 0 and " + MAX_CLOCK_SKEW_SECONDS
                    + ", got " + clockSkewSeconds);
        }
        requireExp = requireExp == null ? Boolean.TRUE : requireExp;
        developerClaim = developerClaim == null ? DEFAULT_DEVELOPER_CLAIM : developerClaim;
        if (developerClaim.isBlank() || developerClaim.length() > MAX_CLAIM_NAME_LENGTH) {
            throw new ConfigException("developer-claim", "must be a claim name of 1 to " + MAX_CLAIM_NAME_LENGTH
                    + " characters, got '" + developerClaim + "'");
        }
        hideCredentials = hideCredentials == null ? Boolean.TRUE : hideCredentials;
        tokenCacheSize = tokenCacheSize == null ? DEFAULT_TOKEN_CACHE_SIZE : tokenCacheSize;
        if (tokenCacheSize < 0 || tokenCacheSize > MAX_TOKEN_CACHE_SIZE) {
            throw new ConfigException("token-cache-size", "must be between 0 and " + MAX_TOKEN_CACHE_SIZE
                    + ", got " + tokenCacheSize);
        }
        // Read here, once, so that a missing file or a weak key stops start-up naming its field; a
        // disabled policy never reads its files.
        verificationKeys = enabled ? usableKeys(readKeys(jwksFile, keys), algorithms) : List.of();
    }

    /** The policy switched off, as for an API without a {@code jwt} section. */
    public static JwtSettings disabled() {
        return new JwtSettings(false, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    /** Names the keys but never shows key material, secrets least of all. */
    @Override
    public String toString() {
        return "JwtSettings[enabled=" + enabled + ", header=" + header + ", algorithms=" + algorithms
                + ", jwksFile=" + jwksFile + ", keys=" + keys + ", issuer=" + issuer + ", audiences=" + audiences
                + ", clockSkewSeconds=" + clockSkewSeconds + ", requireExp=" + requireExp + ", developerClaim="
                + developerClaim + ", hideCredentials=" + hideCredentials + ", tokenCacheSize=" + tokenCacheSize
                + ", verificationKeys=" + verificationKeys.stream()
                        .map(key -> key.getKeyType() + (key.getKeyID() == null ? "" : " " + key.getKeyID())).toList()
                + "]";
    }

    private static List<String> algorithms(List<String> algorithms) {
        if (algorithms == null) {
            return SUPPORTED_ALGORITHMS;
        }
        if (algorithms.isEmpty()) {
            throw new ConfigException("algorithms", "must list at least one of " + SUPPORTED_ALGORITHMS);
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < algorithms.size(); i++) {
            String algorithm = algorithms.get(i);
            String field = "algorithms[" + i + "]";
            if ("none".equalsIgnoreCase(algorithm)) {
                throw new ConfigException(field, "'none' is never accepted: tokens must be signed");
            }
            if (!SUPPORTED_ALGORITHMS.contains(algorithm)) {
                throw new ConfigException(field, "must be one of " + SUPPORTED_ALGORITHMS + ", got '"
                        + algorithm + "'");
            }
            if (!seen.add(algorithm)) {
                throw new ConfigException(field, "duplicate '" + algorithm + "'");
            }
        }
        return List.copyOf(algorithms);
    }

    private static List<JWK> readKeys(String jwksFile, List<JwtKeySettings> keys) {
        if (jwksFile == null && keys.isEmpty()) {
            throw new ConfigException("keys", "no verification keys: set jwks-file, keys, or both");
        }
        List<JWK> all = new ArrayList<>();
        List<String> fields = new ArrayList<>();
        if (jwksFile != null) {
            for (JWK key : JwtKeyFiles.jwks("jwks-file", jwksFile)) {
                all.add(key);
                fields.add("jwks-file");
            }
        }
        for (int i = 0; i < keys.size(); i++) {
            try {
                all.add(keys.get(i).jwk());
            } catch (ConfigException e) {
                throw new ConfigException("keys[" + i + "]." + e.getMessage(), e);
            }
            fields.add("keys[" + i + "].kid");
        }
        // A token's kid and algorithm must pick at most one key, or rotation becomes guesswork.
        Set<String> kids = new HashSet<>();
        for (int i = 0; i < all.size(); i++) {
            JWK key = all.get(i);
            if (key.getKeyID() != null && !kids.add(JwtKeyFiles.algorithmOf(key) + " " + key.getKeyID())) {
                throw new ConfigException(fields.get(i), "duplicate " + JwtKeyFiles.algorithmOf(key)
                        + " key id '" + key.getKeyID() + "'");
            }
        }
        return all;
    }

    private static List<JWK> usableKeys(List<JWK> keys, List<String> algorithms) {
        List<JWK> usable = new ArrayList<>();
        Set<String> families = new LinkedHashSet<>();
        for (JWK key : keys) {
            JWSAlgorithm algorithm = JwtKeyFiles.algorithmOf(key);
            families.add(algorithm.getName());
            if (algorithms.contains(algorithm.getName())) {
                usable.add(key);
            }
        }
        if (usable.isEmpty()) {
            throw new ConfigException("algorithms", "no key verifies any of " + algorithms
                    + "; the keys are for " + families);
        }
        return List.copyOf(usable);
    }
}
