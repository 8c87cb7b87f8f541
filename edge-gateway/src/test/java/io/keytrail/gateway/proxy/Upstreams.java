package io.keytrail.gateway.proxy;

import static io.keytrail.gateway.support.TestGateway.sha256;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keytrail.events.KeyRecord;
import io.keytrail.events.KeyStatus;
import io.keytrail.gateway.config.ApiSettings;
import io.keytrail.gateway.config.HealthCheckSettings;
import io.keytrail.gateway.config.KeyAuthSettings;
import io.keytrail.gateway.config.PoolSettings;
import io.keytrail.gateway.config.TimeoutSettings;
import io.keytrail.gateway.config.UpstreamSettings;
import io.keytrail.gateway.keys.KeyRegistry;
import io.keytrail.gateway.route.ResolvedApi;
import io.keytrail.gateway.support.TestGateway;
import io.undertow.util.HttpString;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.BooleanSupplier;

/** Building APIs over several targets for the upstream tests, and waiting on what health checks decide. */
final class Upstreams {
    static final String KEY = "Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4z";

    private Upstreams() {
    }

    /** An API under {@code /x} with key-auth over {@code targets}. */
    static ResolvedApi api(List<String> targets, HealthCheckSettings check, TimeoutSettings timeouts, PoolSettings pool) {
        ApiSettings settings = new ApiSettings("x", "/x", null, true,
                new ApiSettings.Policies(new KeyAuthSettings(true, null, null)), null,
                new UpstreamSettings(targets.stream().map(URI::create).toList(), check, null), timeouts, pool);
        return new ResolvedApi(settings, new HttpString("x-apim-key"), UpstreamProxies.forApi(settings));
    }

    /** Checks every 100 ms with the given thresholds. */
    static HealthCheckSettings fastChecks(int healthy, int unhealthy) {
        return new HealthCheckSettings("/health", 100, 500, healthy, unhealthy, null);
    }

    /** A registry that knows {@link #KEY}. */
    static KeyRegistry registry() {
        KeyRegistry registry = new KeyRegistry();
        registry.apply(new KeyRecord(1, "key_alice", sha256(KEY), KEY.substring(0, 4), "shop", "alice", KeyStatus.ACTIVE,
                Instant.now().minusSeconds(60), null, List.of(), 1, null, null));
        return registry;
    }

    static UpstreamClient client(TestGateway gateway) {
        return (UpstreamClient) gateway.routes.current().apis().get(0).upstream();
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting until " + what);
            Thread.sleep(20);
        }
    }

    /** A local URL nothing listens on: connections are refused. */
    static String deadUrl() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return "http://127.0.0.1:" + socket.getLocalPort();
        }
    }
}
