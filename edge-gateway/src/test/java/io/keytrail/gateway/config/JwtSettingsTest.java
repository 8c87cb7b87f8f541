package io.keytrail.gateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.JSONObjectUtils;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code apis[].policies.jwt} section: defaults, every option, every validation message. */
class JwtSettingsTest {
    static final String SECRET = "0123456789abcdef0123456789abcdef-not-a-real-secret";
    static KeyPair rsa;
    static KeyPair ec;

    @TempDir
    Path dir;

    @BeforeAll
    static void keys() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        rsa = generator.generateKeyPair();
        ec = ecKey("secp256r1");
    }

    @Test
    void aSectionWithKeysIsOnWithTheDefaults() throws IOException {
        JwtSettings jwt = load(section("    jwks-file: " + jwks(rsaJwk("k1"))), Map.of()).apis().get(0).policies().jwt();
        assertTrue(jwt.enabled());
        assertEquals("Authorization", jwt.header());
        assertEquals(List.of("RS256", "ES256", "HS256"), jwt.algorithms());
        assertEquals(60, jwt.clockSkewSeconds());
        assertTrue(jwt.requireExp());
        assertEquals("sub", jwt.developerClaim());
        assertTrue(jwt.hideCredentials());
        assertEquals(null, jwt.issuer());
        assertEquals(List.of(), jwt.audiences());
        assertEquals(1024, jwt.tokenCacheSize());
        assertEquals(1, jwt.verificationKeys().size());
    }

    @Test
    void noSectionMeansOff() throws IOException {
        ApiSettings api = load("""
                apis:
                  - id: a
                    path-prefix: /a
                    upstream: http://x
                """, Map.of()).apis().get(0);
        assertFalse(api.policies().jwt().enabled());
        assertFalse(new ApiSettings.Policies(null).jwt().enabled());
    }

    @Test
    void readsEveryOption() throws IOException {
        Path pemFile = write("ec.pem", pem("PUBLIC KEY", ec.getPublic().getEncoded()));
        Path secretFile = write("hs.secret", SECRET + "\n");
        String yaml = section("""
                    enabled: true
                    header: X-Access-Token
                    algorithms: [ES256, RS256, HS256]
                    jwks-file: %s
                    keys:
                      - kid: inline-rsa
                        public-key: |
                %s
                      - kid: ec-file
                        public-key-file: %s
                      - kid: hs-env
                        secret-env: JWT_SECRET
                      - kid: hs-file
                        secret-file: %s
                    issuer: https://idp.example.com/
                    audiences: [orders, billing]
                    clock-skew-seconds: 5
                    require-exp: false
                    developer-claim: https://keytrail.io/developer
                    hide-credentials: false
                    token-cache-size: 0
                """.formatted(jwks(rsaJwk("k1")), indent(pem("PUBLIC KEY", rsa.getPublic().getEncoded()), 10),
                pemFile, secretFile));
        JwtSettings jwt = load(yaml, Map.of("JWT_SECRET", SECRET)).apis().get(0).policies().jwt();
        assertEquals("X-Access-Token", jwt.header());
        assertEquals(List.of("ES256", "RS256", "HS256"), jwt.algorithms());
        assertEquals("https://idp.example.com/", jwt.issuer());
        assertEquals(List.of("orders", "billing"), jwt.audiences());
        assertEquals(5, jwt.clockSkewSeconds());
        assertFalse(jwt.requireExp());
        assertEquals("https://keytrail.io/developer", jwt.developerClaim());
        assertFalse(jwt.hideCredentials());
        assertEquals(0, jwt.tokenCacheSize());
        List<JWK> keys = jwt.verificationKeys();
        assertEquals(List.of("k1", "inline-rsa", "ec-file", "hs-env", "hs-file"), keys.stream().map(JWK::getKeyID).toList());
        assertTrue(keys.get(2) instanceof ECKey);
        assertEquals(SECRET, new String(((OctetSequenceKey) keys.get(3)).toByteArray(), StandardCharsets.UTF_8));
        assertEquals(SECRET, new String(((OctetSequenceKey) keys.get(4)).toByteArray(), StandardCharsets.UTF_8),
                "the secret file's trailing line break is not part of the secret");
        assertFalse(jwt.toString().contains(SECRET), "settings never print a secret");
        assertFalse(jwt.toString().contains(((OctetSequenceKey) keys.get(3)).getKeyValue().toString()),
                "nor its base64url form");
    }

    @Test
    void onlyTheAllowedAlgorithmsKeysAreUsedAndOthersInTheJwksAreSkipped() throws IOException {
        JWK encryption = new RSAKey.Builder((RSAPublicKey) rsa.getPublic()).keyID("enc").keyUse(KeyUse.ENCRYPTION).build();
        JWK rs384 = new RSAKey.Builder((RSAPublicKey) rsa.getPublic()).keyID("rs384")
                .algorithm(com.nimbusds.jose.JWSAlgorithm.RS384).build();
        JWK p384 = new ECKey.Builder(Curve.P_384, (ECPublicKey) ecKey("secp384r1").getPublic()).keyID("p384").build();
        Map<String, Object> set = new JWKSet(List.of(encryption, rs384, p384, rsaJwk("k1"), ecJwk("e1"))).toJSONObject(false);
        List<Object> all = new java.util.ArrayList<>((List<?>) set.get("keys"));
        // RFC 8037's Ed25519 example key: a type the policy has no algorithm for.
        all.add(Map.of("kty", "OKP", "crv", "Ed25519", "kid", "ed", "x", "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"));
        String file = write("mixed.json", JSONObjectUtils.toJSONString(Map.of("keys", all))).toString();
        JwtSettings jwt = load(section("    algorithms: [ES256]\n    jwks-file: " + file), Map.of())
                .apis().get(0).policies().jwt();
        assertEquals(List.of("e1"), jwt.verificationKeys().stream().map(JWK::getKeyID).toList());
    }

    @Test
    void theKeysReadArePartOfTheSettingsSoAChangedKeyFileMakesThemDiffer() throws IOException {
        Path file = dir.resolve("rotating.json");
        Files.writeString(file, new JWKSet(List.of(rsaJwk("k1"))).toString(false));
        String yaml = section("    jwks-file: " + file);
        ApiSettings first = load(yaml, Map.of()).apis().get(0);
        assertEquals(first, load(yaml, Map.of()).apis().get(0), "same files, same settings");
        Files.writeString(file, new JWKSet(List.of(rsaJwk("k1"), ecJwk("e1"))).toString(false));
        ApiSettings rotated = load(yaml, Map.of()).apis().get(0);
        assertFalse(first.equals(rotated), "a reload must see the new keys as a change");
        assertEquals(List.of("k1", "e1"), rotated.policies().jwt().verificationKeys().stream().map(JWK::getKeyID).toList());
    }

    @Test
    void keysCannotBeWrittenIntoTheSettingsOnlyRead() throws IOException {
        String yaml = section("    jwks-file: " + jwks(rsaJwk("k1"))
                + "\n    verification-keys: [{kty: oct, kid: injected, k: " + "A".repeat(64) + "}]");
        JwtSettings jwt = load(yaml, Map.of()).apis().get(0).policies().jwt();
        assertEquals(List.of("k1"), jwt.verificationKeys().stream().map(JWK::getKeyID).toList());
        JwtSettings constructed = new JwtSettings(true, null, null, jwks(rsaJwk("k1")), null, null, null, null, null,
                null, null, null, List.of(new OctetSequenceKey.Builder(new byte[32]).keyID("injected").build()));
        assertEquals(List.of("k1"), constructed.verificationKeys().stream().map(JWK::getKeyID).toList());
    }

    @Test
    void aDisabledSectionDoesNotReadItsFiles() throws IOException {
        JwtSettings jwt = load(section("    enabled: false\n    jwks-file: /nowhere/jwks.json"), Map.of())
                .apis().get(0).policies().jwt();
        assertFalse(jwt.enabled());
    }

    @Test
    void badOptionsNameTheirField() throws IOException {
        String keys = "    jwks-file: " + jwks(rsaJwk("k1")) + "\n";
        assertMessage("apis[0].policies.jwt.header: must be a valid HTTP header name", section(keys + "    header: \"a b\""));
        assertMessage("apis[0].policies.jwt.algorithms[0]: 'none' is never accepted", section(keys + "    algorithms: [none]"));
        assertMessage("apis[0].policies.jwt.algorithms[1]: must be one of [RS256, ES256, HS256], got 'RS384'",
                section(keys + "    algorithms: [RS256, RS384]"));
        assertMessage("apis[0].policies.jwt.algorithms[1]: duplicate 'RS256'", section(keys + "    algorithms: [RS256, RS256]"));
        assertMessage("apis[0].policies.jwt.algorithms: must list at least one", section(keys + "    algorithms: []"));
        assertMessage("apis[0].policies.jwt.algorithms: no key verifies any of [HS256]; the keys are for [RS256]",
                section(keys + "    algorithms: [HS256]"));
        assertMessage("apis[0].policies.jwt.issuer: must not be blank", section(keys + "    issuer: \" \""));
        assertMessage("apis[0].policies.jwt.audiences[1]: must not be blank", section(keys + "    audiences: [a, \"\"]"));
        assertMessage("apis[0].policies.jwt.clock-skew-seconds: must be between 0 and 600, got 601",
                section(keys + "    clock-skew-seconds: 601"));
        assertMessage("apis[0].policies.jwt.clock-skew-seconds: must be between 0 and 600, got -1",
                section(keys + "    clock-skew-seconds: -1"));
        assertMessage("apis[0].policies.jwt.developer-claim: must be a claim name", section(keys + "    developer-claim: \"\""));
        assertMessage("apis[0].policies.jwt.token-cache-size: must be between 0 and 1048576, got -1",
                section(keys + "    token-cache-size: -1"));
        assertMessage("apis[0].policies.jwt.token-cache-size: must be between 0 and 1048576, got 1048577",
                section(keys + "    token-cache-size: 1048577"));
        assertMessage("apis[0].policies.jwt.keys: no verification keys", section("    issuer: x"));
        assertMessage("apis[0].policies.jwt.header: 'X-APIM-Key' is also the key-auth header", """
                apis:
                  - id: a
                    path-prefix: /a
                    upstream: http://x
                    policies:
                      key-auth:
                        enabled: true
                        header: x-apim-key
                      jwt:
                        header: X-APIM-Key
                %s""".formatted(keys.replace("    ", "        ")));
    }

    @Test
    void unusableJwksFilesNameTheField() throws IOException {
        assertMessage("apis[0].policies.jwt.jwks-file: file not found: " + dir.resolve("none.json"),
                section("    jwks-file: " + dir.resolve("none.json")));
        assertMessage("apis[0].policies.jwt.jwks-file: " + write("bad.json", "{\"keys\": [") + " is not a valid JWKS",
                section("    jwks-file: " + dir.resolve("bad.json")));
        assertMessage("apis[0].policies.jwt.jwks-file: " + write("empty.json", "{\"keys\": []}")
                + " holds no RS256, ES256 or HS256 signature key", section("    jwks-file: " + dir.resolve("empty.json")));
        KeyPairGenerator small = generator(1024);
        JWK weak = new RSAKey.Builder((RSAPublicKey) small.generateKeyPair().getPublic()).keyID("weak").build();
        assertMessage("apis[0].policies.jwt.jwks-file: key 'weak' is a 1024-bit RSA key; at least 2048 bits are required",
                section("    jwks-file: " + jwks(weak)));
        JWK shortSecret = new OctetSequenceKey.Builder(new byte[16]).keyID("short").build();
        assertMessage("apis[0].policies.jwt.jwks-file: key 'short' in ", section("    jwks-file: " + jwks(shortSecret)));
        assertMessage("apis[0].policies.jwt.keys[0].kid: duplicate RS256 key id 'k1'",
                section("    jwks-file: " + jwks(rsaJwk("k1")) + "\n    keys:\n      - kid: k1\n        public-key-file: "
                        + write("k1.pem", pem("PUBLIC KEY", rsa.getPublic().getEncoded()))));
    }

    @Test
    void unusableInlineKeysNameTheirField() throws IOException {
        assertMessage("apis[0].policies.jwt.keys[0].public-key: missing: give one of", keys("      - kid: x"));
        assertMessage("apis[0].policies.jwt.keys[0].secret-file: cannot be combined with public-key-file",
                keys("      - public-key-file: a.pem\n        secret-file: b"));
        assertMessage("apis[0].policies.jwt.keys[0].kid: must be 1 to 256 characters", keys("      - kid: \"\"\n        secret-file: b"));
        assertMessage("apis[0].policies.jwt.keys[0].public-key: is not a PEM public key", keys("      - public-key: hello"));
        assertMessage("apis[0].policies.jwt.keys[0].public-key-file: is a private key",
                keys("      - public-key-file: " + write("private.pem", pem("PRIVATE KEY", rsa.getPrivate().getEncoded()))));
        assertMessage("apis[0].policies.jwt.keys[0].public-key-file: PEM type 'RSA PUBLIC KEY' is not supported",
                keys("      - public-key-file: " + write("pkcs1.pem", pem("RSA PUBLIC KEY", new byte[] {1, 2, 3}))));
        assertMessage("apis[0].policies.jwt.keys[0].public-key-file: is not a readable PUBLIC KEY",
                keys("      - public-key-file: " + write("junk.pem", pem("PUBLIC KEY", new byte[] {1, 2, 3}))));
        assertMessage("apis[0].policies.jwt.keys[0].public-key-file: holds more than one PEM block",
                keys("      - public-key-file: " + write("two.pem", pem("PUBLIC KEY", rsa.getPublic().getEncoded())
                        + pem("PUBLIC KEY", ec.getPublic().getEncoded()))));
        assertMessage("apis[0].policies.jwt.keys[0].public-key-file: is an EC key on P-384; ES256 needs P-256",
                keys("      - public-key-file: " + write("p384.pem", pem("PUBLIC KEY", ecKey("secp384r1").getPublic().getEncoded()))));
        assertMessage("apis[0].policies.jwt.keys[0].public-key-file: the key is a 1024-bit RSA key",
                keys("      - public-key-file: " + write("weak.pem", pem("PUBLIC KEY",
                        generator(1024).generateKeyPair().getPublic().getEncoded()))));
        assertMessage("apis[0].policies.jwt.keys[0].public-key-file: file not found", keys("      - public-key-file: " + dir.resolve("x")));
        assertMessage("apis[0].policies.jwt.keys[0].secret-file: an HS256 secret must be at least 32 bytes, got 31",
                keys("      - secret-file: " + write("short.secret", "x".repeat(31) + "\r\n")));
        assertMessage("apis[0].policies.jwt.keys[0].secret-env: must be the name of an environment variable",
                keys("      - secret-env: \"A-B\""));
    }

    @Test
    void secretsComeFromTheEnvironmentOrAFileNeverFromTheYaml() throws IOException {
        assertMessage("apis[0].policies.jwt.keys[0].secret-env: environment variable JWT_SECRET is not set",
                keys("      - secret-env: JWT_SECRET"));
        ConfigException shortSecret = assertThrows(ConfigException.class,
                () -> load(keys("      - secret-env: JWT_SECRET"), Map.of("JWT_SECRET", "too-short")));
        assertEquals("apis[0].policies.jwt.keys[0].secret-env: an HS256 secret must be at least 32 bytes, got 9",
                shortSecret.getMessage());
        assertMessage("apis[0].policies.jwt.keys[0].secret: secrets are not read from the configuration file",
                keys("      - secret-env: JWT_SECRET\n        secret: " + SECRET));
        ConfigException inline = assertThrows(ConfigException.class,
                () -> load(keys("      - secret: " + SECRET), Map.of()));
        assertFalse(inline.getMessage().contains(SECRET), "the message never repeats the secret");
    }

    private String keys(String entries) {
        return section("    keys:\n" + entries);
    }

    private static String section(String jwtLines) {
        return """
                apis:
                  - id: a
                    path-prefix: /a
                    upstream: http://x
                    policies:
                      jwt:
                """ + jwtLines.lines().map(line -> "      " + line).reduce((a, b) -> a + "\n" + b).orElse("") + "\n";
    }

    private void assertMessage(String expectedStart, String yaml) throws IOException {
        ConfigException e = assertThrows(ConfigException.class, () -> load(yaml, Map.of()));
        assertTrue(e.getMessage().startsWith(expectedStart), () -> "expected '" + expectedStart + "...' but got: " + e.getMessage());
    }

    private GatewaySettings load(String yaml, Map<String, String> env) throws IOException {
        return GatewaySettings.load(write("gateway-" + System.nanoTime() + ".yaml", yaml), env);
    }

    private Path write(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        return file;
    }

    private String jwks(JWK... keys) throws IOException {
        return write("jwks-" + System.nanoTime() + ".json", new JWKSet(List.of(keys)).toString(false)).toString();
    }

    private static JWK rsaJwk(String kid) {
        return new RSAKey.Builder((RSAPublicKey) rsa.getPublic()).keyID(kid).build();
    }

    private static JWK ecJwk(String kid) {
        return new ECKey.Builder(Curve.P_256, (ECPublicKey) ec.getPublic()).keyID(kid).build();
    }

    private static KeyPair ecKey(String curve) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec(curve));
            return generator.generateKeyPair();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPairGenerator generator(int bits) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(bits);
            return generator;
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static String indent(String text, int spaces) {
        return text.lines().map(line -> " ".repeat(spaces) + line).reduce((a, b) -> a + "\n" + b).orElse("");
    }
}
