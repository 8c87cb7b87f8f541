package io.keytrail.gateway.reload;

import static io.keytrail.gateway.support.TestGateway.sha256;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keytrail.events.KeyRecord;
import io.keytrail.events.KeyStatus;
import io.keytrail.gateway.GatewayApp;
import io.keytrail.gateway.auth.jwt.TestTokens;
import io.keytrail.gateway.config.GatewaySettings;
import io.keytrail.gateway.keys.KeyRegistry;
import io.keytrail.gateway.protect.ClientProtection;
import io.keytrail.gateway.route.RouteTable;
import io.keytrail.gateway.support.KeepAliveConnection;
import io.keytrail.gateway.support.TestGateway;
import io.keytrail.gateway.support.TestUpstream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reloading a configuration file into a running chain: the routing table is swapped, connections
 * and the chain's state stay, a bad file changes nothing. The same mechanism GatewayApp uses,
 * here without Kafka.
 */
class ConfigReloaderTest {
    static final String KEY = "Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4z";
    static final String LIMITED = "L1m1tedL1m1tedL1m1tedL1m1tedL1m1";
    static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");

    @TempDir
    Path dir;
    private Path file;
    private TestUpstream one;
    private TestUpstream two;
    private TestGateway gateway;
    private ConfigReloader reloader;

    @BeforeEach
    void start() throws Exception {
        one = new TestUpstream("one");
        two = new TestUpstream("two");
        file = dir.resolve("gateway.yaml");
    }

    @AfterEach
    void stop() {
        if (reloader != null) {
            reloader.close();
        }
        if (gateway != null) {
            gateway.close();
        }
        one.close();
        two.close();
    }

    @Test
    void aChangedFileSwapsTheRoutesWhileAKeepAliveConnectionStaysUp() throws Exception {
        startGateway(apiA(one, ""));
        reloader.watch();
        try (KeepAliveConnection connection = new KeepAliveConnection(port())) {
            assertTrue(connection.get("/a/1", "x-apim-key: " + KEY).endsWith(one.body()));
            RouteTable before = gateway.routes.current();

            Files.writeString(file, apiA(two, "") + """
                      - id: b
                        path-prefix: /b
                        upstream: %s
                    """.formatted(one.url()));
            await("the file change is picked up", () -> gateway.routes.current() != before);

            String afterReload = connection.get("/a/2", "x-apim-key: " + KEY);
            assertTrue(afterReload.startsWith("HTTP/1.1 200") && afterReload.endsWith(two.body()),
                    "the connection opened before the reload is served by the new routes: " + afterReload);
            assertTrue(connection.get("/b/1").endsWith(one.body()), "the added API answers");
        }
    }

