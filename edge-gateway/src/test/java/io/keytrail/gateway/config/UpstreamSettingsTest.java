package io.keytrail.gateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The per-API host, upstreams, health checks, timeouts and pool: defaults, parsing, and every error. */
class UpstreamSettingsTest {
    @TempDir
    Path dir;

    @Test
    void oneUpstreamUrlIsOneTargetWithDefaults() throws IOException {
        ApiSettings api = load("""
                apis:
                  - id: a
                    path-prefix: /a
                    upstream: http://10.0.0.5:8000/v1
                """).apis().get(0);
        assertNull(api.host());
        assertEquals(URI.create("http://10.0.0.5:8000/v1"), api.upstream());
        assertEquals(List.of(URI.create("http://10.0.0.5:8000/v1")), api.upstreams().targets());
        assertNull(api.upstreams().healthCheck());
        assertEquals(3, api.upstreams().passive().maxFailures());
        assertEquals(10_000, api.upstreams().passive().ejectionMs());
        assertEquals(5_000, api.timeouts().connectMs());
        assertEquals(30_000, api.timeouts().requestMs());
        assertEquals(60_000, api.timeouts().idleMs());
        assertEquals(32, api.pool().connectionsPerThread());
        assertEquals(1_000, api.pool().maxQueue());
        // The constructor tests use gives the same.
        assertEquals(api, new ApiSettings("a", "/a", URI.create("http://10.0.0.5:8000/v1"), null, null));
        // A record rebuilt from its own components is accepted.
        assertEquals(api, new ApiSettings(api.id(), api.pathPrefix(), api.upstream(), api.stripPrefix(), api.policies(),
                api.host(), api.upstreams(), api.timeouts(), api.pool()));
    }

    @Test
    void readsHostTargetsHealthChecksTimeoutsAndPool() throws IOException {
        ApiSettings api = load("""
                apis:
                  - id: orders
                    host: API.Example.COM.
                    path-prefix: /orders
                    upstreams:
                      targets:
                        - http://10.0.0.5:8000/v1
                        - https://orders-2.internal/v1
                      health-check:
                        path: /health?deep=1
                        interval-ms: 2000
                        timeout-ms: 500
                        healthy-threshold: 1
                        unhealthy-threshold: 5
                        expected-status: 204
                      passive:
                        max-failures: 0
                        ejection-ms: 30000
                    timeouts:
                      connect-ms: 1000
                      request-ms: 10000
                      idle-ms: 20000
                    pool:
                      connections-per-thread: 8
                      max-queue: 5000
                  - id: wild
                    host: "*.example.com"
                    path-prefix: /orders
                    upstream: http://10.0.0.7
                  - id: any
                    path-prefix: /orders
                    upstream: http://10.0.0.8
                """).apis().get(0);
        assertEquals("api.example.com", api.host());
        assertNull(api.upstream());
        assertEquals(List.of(URI.create("http://10.0.0.5:8000/v1"), URI.create("https://orders-2.internal/v1")),
                api.upstreams().targets());
        HealthCheckSettings check = api.upstreams().healthCheck();
        assertEquals("/health?deep=1", check.path());
        assertEquals(2_000, check.intervalMs());
        assertEquals(500, check.timeoutMs());
        assertEquals(1, check.healthyThreshold());
        assertEquals(5, check.unhealthyThreshold());
        assertTrue(check.passes(204));
        assertFalse(check.passes(200));
        assertFalse(api.upstreams().passive().enabled());
        assertEquals(30_000, api.upstreams().passive().ejectionMs());
        assertEquals(new TimeoutSettings(1_000, 10_000, 20_000), api.timeouts());
        assertEquals(new PoolSettings(8, 5_000), api.pool());
    }

    @Test
    void healthCheckDefaults() throws IOException {
        HealthCheckSettings check = load("""
                apis:
                  - id: a
                    path-prefix: /a
                    upstreams:
                      targets: [http://x]
                      health-check:
                        path: /
                """).apis().get(0).upstreams().healthCheck();
        assertEquals(5_000, check.intervalMs());
        assertEquals(1_000, check.timeoutMs());
        assertEquals(2, check.healthyThreshold());
        assertEquals(3, check.unhealthyThreshold());
        assertEquals("200-399", check.expectedStatus());
        assertTrue(check.passes(200));
        assertTrue(check.passes(399));
        assertFalse(check.passes(404));
        assertFalse(check.passes(199));
    }

