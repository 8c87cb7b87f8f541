package io.keytrail.gateway.proxy;

import static io.keytrail.gateway.support.TestGateway.api;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keytrail.gateway.StubUpstream;
import io.keytrail.gateway.keys.KeyRegistry;
import io.keytrail.gateway.support.TestGateway;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the upstream receives: no hop-by-hop headers of the client's, and the request id. */
class UpstreamRequestHygieneTest {
    private static final Pattern CONTENT_LENGTH =
            Pattern.compile("(?im)^content-length:\\s*(\\d+)\\s*$");

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
        String response = raw("GET /open/x HTTP/1.1\r\n"
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
        String response = raw("POST /open/x HTTP/1.1\r\n"
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

    private String raw(String request) throws Exception {
        URI base = URI.create(gateway.base);
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[4096];
            // Reads one response: up to the blank line, then Content-Length bytes; the connection may stay open.
            for (int n; (n = in.read(buffer)) != -1; ) {
                out.write(buffer, 0, n);
                String text = out.toString(StandardCharsets.ISO_8859_1);
                int end = text.indexOf("\r\n\r\n");
                if (end >= 0) {
                    Matcher length = CONTENT_LENGTH.matcher(text.substring(0, end));
                    if (!length.find() || text.length() - end - 4 >= Integer.parseInt(length.group(1))) {
                        return text;
                    }
                }
            }
            return out.toString(StandardCharsets.ISO_8859_1);
        }
    }
}
