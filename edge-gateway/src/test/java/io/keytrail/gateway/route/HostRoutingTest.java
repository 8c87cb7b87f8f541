package io.keytrail.gateway.route;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keytrail.gateway.config.ApiSettings;
import io.keytrail.gateway.keys.KeyRegistry;
import io.keytrail.gateway.proxy.UpstreamProxies;
import io.keytrail.gateway.support.TestGateway;
import io.keytrail.gateway.support.TestUpstream;
import io.undertow.util.HttpString;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Routing by the Host header end to end: the same path prefix on three APIs goes to three upstreams. */
class HostRoutingTest {
    private TestUpstream exact;
    private TestUpstream wildcard;
    private TestUpstream anyHost;
    private TestGateway gateway;

    @BeforeEach
    void start() {
        exact = new TestUpstream("exact");
        wildcard = new TestUpstream("wildcard");
        anyHost = new TestUpstream("any");
        gateway = new TestGateway(stub -> List.of(
                api("exact", "api.example.com", exact),
                api("wildcard", "*.example.com", wildcard),
                api("any", null, anyHost)), new KeyRegistry(), Clock.systemUTC(), null, 1);
    }

    @AfterEach
    void stop() {
        gateway.close();
        exact.close();
        wildcard.close();
        anyHost.close();
    }

    @Test
    void theHostHeaderPicksTheApiCaseAndPortIgnored() throws Exception {
        assertAnswers(exact, "api.example.com");
        assertAnswers(exact, "API.EXAMPLE.com:8080");
        assertAnswers(wildcard, "shop.example.com");
        assertAnswers(wildcard, "a.b.example.com:443");
        assertAnswers(anyHost, "example.com");
        assertAnswers(anyHost, "127.0.0.1");
    }

    @Test
    void withoutAHostHeaderTheHostlessApiAnswers() throws Exception {
        String response = gateway.raw("GET /x/1 HTTP/1.0\r\n\r\n");
        assertTrue(response.startsWith("HTTP/1.0 200") && response.endsWith(anyHost.body()), response);
    }

    private void assertAnswers(TestUpstream expected, String host) throws Exception {
        String response = gateway.raw("GET /x/1 HTTP/1.1\r\nHost: " + host + "\r\n\r\n");
        assertTrue(response.startsWith("HTTP/1.1 200") && response.endsWith(expected.body()),
                () -> "Host " + host + " should reach " + expected.name + ":\n" + response);
    }

    private static ResolvedApi api(String id, String host, TestUpstream upstream) {
        ApiSettings settings = new ApiSettings(id, "/x", URI.create(upstream.url()), true, null, host, null, null, null);
        return new ResolvedApi(settings, new HttpString("x-apim-key"), UpstreamProxies.forApi(settings));
    }
}