    @Test
    void upstreamAndUpstreamsAreOneOrTheOther() throws IOException {
        assertMessage("apis[0].upstream: set upstream (one URL) or upstreams (targets), got neither", api(""));
        assertMessage("apis[0].upstream: set upstream (one URL) or upstreams (targets), not both", api("""
                    upstream: http://x
                    upstreams:
                      targets: [http://y]
                """));
    }

    @Test
    void badTargetsNameTheirIndex() throws IOException {
        assertMessage("apis[0].upstreams.targets: must list at least one upstream URL", upstreams("targets: []"));
        assertMessage("apis[0].upstreams.targets: must list at least one upstream URL", upstreams("health-check: {path: /}"));
        assertMessage("apis[0].upstreams.targets[1]: must be an absolute http:// or https:// URL, got 'ftp://y'",
                upstreams("targets: [http://x, ftp://y]"));
        assertMessage("apis[0].upstreams.targets[0]: must be an absolute http:// or https:// URL, got '/relative'",
                upstreams("targets: [/relative]"));
        assertMessage("apis[0].upstreams.targets[0]: must not have a query or fragment, got 'http://x?a=1'",
                upstreams("targets: ['http://x?a=1']"));
        assertMessage("apis[0].upstreams.targets[2]: duplicate target 'http://x:80'",
                upstreams("targets: ['http://x:80', 'http://y', 'http://x:80']"));
        StringBuilder many = new StringBuilder("targets:\n");
        for (int i = 0; i <= UpstreamSettings.MAX_TARGETS; i++) {
            many.append("  - http://10.0.0.").append(i).append('\n');
        }
        assertMessage("apis[0].upstreams.targets: must list at most 64 URLs, got 65", upstreams(many.toString()));
        // Records are built before unknown fields are reported: a misspelled required field reads as missing.
        assertMessage("apis[0].upstreams.targets: must list at least one upstream URL", upstreams("target: [http://x]"));
        assertMessage("apis[0].upstreams.health-chek: ", upstreams("targets: [http://x]\nhealth-chek: {path: /}"));
    }

    @Test
    void badHealthChecksNameTheirField() throws IOException {
        assertMessage("apis[0].upstreams.health-check.path: must be a path starting with '/'", check(""));
        assertMessage("apis[0].upstreams.health-check.path: must be a path starting with '/'", check("path: health"));
        assertMessage("apis[0].upstreams.health-check.path: must be a path starting with '/'", check("path: '/he alth'"));
        assertMessage("apis[0].upstreams.health-check.path: must be a path starting with '/'", check("path: '//evil.example/'"));
        assertMessage("apis[0].upstreams.health-check.path: must be a path starting with '/'", check("path: '/health#x'"));
        assertMessage("apis[0].upstreams.health-check.path: is not a valid URL path: '/h|x'", check("path: '/h|x'"));
        assertMessage("apis[0].upstreams.health-check.interval-ms: must be between 100 and 3600000, got 50",
                check("path: /\ninterval-ms: 50"));
        assertMessage("apis[0].upstreams.health-check.timeout-ms: must be between 50 and 60000, got 0",
                check("path: /\ntimeout-ms: 0"));
        assertMessage("apis[0].upstreams.health-check.healthy-threshold: must be between 1 and 100, got 0",
                check("path: /\nhealthy-threshold: 0"));
        assertMessage("apis[0].upstreams.health-check.unhealthy-threshold: must be between 1 and 100, got 101",
                check("path: /\nunhealthy-threshold: 101"));
        for (String bad : List.of("2xx", "399-200", "600", "200-", "ok")) {
            assertMessage("apis[0].upstreams.health-check.expected-status: must be a status code or a range such as "
                    + "200-399, between 100 and 599, got '" + bad + "'", check("path: /\nexpected-status: '" + bad + "'"));
        }
    }

    @Test
    void badPassiveChecksNameTheirField() throws IOException {
        assertMessage("apis[0].upstreams.passive.max-failures: must be between 0 and 1000, got -1",
                upstreams("targets: [http://x]\npassive:\n  max-failures: -1"));
        assertMessage("apis[0].upstreams.passive.ejection-ms: must be between 100 and 3600000, got 10",
                upstreams("targets: [http://x]\npassive:\n  ejection-ms: 10"));
    }

    @Test
    void aCaFileForHttpsTargetsIsReadAtLoadAndItsProblemsNameTheField() throws IOException {
        assertEquals(UpstreamTlsSettings.defaults(), load(upstreams("targets: [https://x]")).apis().get(0).upstreams().tls());
        assertMessage("apis[0].upstreams.tls.ca-file: file not found: " + dir.resolve("missing.pem"),
                upstreams("targets: [https://x]\ntls: {ca-file: '" + dir.resolve("missing.pem") + "'}"));
        Path notPem = Files.writeString(dir.resolve("not.pem"), "hello\n");
        assertMessage("apis[0].upstreams.tls.ca-file: " + notPem + " holds no certificate",
                upstreams("targets: [https://x]\ntls: {ca-file: '" + notPem + "'}"));
        assertMessage("apis[0].upstreams.tls.ca-fil: ", upstreams("targets: [https://x]\ntls: {ca-fil: x}"));
    }

