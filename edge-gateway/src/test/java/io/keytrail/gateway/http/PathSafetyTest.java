package io.keytrail.gateway.http;

import static io.keytrail.gateway.support.TestGateway.api;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keytrail.gateway.keys.KeyRegistry;
import io.keytrail.gateway.support.TestGateway;

import java.net.URI;

import java.time.Clock;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Paths that could mean another resource upstream are refused 400 JSON before routing. */
class PathSafetyTest {
    private static final String EXACT_400 = "{\"message\":\"Malformed request\",\"status\":400}";

    private TestGateway gateway;

    @BeforeEach
    void start() {
        gateway = new TestGateway(stub -> List.of(
                api("orders", "/orders", URI.create(stub.url()), true),
                api("open", "/open", URI.create(stub.url()), false)),
                new KeyRegistry(), Clock.systemUTC(), null, 1);
    }

    @AfterEach
    void stop() {
        gateway.close();
    }

    @Test
    void traversalAndEncodedSeparatorsAreRefusedWithoutAnEventOrAnUpstreamCall() throws Exception {
        for (String prefix : List.of("/orders", "/open")) {
            for (String path : List.of("/../admin", "/%2e%2e/x", "/..%2fx", "/..%2Fx", "/a%5cb", "/%252e%252e/x",
                    "/x/..", "/.%2e/x")) {
                String response = gateway.raw("GET " + prefix + path + " HTTP/1.1\r\nHost: gw\r\nx-apim-key: whatever\r\n\r\n");
                assertTrue(response.startsWith("HTTP/1.1 400"), prefix + path + ": " + response);
                assertTrue(response.toLowerCase().contains("content-type: application/json"), response);
                assertTrue(response.endsWith(EXACT_400), prefix + path + ": " + response);
            }
        }
        assertTrue(gateway.upstream.seen.isEmpty(), () -> "reached the upstream: " + gateway.upstream.seen);
        // Refused before routing: no API is resolved, so no AuthEvent (as for unknown routes).
        gateway.assertNoMoreEvents();
    }

    @Test
    void dotsInsideSegmentsArePathsLikeAnyOther() throws Exception {
        String response = gateway.raw("GET /open/a..b/v1.2/...x HTTP/1.1\r\nHost: gw\r\n\r\n");
        assertTrue(response.startsWith("HTTP/1.1 200"), response);
        assertNotNull(gateway.upstream.seen.poll());
        String keyAuth = gateway.raw("GET /orders/a..b HTTP/1.1\r\nHost: gw\r\n\r\n");
        assertTrue(keyAuth.startsWith("HTTP/1.1 401"), keyAuth);
        assertNotNull(gateway.nextEvent());
    }

    @Test
    void theCheckOnDecodedPaths() {
        assertTrue(PathSafetyHandler.isSafe("/orders/42"));
        assertTrue(PathSafetyHandler.isSafe("/"));
        assertFalse(PathSafetyHandler.isSafe("/orders/../admin"));
        assertFalse(PathSafetyHandler.isSafe(".."));
        assertFalse(PathSafetyHandler.isSafe("/orders/a\\b"));
        assertFalse(PathSafetyHandler.isSafe("/orders/a\0b"));
        assertFalse(PathSafetyHandler.isSafe("/orders/..%2Fx"));
    }
}
