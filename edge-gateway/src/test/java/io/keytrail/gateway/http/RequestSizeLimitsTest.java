package io.keytrail.gateway.http;

import static io.keytrail.gateway.support.TestGateway.api;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keytrail.gateway.config.ConfigException;
import io.keytrail.gateway.config.ServerSettings;
import io.keytrail.gateway.keys.KeyRegistry;
import io.keytrail.gateway.support.TestGateway;

import java.net.URI;

import java.time.Clock;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The default request size limits (16 KiB of headers, 10 MiB of body), answered with JSON before routing. */
class RequestSizeLimitsTest {

    private TestGateway gateway;

    @BeforeEach
    void start() {
        gateway = new TestGateway(stub -> List.of(api("orders", "/orders", URI.create(stub.url()), true)),
                new KeyRegistry(), Clock.systemUTC(), null, 1);
    }

    @AfterEach
    void stop() {
        gateway.close();
    }

    @Test
    void headersOverTheLimitAnswer431JsonAndReachNoUpstreamAndNoAudit() throws Exception {
        String response = gateway.raw("GET /orders/1 HTTP/1.1\r\nHost: gw\r\nX-Big: " + "a".repeat(17 * 1024) + "\r\n\r\n");
        assertTrue(response.startsWith("HTTP/1.1 431"), response);
        assertTrue(response.toLowerCase().contains("content-type: application/json"), response);
        assertTrue(response.endsWith("{\"message\":\"Request header fields too large\",\"status\":431}"), response);
        assertTrue(gateway.upstream.seen.isEmpty());
        gateway.assertNoMoreEvents();
    }

    @Test
    void headersBeyondUndertowsOwnLimitGetItsBareAnswerAndAClosedConnection() throws Exception {
        // Over max(4 x 16 KiB, 64 KiB) the parser refuses before any gateway code runs: no JSON possible.
        String response = gateway.raw("GET /orders/1 HTTP/1.1\r\nHost: gw\r\nX-Big: " + "a".repeat(70 * 1024) + "\r\n\r\n");
        assertTrue(response.startsWith("HTTP/1.1 400"), response);
        assertTrue(response.toLowerCase().contains("connection: close"), response);
        assertTrue(response.toLowerCase().contains("content-length: 0"), response);
        assertTrue(gateway.upstream.seen.isEmpty());
        gateway.assertNoMoreEvents();
    }

    @Test
    void headersJustUnderTheLimitAreServed() throws Exception {
        String response = gateway.raw("GET /orders/1 HTTP/1.1\r\nHost: gw\r\nX-Big: " + "a".repeat(15 * 1024) + "\r\n\r\n");
        // Key-auth answers: the request got past the size check to its API.
        assertTrue(response.startsWith("HTTP/1.1 401"), response);
        assertNotNull(gateway.nextEvent());
    }

    @Test
    void aDeclaredBodyOverTheLimitAnswers413JsonBeforeItIsRead() throws Exception {
        String response = gateway.raw("POST /orders/1 HTTP/1.1\r\nHost: gw\r\nContent-Length: " + (10L * 1024 * 1024 + 1)
                + "\r\n\r\n");
        assertTrue(response.startsWith("HTTP/1.1 413"), response);
        assertTrue(response.endsWith("{\"message\":\"Request body too large\",\"status\":413}"), response);
        assertTrue(gateway.upstream.seen.isEmpty());
        gateway.assertNoMoreEvents();
    }

    @Test
    void aBodyAtTheLimitIsAccepted() throws Exception {
        String response = gateway.raw("POST /orders/1 HTTP/1.1\r\nHost: gw\r\nContent-Length: 5\r\n\r\nhello");
        assertTrue(response.startsWith("HTTP/1.1 401"), response);
        assertNotNull(gateway.nextEvent());
    }

    @Test
    void limitsHaveDefaultsAndAreValidatedByName() {
        ServerSettings defaults = new ServerSettings(null, null, null, "gw");
        assertEquals(16 * 1024, defaults.maxHeaderBytes());
        assertEquals(10L * 1024 * 1024, defaults.maxBodyBytes());
        assertEquals(64 * 1024, defaults.headerParseLimit());
        assertEquals(2048, new ServerSettings(null, null, null, "gw", 2048, 0L).maxHeaderBytes());
        ConfigException headers = assertThrows(ConfigException.class,
                () -> new ServerSettings(null, null, null, "gw", 100, null));
        assertTrue(headers.getMessage().contains("max-header-bytes"), headers.getMessage());
        ConfigException body = assertThrows(ConfigException.class,
                () -> new ServerSettings(null, null, null, "gw", null, -1L));
        assertTrue(body.getMessage().contains("max-body-bytes"), body.getMessage());
    }
}
