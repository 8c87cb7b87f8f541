package io.keytrail.gateway.auth;

import static io.keytrail.gateway.support.TestGateway.api;
import static io.keytrail.gateway.support.TestGateway.sha256;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keytrail.events.AuthEvent;
import io.keytrail.events.AuthEventType;
import io.keytrail.events.CredentialLocation;
import io.keytrail.events.FailureReason;
import io.keytrail.events.KeyRecord;
import io.keytrail.events.KeyStatus;
import io.keytrail.gateway.StubUpstream;
import io.keytrail.gateway.config.ApiSettings;
import io.keytrail.gateway.config.KeyAuthSettings;
import io.keytrail.gateway.keys.KeyRegistry;
import io.keytrail.gateway.support.TestGateway;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Where key-auth reads the key (header, query parameter, JSON or form body field), what reaches
 * the upstream (the key hidden or not), a key presented twice, CORS preflights, and malformed
 * input in each place.
 */
class KeyLocationTest {
    static final String KEY = "L0cat3dL0cat3dL0cat3dL0cat3dL0c1";
    static final String OTHER = "0th3rK3y0th3rK3y0th3rK3y0th3rK31";
    static final String SEED_401 = "{\"message\":\"Invalid authentication credentials\",\"status\":401}";
    static final Instant NOW = Instant.parse("2026-05-01T10:00:00Z");

    private TestGateway gateway;
    private StubUpstream upstream;

    @BeforeEach
    void start() {
        KeyRegistry registry = new KeyRegistry();
        registry.apply(new KeyRecord(1, "key_alice", sha256(KEY), "L0ca", "shop", "alice", KeyStatus.ACTIVE,
                NOW.minusSeconds(60), null, List.of(), 1, null, null));
        registry.apply(new KeyRecord(1, "key_bob", sha256(OTHER), "0th3", "shop", "bob", KeyStatus.ACTIVE,
                NOW.minusSeconds(60), null, List.of(), 1, null, null));
        gateway = new TestGateway(stub -> {
            URI url = URI.create(stub.url());
            return List.of(
                    api("header", "/header", url, policies(new KeyAuthSettings(true, null, null), false)),
                    api("query", "/query", url,
                            policies(new KeyAuthSettings(true, null, true, "apikey", null, null, null), false)),
                    api("query-only", "/query-only", url,
                            policies(new KeyAuthSettings(true, null, false, "apikey", null, null, null), false)),
                    api("body", "/body", url,
                            policies(new KeyAuthSettings(true, null, true, null, "apikey", 1024, null), false)),
                    api("visible", "/visible", url,
                            policies(new KeyAuthSettings(true, null, true, "apikey", "apikey", null, false), false)),
                    api("cors", "/cors", url, policies(new KeyAuthSettings(true, null, null), true)));
        }, registry, Clock.fixed(NOW, java.time.ZoneOffset.UTC), null, 2);
        upstream = gateway.upstream;
    }

    @AfterEach
    void stop() {
        gateway.close();
    }

    static ApiSettings.Policies policies(KeyAuthSettings keyAuth, boolean passCorsPreflight) {
        return new ApiSettings.Policies(keyAuth, passCorsPreflight);
    }

    // --- where the key is read, and hiding it -------------------------------------------------

    @Test
    void aKeyInTheQueryPassesAndIsRemovedFromTheForwardedQuery() throws Exception {
        HttpResponse<String> response = gateway.send(gateway.get("/query/items?a=1&apikey=" + KEY + "&b=x%20y"));
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("/items?a=1&b=x%20y", upstream.seen.poll().uri());
        assertSuccess(gateway.nextEvent(), CredentialLocation.QUERY);
        gateway.assertNoMoreEvents();
    }

    @Test
    void aQueryApiStillReadsTheHeaderUnlessTurnedOff() throws Exception {
        assertEquals(200, gateway.send(gateway.get("/query/items").header("x-apim-key", KEY)).statusCode());
        assertSuccess(gateway.nextEvent(), CredentialLocation.HEADER);
        HttpResponse<String> headerOnly = gateway.send(gateway.get("/query-only/items").header("x-apim-key", KEY));
        assertEquals(401, headerOnly.statusCode());
        assertEquals(FailureReason.MISSING_KEY, gateway.nextEvent().reason());
        assertEquals(200, gateway.send(gateway.get("/query-only/items?apikey=" + KEY)).statusCode());
        assertSuccess(gateway.nextEvent(), CredentialLocation.QUERY);
    }

