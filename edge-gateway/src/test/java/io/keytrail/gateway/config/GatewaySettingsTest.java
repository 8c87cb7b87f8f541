package io.keytrail.gateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GatewaySettingsTest {
    @TempDir
    Path dir;

    @Test
    void noFileMeansDefaults() {
        GatewaySettings settings = GatewaySettings.load(null, Map.of());
        assertEquals(8080, settings.server().port());
        assertEquals(8081, settings.server().managementPort());
        assertEquals("127.0.0.1:9092", settings.kafka().bootstrap());
        assertEquals("keytrail.", settings.kafka().topicPrefix());
        assertEquals("x-apim-key", settings.keyAuth().header());
        assertTrue(settings.apis().isEmpty());
    }

    @Test
    void readsApisAndPolicies() throws IOException {
        GatewaySettings settings = GatewaySettings.load(write("""
                server:
                  port: 9000
                  node-id: gw-7
                apis:
                  - id: orders
                    path-prefix: /orders/
                    upstream: http://10.0.0.5:8000/v1
                    policies:
                      key-auth:
                        enabled: true
                  - id: open
                    path-prefix: /open
                    upstream: https://example.org
                    strip-prefix: false
                    policies:
                      key-auth:
                        enabled: true
                        header: X-Api-Key
                        hide-credentials: false
                """), Map.of());
        assertEquals(9000, settings.server().port());
        assertEquals("gw-7", settings.server().nodeId());
        ApiSettings orders = settings.apis().get(0);
        assertEquals("/orders", orders.pathPrefix());
        assertEquals(URI.create("http://10.0.0.5:8000/v1"), orders.upstream());
        assertTrue(orders.stripPrefix());
        assertTrue(orders.policies().keyAuth().enabled());
        assertTrue(orders.policies().keyAuth().hideCredentials());
        assertEquals("x-apim-key", settings.keyHeader(orders));
        ApiSettings open = settings.apis().get(1);
        assertFalse(open.stripPrefix());
        assertEquals("X-Api-Key", settings.keyHeader(open));
        assertFalse(open.policies().keyAuth().hideCredentials());
    }

    @Test
    void environmentOverridesTheFile() throws IOException {
        Path file = write("""
                server:
                  port: 9000
                key-auth:
                  header: from-file
                """);
        GatewaySettings settings = GatewaySettings.load(file, Map.of(
                "KEYTRAIL_GATEWAY_PORT", "9100",
                "KEYTRAIL_KEY_HEADER", "x-custom-key",
                "KEYTRAIL_KAFKA_BOOTSTRAP", "broker-1:9092,broker-2:9092"));
        assertEquals(9100, settings.server().port());
        assertEquals("x-custom-key", settings.keyAuth().header());
        assertEquals("broker-1:9092,broker-2:9092", settings.kafka().bootstrap());
    }

    @Test
    void badValuesNameTheirField() throws IOException {
        assertMessage("server.port: ", "server:\n  port: 70000\n", Map.of());
        assertMessage("server.port: ", "", Map.of("KEYTRAIL_GATEWAY_PORT", "eighty"));
        assertMessage("apis[0].upstream: ", """
                apis:
                  - id: a
                    path-prefix: /a
                    upstream: ftp://x
                """, Map.of());
        assertMessage("apis[0].path-prefix: ", """
                apis:
                  - id: a
                    path-prefix: a/../b
                    upstream: http://x
                """, Map.of());
        assertMessage("apis[1].path-prefix: duplicate", """
                apis:
                  - id: a
                    path-prefix: /a
                    upstream: http://x
                  - id: b
                    path-prefix: /a/
                    upstream: http://y
                """, Map.of());
        assertMessage("apis[0].policies.key-auth.header: ", """
                apis:
                  - id: a
                    path-prefix: /a
                    upstream: http://x
                    policies:
                      key-auth:
                        enabled: true
                        header: "bad header"
                """, Map.of());
        assertMessage("key-auth.header: ", "", Map.of("KEYTRAIL_KEY_HEADER", "no spaces allowed"));
    }

    @Test
    void aMisspelledFieldIsAnErrorNotSilentlyIgnored() throws IOException {
        assertMessage("server.prot: ", "server:\n  prot: 9000\n", Map.of());
    }

    @Test
    void unreadableYamlAndMissingFileAreReported() throws IOException {
        ConfigException e = assertThrows(ConfigException.class, () -> GatewaySettings.load(write("apis: [\n"), Map.of()));
        assertTrue(e.getMessage().startsWith("config: "), e.getMessage());
        e = assertThrows(ConfigException.class, () -> GatewaySettings.load(dir.resolve("nope.yaml"), Map.of()));
        assertTrue(e.getMessage().contains("file not found"), e.getMessage());
    }

    @Test
    void requestSizeLimitsComeFromTheFileAndAreValidated() throws IOException {
        GatewaySettings settings = GatewaySettings.load(
                write("server:\n  max-header-bytes: 8192\n  max-body-bytes: 1048576\n"), Map.of());
        assertEquals(8192, settings.server().maxHeaderBytes());
        assertEquals(1_048_576L, settings.server().maxBodyBytes());
        assertEquals(16 * 1024, GatewaySettings.load(null, Map.of()).server().maxHeaderBytes());
        assertMessage("server.max-header-bytes: ", "server:\n  max-header-bytes: 10\n", Map.of());
        assertMessage("server.max-body-bytes: ", "server:\n  max-body-bytes: -1\n", Map.of());
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
