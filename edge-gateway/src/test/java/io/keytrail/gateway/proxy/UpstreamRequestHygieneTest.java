package io.keytrail.gateway.proxy;

import static io.keytrail.gateway.support.TestGateway.api;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keytrail.gateway.StubUpstream;
import io.keytrail.gateway.keys.KeyRegistry;
import io.keytrail.gateway.support.TestGateway;

import java.net.URI;

import java.time.Clock;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the upstream receives: no hop-by-hop headers of the client's, and the request id. */
class UpstreamRequestHygieneTest {

    private TestGateway gateway;

    @BeforeEach
    void start() {
        gateway = new TestGateway(stub -> List.of(api("open", "/open", URI.create(stub.url()), false)),
                new KeyRegistry(), Clock.systemUTC(), null, 1);
    }

    @AfterEach
    void stop() {
        gateway.close();
    }

    @Test
    void hopByHopHeadersAndThoseNamedInConnectionAreStripped() throws Exception {
        String response = gateway.raw("GET /open/x HTTP/1.1\r\n"
                + "Host: gw\r\n"
                + "Connection: close, X-Hop-Secret\r\n"
                + "X-Hop-Secret: s3cret\r\n"
                + "Keep-Alive: timeout=5\r\n"
                + "Proxy-Authorization: Basic dXNlcjpwYXNz\r\n"
                + "Proxy-Authenticate: Basic\r\n"
                + "TE: trailers\r\n"
                + "Trailer: X-Checksum\r\n"
                + "Upgrade: websocket\r\n"
                + "X-Request-Id: hygiene-1\r\n"
                + "X-End-To-End: kept\r\n"
                + "\r\n");
        assertTrue(response.startsWith("HTTP/1.1 200"), response);
        StubUpstream.Seen seen = gateway.upstream.seen.poll();
        assertNotNull(seen);
        for (String name : List.of("X-Hop-Secret", "Keep-Alive", "Proxy-Authorization", "Proxy-Authenticate", "TE",
                "Trailer", "Upgrade")) {
            assertFalse(seen.headers().containsKey(name), name + " reached the upstream: " + seen.headers());
        }
        // The proxy may set its own Connection for its hop, but never one naming the client's headers.
        String connection = seen.headers().getOrDefault("Connection", "").toLowerCase(Locale.ROOT);
        assertFalse(connection.contains("x-hop-secret"), connection);
        assertEquals("kept", seen.headers().get("X-End-To-End"));
        assertEquals("hygiene-1", seen.headers().get("X-Request-Id"));
    }

    @Test
    void aChunkedBodyStillReachesTheUpstreamAndAGeneratedIdIsSent() throws Exception {
        String response = gateway.raw("POST /open/x HTTP/1.1\r\n"
                + "Host: gw\r\n"
                + "Transfer-Encoding: chunked\r\n"
                + "X-Request-Id: bad id <x>\r\n"
                + "Connection: close\r\n"
                + "\r\n"
                + "5\r\nhello\r\n0\r\n\r\n");
        assertTrue(response.startsWith("HTTP/1.1 200"), response);
        StubUpstream.Seen seen = gateway.upstream.seen.poll();
        assertNotNull(seen);
        String sent = seen.headers().get("X-Request-Id");
        assertNotNull(sent);
        assertTrue(response.toLowerCase(Locale.ROOT).contains("x-request-id: " + sent.toLowerCase(Locale.ROOT)), response);
        assertFalse(sent.contains(" "));
    }
}
