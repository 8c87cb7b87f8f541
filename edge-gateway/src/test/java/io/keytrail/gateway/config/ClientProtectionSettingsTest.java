package io.keytrail.gateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code trusted-proxies} and {@code failed-auth-protection}, alongside {@link GatewaySettingsTest}. */
class ClientProtectionSettingsTest {
    @TempDir
    Path dir;

    @Test
    void defaultsTrustNoProxyAndLimitFailedAuth() {
        GatewaySettings settings = GatewaySettings.load(null, Map.of());
        assertTrue(settings.trustedProxies().isEmpty());
        FailedAuthProtectionSettings limit = settings.failedAuthProtection();
        assertTrue(limit.enabled());
        assertEquals(20, limit.maxFailures());
        assertEquals(60, limit.windowSeconds());
        assertEquals(60, limit.blockSeconds());
        assertEquals(100_000, limit.maxTrackedClients());
    }

    @Test
    void readsBothSectionsAndTheEnvironmentOverridesThem() throws IOException {
        Path file = write("""
                trusted-proxies:
                  - 10.0.0.0/8
                  - " 192.0.2.7 "
                  - 2001:db8::/32
                failed-auth-protection:
                  max-failures: 5
                  window-seconds: 30
                  block-seconds: 300
                  max-tracked-clients: 1000
                """);
        GatewaySettings settings = GatewaySettings.load(file, Map.of());
        assertEquals(List.of("10.0.0.0/8", "192.0.2.7", "2001:db8::/32"), settings.trustedProxies());
        assertEquals(5, settings.failedAuthProtection().maxFailures());
        assertEquals(30, settings.failedAuthProtection().windowSeconds());
        assertEquals(300, settings.failedAuthProtection().blockSeconds());
        assertEquals(1000, settings.failedAuthProtection().maxTrackedClients());

        GatewaySettings overridden = GatewaySettings.load(file, Map.of(
                "KEYTRAIL_TRUSTED_PROXIES", "172.16.0.0/12, ::1",
                "KEYTRAIL_FAILED_AUTH_PROTECTION_ENABLED", "false"));
        assertEquals(List.of("172.16.0.0/12", "::1"), overridden.trustedProxies());
        assertFalse(overridden.failedAuthProtection().enabled());
        assertEquals(5, overridden.failedAuthProtection().maxFailures());
    }

    @Test
    void badValuesNameTheirField() throws IOException {
        assertMessage("trusted-proxies[1]: ", "trusted-proxies: [10.0.0.1, proxy.internal]\n", Map.of());
        assertMessage("trusted-proxies[0]: ", "trusted-proxies: [10.0.0.0/40]\n", Map.of());
        assertMessage("trusted-proxies[0]: ", "trusted-proxies: [\"\"]\n", Map.of());
        assertMessage("trusted-proxies[0]: ", "trusted-proxies: [~]\n", Map.of());
        assertMessage("trusted-proxies[1]: ", "", Map.of("KEYTRAIL_TRUSTED_PROXIES", "::1,fe80::1%eth0"));
        assertMessage("failed-auth-protection.max-failures: ", "failed-auth-protection:\n  max-failures: 0\n", Map.of());
        assertMessage("failed-auth-protection.window-seconds: ", "failed-auth-protection:\n  window-seconds: -1\n", Map.of());
        assertMessage("failed-auth-protection.block-seconds: ", "failed-auth-protection:\n  block-seconds: 999999\n", Map.of());
        assertMessage("failed-auth-protection.max-tracked-clients: ",
                "failed-auth-protection:\n  max-tracked-clients: 2\n", Map.of());
        assertMessage("failed-auth-protection.enabled: ", "failed-auth-protection:\n  enabled: maybe\n", Map.of());
        assertMessage("failed-auth-protection.max-fialures: ", "failed-auth-protection:\n  max-fialures: 3\n", Map.of());
    }

    private void assertMessage(String expectedStart, String yaml, Map<String, String> env) throws IOException {
        ConfigException e = assertThrows(ConfigException.class, () -> GatewaySettings.load(write(yaml), env));
        assertTrue(e.getMessage().startsWith(expectedStart), () -> "expected '" + expectedStart + "...' but got: " + e.getMessage());
    }

    private Path write(String yaml) throws IOException {
        Path file = Files.createTempFile(dir, "gateway", ".yaml");
        Files.writeString(file, yaml);
        return file;
    }
}