    @Test
    void anEncodedParameterNameStillNamesTheKey() throws Exception {
        assertEquals(200, gateway.send(gateway.get("/query/items?api%6Bey=" + KEY + "&z=1")).statusCode());
        assertEquals("/items?z=1", upstream.seen.poll().uri());
        assertSuccess(gateway.nextEvent(), CredentialLocation.QUERY);
    }

    @Test
    void aKeyInAJsonBodyPassesAndOnlyItsFieldIsCutFromTheForwardedBody() throws Exception {
        String body = "{\"amount\": 1.50, \"apikey\": \"" + KEY + "\",\n \"items\":[1,{\"apikey\":\"nested\"}]}";
        HttpResponse<String> response = gateway.send(post("/body/orders", "application/json; charset=utf-8", body));
        assertEquals(200, response.statusCode(), response.body());
        StubUpstream.Seen seen = upstream.seen.poll();
        assertEquals("{\"amount\": 1.50, \n \"items\":[1,{\"apikey\":\"nested\"}]}", seen.body());
        assertEquals(Integer.toString(seen.body().length()), seen.headers().get("Content-Length"));
        assertSuccess(gateway.nextEvent(), CredentialLocation.BODY);
    }

    @Test
    void theKeyAsTheLastJsonFieldTakesItsLeadingComma() throws Exception {
        String body = "{\"a\":true , \"apikey\":\"" + KEY + "\" }";
        assertEquals(200, gateway.send(post("/body/x", "application/vnd.shop+json", body)).statusCode());
        assertEquals("{\"a\":true  }", upstream.seen.poll().body());
        gateway.nextEvent();
    }

    @Test
    void aKeyInAFormBodyPassesAndIsRemovedFromTheForwardedForm() throws Exception {
        String body = "name=J%C3%BCrgen&apikey=" + KEY + "&note=a+b";
        HttpResponse<String> response = gateway.send(post("/body/x", "application/x-www-form-urlencoded", body));
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("name=J%C3%BCrgen&note=a+b", upstream.seen.poll().body());
        assertSuccess(gateway.nextEvent(), CredentialLocation.BODY);
    }

