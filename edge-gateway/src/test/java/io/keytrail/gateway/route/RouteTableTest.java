package io.keytrail.gateway.route;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.keytrail.gateway.config.ApiSettings;
import io.undertow.util.HttpString;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which API a host and path select, in the order the routing table promises. */
class RouteTableTest {
    private final RouteTable table = new RouteTable(List.of(
            api("exact-orders", "api.example.com", "/orders"),
            api("exact-root", "api.example.com", "/"),
            api("wild-orders", "*.example.com", "/orders"),
            api("deep-wild", "*.eu.example.com", "/orders"),
            api("any-orders", null, "/orders"),
            api("any-orders-special", null, "/orders/special"),
            api("any-users", null, "/users")));

    @Test
    void anExactHostIsMatchedWithoutCaseOrPort() {
        assertEquals("exact-orders", id("api.example.com", "/orders/1"));
        assertEquals("exact-orders", id("API.Example.Com", "/orders"));
        assertEquals("exact-orders", id("api.example.com:8443", "/orders/1"));
        assertEquals("exact-orders", id("api.example.com.", "/orders/1"));
        assertEquals("exact-orders", id(" api.example.com:80 ", "/orders/1"));
    }

    @Test
    void aHostSpecificApiShadowsHostlessOnesEvenWithAShorterPrefix() {
        assertEquals("exact-orders", id("api.example.com", "/orders/special/1"));
        assertEquals("any-orders-special", id("other.test", "/orders/special/1"));
    }

    @Test
    void aPathNoneOfTheHostsApisMatchFallsThroughInOrder() {
        // exact host: its root API takes everything its /orders does not.
        assertEquals("exact-root", id("api.example.com", "/users"));
        // a wildcard host without a match for the path falls through to the host-less APIs.
        assertEquals("any-users", id("shop.example.com", "/users"));
        assertNull(table.match("shop.example.com", "/nothing"));
    }

    @Test
    void aWildcardMatchesAnyDepthButNotTheBareDomainAndTheLongestSuffixWins() {
        assertEquals("wild-orders", id("shop.example.com", "/orders"));
        assertEquals("wild-orders", id("a.b.example.com", "/orders"));
        assertEquals("deep-wild", id("shop.eu.example.com", "/orders"));
        assertEquals("any-orders", id("example.com", "/orders"), "*.example.com does not match example.com");
        assertEquals("any-orders", id("badexample.com", "/orders"));
        assertEquals("wild-orders", id("eu.example.com", "/orders"), "*.eu.example.com needs a label before eu");
    }

    @Test
    void withoutAHostHeaderOrForAnAddressOnlyHostlessApisMatch() {
        assertEquals("any-orders", id(null, "/orders"));
        assertEquals("any-orders", id("[::1]:8080", "/orders"));
        assertEquals("any-orders", id("10.0.0.1", "/orders"));
    }

    @Test
    void prefixesMatchOnSegmentBoundaries() {
        assertEquals("any-users", id("x", "/users"));
        assertEquals("any-users", id("x", "/users/7"));
        assertNull(table.match("x", "/usersx"));
    }

    @Test
    void withoutHostSpecificApisTheHostIsNotLookedAt() {
        ResolvedApi only = api("only", null, "/");
        RouteTable plain = new RouteTable(List.of(only));
        assertSame(only, plain.match("anything:99", "/x"));
        assertSame(only, plain.match(null, "/x"));
        assertEquals(List.of(only), plain.apis());
    }

    @Test
    void aReplacedTableIsReturnedAndTheNewOneServes() {
        ResolvedApi first = api("first", null, "/");
        ResolvedApi second = api("second", null, "/");
        Routes routes = new Routes(List.of(first));
        assertEquals(List.of(first), routes.replace(List.of(second)));
        assertSame(second, routes.current().match(null, "/"));
    }

    private String id(String host, String path) {
        ResolvedApi api = table.match(host, path);
        return api == null ? null : api.id();
    }

    private static ResolvedApi api(String id, String host, String prefix) {
        ApiSettings settings = new ApiSettings(id, prefix, URI.create("http://upstream"), true, null, host, null, null, null);
        return new ResolvedApi(settings, new HttpString("x-apim-key"), exchange -> { });
    }
}