    @Test
    void badTimeoutsAndPoolNameTheirField() throws IOException {
        assertMessage("apis[0].timeouts.connect-ms: must be between 10 and 600000, got 0",
                api("    upstream: http://x\n    timeouts: {connect-ms: 0}\n"));
        assertMessage("apis[0].timeouts.request-ms: must be between 10 and 3600000, got 3600001",
                api("    upstream: http://x\n    timeouts: {request-ms: 3600001}\n"));
        assertMessage("apis[0].timeouts.idle-ms: must be between 1000 and 3600000, got 999",
                api("    upstream: http://x\n    timeouts: {idle-ms: 999}\n"));
        assertMessage("apis[0].timeouts.connect-ms: must not exceed request-ms (1000), got 2000",
                api("    upstream: http://x\n    timeouts: {connect-ms: 2000, request-ms: 1000}\n"));
        assertEquals(new TimeoutSettings(500, 500, null), load(
                api("    upstream: http://x\n    timeouts: {request-ms: 500}\n")).apis().get(0).timeouts(),
                "connect-ms defaults to request-ms when that is shorter than 5000");
        assertMessage("apis[0].pool.connections-per-thread: must be between 1 and 10000, got 0",
                api("    upstream: http://x\n    pool: {connections-per-thread: 0}\n"));
        assertMessage("apis[0].pool.max-queue: must be between 0 and 1000000, got -5",
                api("    upstream: http://x\n    pool: {max-queue: -5}\n"));
    }

    @Test
    void badHostsNameTheirField() throws IOException {
        for (String bad : List.of("api.example.com:8080", "*", "*.", "a.*.example.com", "api example.com", "-a.example.com",
                "[::1]", "", "a..b")) {
            assertMessage("apis[0].host: must be a host name such as api.example.com or *.example.com, without a port, got '"
                    + bad + "'", api("    host: '" + bad + "'\n    upstream: http://x\n"));
        }
    }

    @Test
    void aPathPrefixMayRepeatOnlyForDifferentHosts() throws IOException {
        GatewaySettings settings = load("""
                apis:
                  - {id: a, host: a.example.com, path-prefix: /x, upstream: 'http://a'}
                  - {id: b, host: b.example.com, path-prefix: /x, upstream: 'http://b'}
                  - {id: c, host: '*.example.com', path-prefix: /x, upstream: 'http://c'}
                  - {id: d, path-prefix: /x, upstream: 'http://d'}
                """);
        assertEquals(4, settings.apis().size());
        assertMessage("apis[1].path-prefix: duplicate path prefix '/x' for host 'a.example.com'", """
                apis:
                  - {id: a, host: a.example.com, path-prefix: /x, upstream: 'http://a'}
                  - {id: b, host: A.Example.com, path-prefix: /x/, upstream: 'http://b'}
                """);
        assertMessage("apis[1].path-prefix: duplicate path prefix '/x'", """
                apis:
                  - {id: a, path-prefix: /x, upstream: 'http://a'}
                  - {id: b, path-prefix: /x, upstream: 'http://b'}
                """);
    }

    private static String api(String fields) {
        return "apis:\n  - id: a\n    path-prefix: /a\n" + fields;
    }

    private static String upstreams(String fields) {
        return api("    upstreams:\n" + fields.indent(6));
    }

    private static String check(String fields) {
        return upstreams("targets: [http://x]\nhealth-check:\n" + (fields.isEmpty() ? "  interval-ms: 1000" : fields.indent(2)));
    }

    private GatewaySettings load(String yaml) throws IOException {
        return GatewaySettings.load(write(yaml), Map.of());
    }

    private void assertMessage(String expectedStart, String yaml) throws IOException {
        Path file = write(yaml);
        ConfigException e = assertThrows(ConfigException.class, () -> GatewaySettings.load(file, Map.of()));
        assertTrue(e.getMessage().startsWith(expectedStart), () -> "expected '" + expectedStart + "...' but got: "
                + e.getMessage() + "\nfor:\n" + yaml);
    }

    private Path write(String yaml) throws IOException {
        Path file = Files.createTempFile(dir, "gateway", ".yaml");
        Files.writeString(file, yaml);
        return file;
    }
}
