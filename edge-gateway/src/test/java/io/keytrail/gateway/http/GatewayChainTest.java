package io.keytrail.gateway.http;

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
import io.keytrail.gateway.keys.KeyRegistry;
import io.keytrail.gateway.support.TestGateway;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The whole request path against a real in-process server and a real stub upstream. */
class GatewayChainTest {
    static final String EXACT_401 = "{\"message\":\"Invalid authentication credentials\",\"status\":401}";
    static final String KEY = "Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4z";
    static final String REVOKED = "Rv0kedRv0kedRv0kedRv0kedRv0ked12";
    static final String EXPIRED = "Exp1redExp1redExp1redExp1redExp1";
    static final String EXPIRED_BY_STATUS = "St4tusSt4tusSt4tusSt4tusSt4tus12";
    static final String REVOKED_AND_PAST_EXPIRY = "RvExpRvExpRvExpRvExpRvExpRvExp12";
    static final String DELETED = "De1etedDe1etedDe1etedDe1etedDe1e";
    static final String TOMBSTONED = "T0mbT0mbT0mbT0mbT0mbT0mbT0mbT0mb";
    static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");

    private TestGateway gateway;
    private StubUpstream upstream;

    @BeforeEach
    void start() {
        KeyRegistry registry = new KeyRegistry();
        registry.apply(record("key_alice", KEY, KeyStatus.ACTIVE, null));
        registry.apply(record("key_old", REVOKED, KeyStatus.REVOKED, null));
        registry.apply(record("key_exp", EXPIRED, KeyStatus.ACTIVE, NOW.minusSeconds(1)));
        // Status decides before time: EXPIRED fails even without a past expiry, REVOKED stays REVOKED after one.
        registry.apply(record("key_exp_status", EXPIRED_BY_STATUS, KeyStatus.EXPIRED, null));
        registry.apply(record("key_rev_exp", REVOKED_AND_PAST_EXPIRY, KeyStatus.REVOKED, NOW.minusSeconds(60)));
        registry.apply(record("key_del", DELETED, KeyStatus.ACTIVE, null));
        registry.apply(record("key_del", DELETED, KeyStatus.DELETED, null, 2));
        registry.apply(record("key_tomb", TOMBSTONED, KeyStatus.ACTIVE, null));
        registry.remove("key_tomb");
        gateway = new TestGateway(stub -> List.of(
                api("orders", "/orders", URI.create(stub.url() + "/v1"), true),
                api("open", "/open", URI.create(stub.url()), false),
                api("dead", "/dead", URI.create("http://127.0.0.1:" + unusedPort()), true)),
                registry, Clock.fixed(NOW, ZoneOffset.UTC), null, 1);
        upstream = gateway.upstream;
    }

    @AfterEach
    void stop() {
        gateway.close();
    }

    @Test
    void aValidKeyIsProxiedWithoutTheKeyAndWithTheConsumerNamed() throws Exception {
        HttpResponse<String> response = send(get("/orders/42?x=1").header("x-apim-key", KEY)
                .header("X-Consumer-Developer", "mallory"));
        assertEquals(200, response.statusCode());
        assertEquals("{\"upstream\":\"stub\"}", response.body());
        StubUpstream.Seen seen = upstream.seen.poll();
        assertNotNull(seen);
        assertEquals("/v1/42?x=1", seen.uri());
        assertNull(seen.headers().get("x-apim-key"), "the key must not reach the upstream");
        assertEquals("alice", seen.headers().get("X-Consumer-Developer"));
        assertEquals("shop", seen.headers().get("X-Consumer-Project"));
        assertEquals("key_alice", seen.headers().get("X-Key-Id"));
        assertEquals(response.headers().firstValue("X-Request-Id").orElseThrow(), seen.headers().get("X-Request-Id"));

        AuthEvent event = nextEvent();
        assertEquals(AuthEventType.AUTH_SUCCESS, event.type());
        assertEquals(200, event.status());
        assertEquals("alice", event.developerId());
        assertEquals("shop", event.projectId());
        assertEquals("orders", event.apiId());
        assertEquals("/orders", event.route());
        assertEquals("/orders/42", event.path());
        assertEquals("GET", event.method());
        assertEquals("gw-test", event.gatewayNode());
        assertEquals("key_alice", event.credential().keyId());
        assertEquals("Ab3d", event.credential().keyHint());
        assertEquals(CredentialLocation.HEADER, event.credential().location());
        assertEquals("127.0.0.1", event.client().ip());
        assertNotNull(event.latency().upstreamMicros());
        assertTrue(event.latency().totalMicros() >= event.latency().upstreamMicros());
        assertNoMoreEvents();
    }

    @Test
    void aMissingKeyIsTheSeedPolicys401() throws Exception {
        HttpResponse<String> response = send(get("/orders/1"));
        assertSeed401(response);
        AuthEvent event = nextEvent();
        assertEquals(FailureReason.MISSING_KEY, event.reason());
        assertNull(event.credential());
        assertTrue(upstream.seen.isEmpty());
    }