    @Test
    void anEditorReplacingTheFileByRenameIsSeen() throws Exception {
        startGateway(apiA(one, ""));
        reloader.watch();
        RouteTable before = gateway.routes.current();
        Path saved = Files.writeString(dir.resolve(".gateway.yaml.swp"), apiA(two, ""));
        Files.move(saved, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        await("the renamed file is picked up", () -> gateway.routes.current() != before);
        assertEquals(two.body(), get("/a/1").body());
    }

    @Test
    void aBadFileKeepsTheRunningRoutesAndNamesTheField() throws Exception {
        startGateway(apiA(one, ""));
        RouteTable before = gateway.routes.current();

        Files.writeString(file, """
                apis:
                  - id: a
                    path-prefix: /a
                    upstreams:
                      targets: [ftp://nope]
                """);
        ReloadResult result = reloader.reload();
        assertEquals(ReloadResult.Outcome.REJECTED, result.outcome());
        assertTrue(result.problem().startsWith("apis[0].upstreams.targets[0]: must be an absolute http"), result.problem());
        assertSame(before, gateway.routes.current());
        assertEquals(one.body(), get("/a/1").body());

        Files.writeString(file, "apis: [\n");
        assertEquals(ReloadResult.Outcome.REJECTED, reloader.reload().outcome());
        Files.delete(file);
        assertTrue(reloader.reload().problem().contains("file not found"));
        assertSame(before, gateway.routes.current());
        assertEquals(one.body(), get("/a/1").body());
    }

    @Test
    void perKeyLimitsAndTheFailedAuthTableSurviveAReload() throws Exception {
        startGateway("""
                failed-auth-protection:
                  max-failures: 2
                """ + apiA(one, ""));
        assertEquals(200, get("/a/1", LIMITED).statusCode());
        assertEquals(200, get("/a/2", LIMITED).statusCode());
        assertEquals(401, get("/a/3", "Zz9QunknownUnknownUnknownUnknown").statusCode());

        Files.writeString(file, """
                failed-auth-protection:
                  max-failures: 2
                """ + apiA(two, ""));
        assertEquals(ReloadResult.Outcome.RELOADED, reloader.reload().outcome());

        assertEquals(429, get("/a/4", LIMITED).statusCode(), "the key's third request in its window, reload or not");
        assertEquals(two.body(), get("/a/5").body());
        assertEquals(401, get("/a/6", "Zz9QunknownUnknownUnknownUnknown").statusCode());
        HttpResponse<String> blocked = get("/a/7");
        assertEquals(429, blocked.statusCode(), "the address's failure before the reload still counts");
        assertTrue(blocked.body().contains("Too many failed authentication attempts"), blocked.body());
    }

    @Test
    void aRequestInFlightFinishesOnTheReplacedClientWhichIsClosedAfterItsRequestTime() throws Exception {
        one.delayMillis = 1_000;
        startGateway(apiA(one, """
                    timeouts:
                      request-ms: 1500
                    upstreams:
                      targets: [%s]
                      health-check:
                        path: /health
                        interval-ms: 100
                """.formatted(one.url())).replace("    upstream: " + one.url() + "\n", ""));
        await("the target is checked", () -> one.healthChecks.get() > 0);
        CompletableFuture<HttpResponse<String>> inFlight = HttpClient.newHttpClient().sendAsync(
                gateway.get("/a/slow").header("x-apim-key", KEY).build(), HttpResponse.BodyHandlers.ofString());
        await("the request reached the upstream", () -> one.hits.get() == 1);

        Files.writeString(file, apiA(two, ""));
        assertEquals(ReloadResult.Outcome.RELOADED, reloader.reload().outcome());
        assertEquals(two.body(), get("/a/fast").body(), "new requests take the new route at once");
        HttpResponse<String> finished = inFlight.get(10, TimeUnit.SECONDS);
        assertEquals(200, finished.statusCode());
        assertEquals(one.body(), finished.body(), "the request routed before the reload finished where it began");

        // Closed after request-ms (1500 ms) plus the margin (none here): its health checks stop.
        Thread.sleep(2_000);
        int checks = one.healthChecks.get();
        Thread.sleep(500);
        assertEquals(checks, one.healthChecks.get(), "the replaced client's health checks stopped");
    }

    @Test
    void anUnchangedFileKeepsTheTableAndItsHealthState() throws Exception {
        startGateway(apiA(one, ""));
        RouteTable before = gateway.routes.current();
        ReloadResult result = reloader.reload();
        assertEquals(ReloadResult.Outcome.UNCHANGED, result.outcome());
        assertEquals(List.of(), result.restartRequired());
        assertNull(result.problem());
        assertSame(before, gateway.routes.current());
    }

    @Test
    void anApiTheReloadLeavesAsItIsKeepsItsUpstreamClientWhileAChangedOneIsRebuilt() throws Exception {
        String apiB = """
                  - id: b
                    path-prefix: /b
                    upstream: %s
                """;
        startGateway(apiA(one, apiB.formatted(two.url())));
        assertEquals(200, get("/a/1").statusCode());
        assertEquals(200, get("/b/1").statusCode());
        Object clientA = upstreamOf("a");
        Object clientB = upstreamOf("b");

        Files.writeString(file, apiA(one, apiB.formatted(one.url())));
        assertEquals(ReloadResult.Outcome.RELOADED, reloader.reload().outcome());
        assertSame(clientA, upstreamOf("a"), "the unchanged API keeps its pooled connections and health state");
        assertNotSame(clientB, upstreamOf("b"));
        assertEquals(one.body(), get("/a/2").body());
        assertEquals(one.body(), get("/b/2").body());

        Files.writeString(file, "key-auth:\n  header: x-other-key\n" + apiA(one, apiB.formatted(one.url())));
        assertEquals(ReloadResult.Outcome.RELOADED, reloader.reload().outcome());
        assertNotSame(clientA, upstreamOf("a"), "a new gateway-wide key header changes API a though its section did not");
    }

    private Object upstreamOf(String id) {
        return gateway.routes.current().apis().stream().filter(api -> api.id().equals(id)).findFirst().orElseThrow()
                .upstream();
    }

    @Test
    void sectionsOnlyARestartAppliesAreReportedAndNotApplied() throws Exception {
        startGateway(apiA(one, ""));
        Files.writeString(file, """
                server:
                  port: 9999
                trusted-proxies: [10.0.0.0/8]
                """ + apiA(two, ""));
        ReloadResult result = reloader.reload();
        assertEquals(ReloadResult.Outcome.RELOADED, result.outcome());
        assertEquals(List.of("server", "trusted-proxies"), result.restartRequired());
        assertEquals(two.body(), get("/a/1").body(), "the APIs reload all the same");

        Files.writeString(file, apiA(two, ""));
        assertEquals(List.of(), reloader.reload().restartRequired(), "back to what the gateway started with");
    }

    @Test
    void theGatewayWideKeyHeaderReloadsWithTheApis() throws Exception {
        startGateway(apiA(one, ""));
        Files.writeString(file, "key-auth:\n  header: x-other-key\n" + apiA(one, ""));
        assertEquals(ReloadResult.Outcome.RELOADED, reloader.reload().outcome());
        assertEquals(401, get("/a/1").statusCode());
        HttpResponse<String> response = gateway.send(gateway.get("/a/1").header("x-other-key", KEY));
        assertEquals(200, response.statusCode());
    }

    @Test
    void aRotatedJwksFileIsTakenOnReloadThoughTheYamlIsUnchanged() throws Exception {
        java.security.KeyPair old = TestTokens.rsa(2048);
        java.security.KeyPair rotated = TestTokens.rsa(2048);
        Path jwks = TestTokens.jwks(dir.resolve("jwks.json"), List.of(TestTokens.jwk(old, "k1")));
        startGateway("""
                apis:
                  - id: t
                    path-prefix: /t
                    upstream: %s
                    policies:
                      jwt:
                        algorithms: [RS256]
                        jwks-file: %s
                """.formatted(one.url(), jwks));
        String oldToken = TestTokens.rs256(old, "k1", TestTokens.claims("alice", NOW).build());
        String newToken = TestTokens.rs256(rotated, "k2", TestTokens.claims("alice", NOW).build());
        assertEquals(200, bearer("/t/1", oldToken).statusCode());
        assertEquals(401, bearer("/t/1", newToken).statusCode());

        TestTokens.jwks(jwks, List.of(TestTokens.jwk(rotated, "k2")));
        assertEquals(ReloadResult.Outcome.RELOADED, reloader.reload().outcome(), "the keys read are part of the settings");
        assertEquals(200, bearer("/t/1", newToken).statusCode());
        assertEquals(401, bearer("/t/1", oldToken).statusCode(), "the retired key no longer verifies");
    }

    private HttpResponse<String> bearer(String path, String token) throws Exception {
        return gateway.send(gateway.get(path).header("Authorization", "Bearer " + token));
    }

    /** An API {@code a} under {@code /a} with key-auth, to {@code upstream}, plus extra YAML lines. */
    private static String apiA(TestUpstream upstream, String extra) {
        return """
                apis:
                  - id: a
                    path-prefix: /a
                    upstream: %s
                    policies:
                      key-auth:
                        enabled: true
                """.formatted(upstream.url()) + extra;
    }

    private void startGateway(String yaml) throws Exception {
        Files.writeString(file, yaml);
        GatewaySettings settings = GatewaySettings.load(file, Map.of());
        KeyRegistry registry = new KeyRegistry();
        registry.apply(new KeyRecord(1, "key_alice", sha256(KEY), "Ab3d", "shop", "alice", KeyStatus.ACTIVE,
                NOW.minusSeconds(60), null, List.of(), 1, null, null));
        registry.apply(new KeyRecord(1, "key_limited", sha256(LIMITED), "L1m1", "shop", "alice", KeyStatus.ACTIVE,
                NOW.minusSeconds(60), null, List.of(), 1, new KeyRecord.RateLimit(2, 60), null));
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        gateway = new TestGateway(stub -> settings.apis().stream().map(api -> GatewayApp.resolve(settings, api)).toList(),
                registry, clock, ClientProtection.from(settings, clock), 1);
        reloader = new ConfigReloader(file, Map.of(), settings, gateway.routes, GatewayApp::resolve, Duration.ZERO);
    }

    private int port() {
        return URI.create(gateway.base).getPort();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return get(path, KEY);
    }

    private HttpResponse<String> get(String path, String key) throws Exception {
        return gateway.send(gateway.get(path).header("x-apim-key", key));
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting until " + what);
            Thread.sleep(20);
        }
    }

}
