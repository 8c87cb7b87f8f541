package io.keytrail.gateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The key-auth policy's key locations and CORS preflight option, read from YAML and validated. */
class KeyAuthSettingsTest {
    @TempDir
    Path dir;

    @Test
    void keyLocationsAndPreflightAreRead() throws IOException {
        GatewaySettings settings = GatewaySettings.load(write(api("""
                    policies:
                      pass-cors-preflight: true
                      key-auth:
                        enabled: true
                        in-header: false
                        query-param: api_key
                        body-field: apiKey
                        max-body-read-bytes: 4096
                        hide-credentials: false
                """)), Map.of());
        ApiSettings.Policies policies = settings.apis().get(0).policies();
        KeyAuthSettings keyAuth = policies.keyAuth();
        assertTrue(policies.passCorsPreflight());
        assertFalse(keyAuth.inHeader());
        assertEquals("api_key", keyAuth.queryParam());
        assertEquals("apiKey", keyAuth.bodyField());
        assertEquals(4096, keyAuth.maxBodyReadBytes());
        assertFalse(keyAuth.hideCredentials());
    }

    @Test
    void defaultsReadTheHeaderOnlyAndHideIt() throws IOException {
        GatewaySettings settings = GatewaySettings.load(write(api("""
                    policies:
                      key-auth:
                        enabled: true
                """)), Map.of());
        ApiSettings.Policies policies = settings.apis().get(0).policies();
        KeyAuthSettings keyAuth = policies.keyAuth();
        assertFalse(policies.passCorsPreflight());
        assertTrue(keyAuth.inHeader());
        assertNull(keyAuth.queryParam());
        assertNull(keyAuth.bodyField());
        assertEquals(KeyAuthSettings.DEFAULT_MAX_BODY_READ_BYTES, keyAuth.maxBodyReadBytes());
        assertTrue(keyAuth.hideCredentials());
        assertEquals("x-apim-key", settings.keyHeader(settings.apis().get(0)));
    }

    @Test
    void badLocationsNameTheirField() throws IOException {
        assertMessage("apis[0].policies.key-auth.query-param: ", "query-param: \"api key\"");
        assertMessage("apis[0].policies.key-auth.body-field: ", "body-field: \"a&b\"");
        assertMessage("apis[0].policies.key-auth.max-body-read-bytes: ", "max-body-read-bytes: 0");
        assertMessage("apis[0].policies.key-auth.in-header: ", "in-header: false");
    }

    @Test
    void sizeAndFailedAuthNumbersHaveEnvironmentOverrides() {
        GatewaySettings settings = GatewaySettings.load(null, Map.of(
                "KEYTRAIL_MAX_HEADER_BYTES", "8192",
                "KEYTRAIL_MAX_BODY_BYTES", "2048",
                "KEYTRAIL_FAILED_AUTH_MAX_FAILURES", "5",
                "KEYTRAIL_FAILED_AUTH_WINDOW_SECONDS", "30",
                "KEYTRAIL_FAILED_AUTH_BLOCK_SECONDS", "300"));
        assertEquals(8192, settings.server().maxHeaderBytes());
        assertEquals(2048L, settings.server().maxBodyBytes());
        assertEquals(5, settings.failedAuthProtection().maxFailures());
        assertEquals(30, settings.failedAuthProtection().windowSeconds());
        assertEquals(300, settings.failedAuthProtection().blockSeconds());
        ConfigException e = assertThrows(ConfigException.class,
                () -> GatewaySettings.load(null, Map.of("KEYTRAIL_FAILED_AUTH_MAX_FAILURES", "0")));
        assertTrue(e.getMessage().startsWith("failed-auth-protection.max-failures: "), e.getMessage());
    }

    private void assertMessage(String expectedStart, String keyAuthLine) throws IOException {
        Path file = write(api("""
                    policies:
                      key-auth:
                        enabled: true
                        %s
                """.formatted(keyAuthLine)));
        ConfigException e = assertThrows(ConfigException.class, () -> GatewaySettings.load(file, Map.of()));
        assertTrue(e.getMessage().startsWith(expectedStart), () -> "expected '" + expectedStart + "...' but got: " + e.getMessage());
    }

    private static String api(String rest) {
        return """
                apis:
                  - id: a
                    path-prefix: /a
                    upstream: http://127.0.0.1:9000
                """ + rest;
    }

    private Path write(String yaml) throws IOException {
        Path file = Files.createTempFile(dir, "gateway", ".yaml");
        Files.writeString(file, yaml);
        return file;
    }
}