    @Test
    void unknownRevokedAndExpiredKeysAre401WithTheirReason() throws Exception {
        assertSeed401(send(get("/orders").header("x-apim-key", "Zz9QunknownUnknownUnknownUnknown")));
        AuthEvent unknown = nextEvent();
        assertEquals(FailureReason.UNKNOWN_KEY, unknown.reason());
        assertEquals("Zz9Q", unknown.credential().keyHint());
        assertNull(unknown.credential().keyId());
        assertNull(unknown.developerId());

        assertSeed401(send(get("/orders").header("x-apim-key", REVOKED)));
        AuthEvent revoked = nextEvent();
        assertEquals(FailureReason.REVOKED_KEY, revoked.reason());
        assertEquals("alice", revoked.developerId(), "a resolved key names its developer even when refused");

        assertSeed401(send(get("/orders").header("x-apim-key", EXPIRED)));
        assertEquals(FailureReason.EXPIRED_KEY, nextEvent().reason());
        assertTrue(upstream.seen.isEmpty());
    }

    @Test
    void keysExpiredOrRevokedByStatusFailWithThatReason() throws Exception {
        assertSeed401(send(get("/orders").header("x-apim-key", EXPIRED_BY_STATUS)));
        AuthEvent expired = nextEvent();
        assertEquals(FailureReason.EXPIRED_KEY, expired.reason(), "status EXPIRED is an expired key, not a revoked one");
        assertEquals("key_exp_status", expired.credential().keyId());
        assertEquals("alice", expired.developerId());

        assertSeed401(send(get("/orders").header("x-apim-key", REVOKED_AND_PAST_EXPIRY)));
        assertEquals(FailureReason.REVOKED_KEY, nextEvent().reason());
        assertTrue(upstream.seen.isEmpty());
    }

    @Test
    void deletedAndTombstonedKeysAreUnknown() throws Exception {
        for (String key : List.of(DELETED, TOMBSTONED)) {
            assertSeed401(send(get("/orders").header("x-apim-key", key)));
            AuthEvent event = nextEvent();
            assertEquals(FailureReason.UNKNOWN_KEY, event.reason());
            assertNull(event.credential().keyId(), "a deleted key resolves to nothing");
            assertNull(event.developerId());
        }
        assertTrue(upstream.seen.isEmpty());
    }

    @Test
    void twoKeysOrGarbageInTheHeaderAreRefusedAsMalformed() throws Exception {
        assertSeed401(send(get("/orders").header("x-apim-key", KEY).header("x-apim-key", KEY)));
        assertEquals(FailureReason.MALFORMED_REQUEST, nextEvent().reason());
        assertSeed401(send(get("/orders").header("x-apim-key", "a".repeat(300))));
        assertEquals(FailureReason.MALFORMED_REQUEST, nextEvent().reason());
    }

    @Test
    void anUnknownRouteIs404JsonAndNoDecision() throws Exception {
        HttpResponse<String> response = send(get("/ordersx").header("x-apim-key", KEY));
        assertEquals(404, response.statusCode());
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElse(""));
        assertEquals("{\"message\":\"No API matches this path\",\"status\":404}", response.body());
        assertNoMoreEvents();
    }

    @Test
    void anApiWithoutKeyAuthPassesAndIsNotAnAuthDecision() throws Exception {
        HttpResponse<String> response = send(get("/open/x").header("X-Key-Id", "forged"));
        assertEquals(200, response.statusCode());
        assertNull(upstream.seen.poll().headers().get("X-Key-Id"), "clients cannot forge consumer headers");
        assertNoMoreEvents();
    }

    @Test
    void aDeadUpstreamIs502JsonAndStillAudited() throws Exception {
        HttpResponse<String> response = send(get("/dead/x").header("x-apim-key", KEY));
        assertEquals(502, response.statusCode());
        assertEquals("{\"message\":\"The upstream API is unavailable\",\"status\":502}", response.body());
        AuthEvent event = nextEvent();
        assertEquals(AuthEventType.AUTH_SUCCESS, event.type());
        assertEquals(502, event.status());
    }

    @Test
    void theClientsRequestIdIsKeptAndABadOneReplaced() throws Exception {
        HttpResponse<String> kept = send(get("/orders").header("x-apim-key", KEY).header("X-Request-Id", "trace-123"));
        assertEquals("trace-123", kept.headers().firstValue("X-Request-Id").orElseThrow());
        assertEquals("trace-123", nextEvent().requestId());
        HttpResponse<String> replaced = send(get("/orders").header("X-Request-Id", "bad id <script>"));
        String id = replaced.headers().firstValue("X-Request-Id").orElseThrow();
        assertFalse(id.contains(" "));
        assertEquals(id, nextEvent().requestId());
    }

    private void assertSeed401(HttpResponse<String> response) {
        assertEquals(401, response.statusCode());
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElse(""));
        assertEquals(EXACT_401, response.body());
        assertTrue(response.headers().firstValue("WWW-Authenticate").isPresent());
    }

    private AuthEvent nextEvent() throws InterruptedException {
        return gateway.nextEvent();
    }

    private void assertNoMoreEvents() throws InterruptedException {
        gateway.assertNoMoreEvents();
    }

    private HttpRequest.Builder get(String path) {
        return gateway.get(path);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return gateway.send(request);
    }

    static KeyRecord record(String keyId, String key, KeyStatus status, Instant expiresAt) {
        return record(keyId, key, status, expiresAt, 1);
    }

    static KeyRecord record(String keyId, String key, KeyStatus status, Instant expiresAt, long version) {
        return new KeyRecord(1, keyId, sha256(key), key.substring(0, 4), "shop", "alice", status,
                NOW.minusSeconds(3600), expiresAt, List.of(), version, null, null);
    }

    static int unusedPort() {
        try (var socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