    @Test
    void aBodySentAfter100ContinueIsReadLikeAnyOther() throws Exception {
        String body = "{\"apikey\":\"" + KEY + "\",\"n\":1}";
        URI base = URI.create(gateway.base);
        try (java.net.Socket socket = new java.net.Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(5_000);
            var out = socket.getOutputStream();
            out.write(("POST /body/x HTTP/1.1\r\nHost: gw\r\nContent-Type: application/json\r\nExpect: 100-continue\r\n"
                    + "Content-Length: " + body.length() + "\r\nConnection: close\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            out.flush();
            var in = socket.getInputStream();
            byte[] interim = new byte[25];
            assertEquals(25, in.readNBytes(interim, 0, 25));
            assertEquals("HTTP/1.1 100 Continue\r\n\r\n", new String(interim, java.nio.charset.StandardCharsets.US_ASCII));
            out.write(body.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            out.flush();
            String response = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
            assertTrue(response.startsWith("HTTP/1.1 200"), response);
        }
        assertEquals("{\"n\":1}", upstream.seen.poll().body());
        assertSuccess(gateway.nextEvent(), CredentialLocation.BODY);
    }

    @Test
    void aBodyApiAcceptsTheHeaderAndLeavesOtherBodiesUnread() throws Exception {
        assertEquals(200, gateway.send(gateway.get("/body/x").header("x-apim-key", KEY)).statusCode());
        assertSuccess(gateway.nextEvent(), CredentialLocation.HEADER);
        String text = "apikey=" + KEY;
        HttpResponse<String> plain = gateway.send(post("/body/x", "text/plain", text).header("x-apim-key", OTHER));
        assertEquals(200, plain.statusCode());
        assertEquals(text, upstream.seen.stream().reduce((a, b) -> b).orElseThrow().body());
        assertEquals("bob", gateway.nextEvent().developerId());
    }

    @Test
    void withHidingOffTheUpstreamGetsTheRequestAsSent() throws Exception {
        assertEquals(200, gateway.send(gateway.get("/visible/x?apikey=" + KEY)).statusCode());
        assertEquals("/x?apikey=" + KEY, upstream.seen.poll().uri());
        String json = "{\"apikey\":\"" + KEY + "\"}";
        assertEquals(200, gateway.send(post("/visible/x", "application/json", json)).statusCode());
        assertEquals(json, upstream.seen.poll().body());
        assertEquals(200, gateway.send(gateway.get("/header/x").header("x-apim-key", KEY)).statusCode());
        assertNull(upstream.seen.poll().headers().get("x-apim-key"), "the header API hides by default");
    }

    // --- one key, in one place -------------------------------------------------------------------

    @Test
    void theKeyInTwoPlacesOrTwoKeysIsA401() throws Exception {
        List<HttpRequest.Builder> twice = List.of(
                gateway.get("/query/x?apikey=" + KEY).header("x-apim-key", KEY),
                gateway.get("/query/x?apikey=" + KEY + "&apikey=" + OTHER),
                gateway.get("/query/x?apikey=" + KEY + "&apikey=" + KEY),
                post("/body/x", "application/json", "{\"apikey\":\"" + KEY + "\",\"apikey\":\"" + KEY + "\"}"),
                post("/body/x", "application/x-www-form-urlencoded", "apikey=" + KEY).header("x-apim-key", OTHER),
                post("/visible/x?apikey=" + KEY, "application/json", "{\"apikey\":\"" + KEY + "\"}"));
        for (HttpRequest.Builder request : twice) {
            HttpResponse<String> response = gateway.send(request);
            assertEquals(401, response.statusCode());
            assertEquals(SEED_401, response.body());
            assertTrue(response.headers().firstValue("WWW-Authenticate").isPresent());
            AuthEvent event = gateway.nextEvent();
            assertEquals(FailureReason.MALFORMED_REQUEST, event.reason());
            assertNull(event.developerId());
        }
        assertTrue(upstream.seen.isEmpty());
        gateway.assertNoMoreEvents();
    }

    // --- CORS preflight --------------------------------------------------------------------------

    @Test
    void aPreflightPassesWithoutAKeyWhereConfiguredAndIsNotAudited() throws Exception {
        HttpResponse<String> preflight = gateway.send(preflight("/cors/x"));
        assertEquals(200, preflight.statusCode());
        assertEquals("OPTIONS", upstream.seen.poll().method());
        gateway.assertNoMoreEvents();

        assertEquals(401, gateway.send(preflight("/header/x")).statusCode(), "not configured: a key is required");
        assertEquals(FailureReason.MISSING_KEY, gateway.nextEvent().reason());
        HttpResponse<String> plainOptions = gateway.send(gateway.get("/cors/x")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", "https://shop.example"));
        assertEquals(401, plainOptions.statusCode(), "an OPTIONS without Access-Control-Request-Method is no preflight");
        assertEquals(FailureReason.MISSING_KEY, gateway.nextEvent().reason());
        assertEquals(401, gateway.send(gateway.get("/cors/x")).statusCode(), "other methods still need the key");
        gateway.nextEvent();
    }

    // --- bad input -------------------------------------------------------------------------------

    @Test
    void invalidJsonWhenTheKeyIsInTheBodyIsA400AndAMalformedRequest() throws Exception {
        for (String body : List.of("{\"apikey\": \"" + KEY + "\"", "{\"apikey\" \"x\"}", "{} {}", "   ",
                "{\"a\":\"\\u12\"}")) {
            HttpResponse<String> response = gateway.send(post("/body/x", "application/json", body));
            assertEquals(400, response.statusCode(), body);
            assertEquals("{\"message\":\"Malformed request\",\"status\":400}", response.body());
            assertMalformed(gateway.nextEvent(), CredentialLocation.BODY);
        }
        assertTrue(upstream.seen.isEmpty());
        assertStillServing();
    }

    @Test
    void aJsonBodyThatIsNotUtf8IsA400() throws Exception {
        byte[] prefix = "{\"apikey\":\"".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] body = java.util.Arrays.copyOf(prefix, prefix.length + 4);
        body[prefix.length] = (byte) 0xC3;
        body[prefix.length + 1] = (byte) 0x28;
        body[prefix.length + 2] = '"';
        body[prefix.length + 3] = '}';
        HttpResponse<String> response = gateway.send(gateway.get("/body/x").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
        assertEquals(400, response.statusCode());
        assertMalformed(gateway.nextEvent(), CredentialLocation.BODY);
        assertStillServing();
    }

    @Test
    void aBodyOverTheReadLimitIsA413AndAMalformedRequest() throws Exception {
        String big = "{\"apikey\":\"" + KEY + "\",\"pad\":\"" + "x".repeat(2_000) + "\"}";
        HttpResponse<String> declared = gateway.send(post("/body/x", "application/json", big));
        assertEquals(413, declared.statusCode());
        assertEquals("{\"message\":\"Request body too large\",\"status\":413}", declared.body());
        assertMalformed(gateway.nextEvent(), CredentialLocation.BODY);

        String chunked = gateway.raw("POST /body/x HTTP/1.1\r\nHost: gw\r\nContent-Type: application/json\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n"
                + Integer.toHexString(big.length()) + "\r\n" + big + "\r\n0\r\n\r\n");
        assertTrue(chunked.startsWith("HTTP/1.1 413"), chunked);
        assertTrue(chunked.endsWith("{\"message\":\"Request body too large\",\"status\":413}"), chunked);
        assertMalformed(gateway.nextEvent(), CredentialLocation.BODY);
        assertTrue(upstream.seen.isEmpty());
        assertStillServing();
    }

    @Test
    void keysThatAreNotPrintableAsciiAreMalformedWhereverTheyAre() throws Exception {
        List<HttpRequest.Builder> bad = List.of(
                gateway.get("/query/x?apikey=%C3%28" + KEY.substring(2)),
                gateway.get("/query/x?apikey=%01" + KEY.substring(1)),
                post("/body/x", "application/x-www-form-urlencoded", "apikey=%FF" + KEY.substring(1)),
                post("/body/x", "application/json", "{\"apikey\":\"\\u0007" + KEY.substring(1) + "\"}"),
                post("/body/x", "application/json", "{\"apikey\":12345}"),
                post("/body/x", "application/json", "{\"apikey\":{\"value\":\"" + KEY + "\"}}"));
        for (HttpRequest.Builder request : bad) {
            HttpResponse<String> response = gateway.send(request);
            assertEquals(401, response.statusCode());
            assertEquals(SEED_401, response.body());
            assertEquals(FailureReason.MALFORMED_REQUEST, gateway.nextEvent().reason());
        }
        String badEscape = gateway.raw("GET /query/x?apikey=%zz" + KEY.substring(3) + " HTTP/1.1\r\nHost: gw\r\n\r\n");
        assertTrue(badEscape.startsWith("HTTP/1.1 4"), badEscape);
        if (badEscape.startsWith("HTTP/1.1 401")) {
            assertEquals(FailureReason.MALFORMED_REQUEST, gateway.nextEvent().reason());
        }
        String rawHeader = gateway.raw("GET /header/x HTTP/1.1\r\nHost: gw\r\nx-apim-key: \u00e9"
                + KEY.substring(1) + "\r\n\r\n");
        assertTrue(rawHeader.startsWith("HTTP/1.1 401"), rawHeader);
        assertEquals(FailureReason.MALFORMED_REQUEST, gateway.nextEvent().reason());
        String control = gateway.raw("GET /header/x HTTP/1.1\r\nHost: gw\r\nx-apim-key: a\u0001"
                + KEY.substring(2) + "\r\n\r\n");
        assertTrue(control.startsWith("HTTP/1.1 4"), control);
        assertTrue(upstream.seen.isEmpty());
        assertStillServing();
    }

    @Test
    void malformedHeaderLinesAreRefusedBeforeAnyPolicyAndTheGatewayKeepsServing() throws Exception {
        for (String header : List.of("broken header line", "x-apim-key: a\u0000b", ": no-name", "x apim key: v")) {
            String response = gateway.raw("GET /header/x HTTP/1.1\r\nHost: gw\r\n" + header + "\r\n\r\n");
            // Undertow's HTTP parser refuses these before any handler runs: no API, no decision, no event.
            assertTrue(response.startsWith("HTTP/1.1 400 "), response);
            assertTrue(response.contains("Connection: close"), response);
        }
        assertTrue(upstream.seen.isEmpty());
        gateway.assertNoMoreEvents();
        assertStillServing();
    }

    private void assertStillServing() throws Exception {
        gateway.events.clear();
        assertEquals(200, gateway.send(gateway.get("/header/ok").header("x-apim-key", KEY)).statusCode());
        assertSuccess(gateway.nextEvent(), CredentialLocation.HEADER);
    }

    private HttpRequest.Builder post(String path, String contentType, String body) {
        return gateway.get(path).header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body));
    }

    private HttpRequest.Builder preflight(String path) {
        return gateway.get(path).method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "https://shop.example").header("Access-Control-Request-Method", "POST");
    }

    private static void assertSuccess(AuthEvent event, CredentialLocation location) {
        assertEquals(AuthEventType.AUTH_SUCCESS, event.type());
        assertEquals("alice", event.developerId());
        assertNotNull(event.credential());
        assertEquals(location, event.credential().location());
        assertEquals("key_alice", event.credential().keyId());
    }

    private static void assertMalformed(AuthEvent event, CredentialLocation location) {
        assertEquals(AuthEventType.AUTH_FAILURE, event.type());
        assertEquals(FailureReason.MALFORMED_REQUEST, event.reason());
        assertEquals(location, event.credential().location());
        assertFalse(event.credential().keyHint() != null && KEY.startsWith(event.credential().keyHint())
                && event.credential().keyHint().length() > 4);
    }
}
