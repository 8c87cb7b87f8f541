package io.keytrail.gateway.protect;

import static io.keytrail.gateway.support.TestGateway.api;
import static io.keytrail.gateway.support.TestGateway.sha256;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keytrail.events.AuthEvent;
import io.keytrail.events.AuthEventType;
import io.keytrail.events.FailureReason;
import io.keytrail.events.KeyRecord;
import io.keytrail.events.KeyStatus;
import io.keytrail.gateway.StubUpstream;
import io.keytrail.gateway.keys.KeyRegistry;
import io.keytrail.gateway.support.TestGateway;
import io.keytrail.gateway.support.TestClock;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Client addresses behind a trusted proxy and the failed-auth limit, on the whole request path
 * against a real in-process server and stub upstream. The test client is the trusted proxy
 * (127.0.0.1), so {@code X-Forwarded-For} plays the clients.
 */
class FailedAuthProtectionTest {
    static final String KEY = "Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4z";
    static final String UNKNOWN = "Zz9QunknownUnknownUnknownUnknown";
    static final String ATTACKER = "198.51.100.1";
    static final String BYSTANDER = "198.51.100.2";
    static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");

    private final TestClock clock = new TestClock(NOW.toEpochMilli());
    private FailedAuthLimiter limiter;
    private TestGateway gateway;
    private StubUpstream upstream;

    @BeforeEach
    void start() {
        KeyRegistry registry = new KeyRegistry();
        registry.apply(new KeyRecord(1, "key_alice", sha256(KEY), "Ab3d", "shop", "alice", KeyStatus.ACTIVE,
                NOW.minusSeconds(3600), null, List.of(), 1, null, null));
        limiter = new FailedAuthLimiter(3, 60_000, 30_000, 16, clock);
        ClientProtection protection = new ClientProtection(TrustedProxies.of(List.of("127.0.0.1", "::1")), limiter);
        gateway = new TestGateway(stub -> List.of(
                api("orders", "/orders", URI.create(stub.url()), true),
                api("open", "/open", URI.create(stub.url()), false)),
                registry, clock, protection, 1);
        upstream = gateway.upstream;
    }

    @AfterEach
    void stop() {
        gateway.close();
    }

    @Test
    void theEventNamesTheForwardedClientAndForgedLeftPartsAreIgnored() throws Exception {
        assertEquals(200, send("/orders/1", "6.6.6.6, " + ATTACKER, KEY).statusCode());
        AuthEvent event = nextEvent();
        assertEquals(AuthEventType.AUTH_SUCCESS, event.type());
        assertEquals(ATTACKER, event.client().ip());
        assertNoMoreEvents();
    }

    @Test
    void failuresUpToTheLimitThen429EvenWithAValidKeyUntilTheBlockEnds() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertEquals(401, send("/orders/1", ATTACKER, UNKNOWN).statusCode());
            AuthEvent event = nextEvent();
            assertEquals(FailureReason.UNKNOWN_KEY, event.reason());
            assertEquals(ATTACKER, event.client().ip());
            assertNoMoreEvents();
        }
        HttpResponse<String> refused = send("/orders/1", ATTACKER, KEY);
        assertEquals(429, refused.statusCode());
        assertEquals("application/json", refused.headers().firstValue("Content-Type").orElse(""));
        assertEquals("{\"message\":\"Too many failed authentication attempts\",\"status\":429}", refused.body());
        assertEquals("30", refused.headers().firstValue("Retry-After").orElse(""));
        AuthEvent event = nextEvent();
        assertEquals(AuthEventType.AUTH_FAILURE, event.type());
        assertEquals(FailureReason.RATE_LIMITED, event.reason());
        assertEquals(429, event.status());
        assertEquals(ATTACKER, event.client().ip());
        assertNull(event.credential(), "a blocked request's key is not even read");
        assertNoMoreEvents();
        assertTrue(upstream.seen.isEmpty());

        clock.advance(10_000);
        assertEquals("20", send("/orders/1", ATTACKER, KEY).headers().firstValue("Retry-After").orElse(""));
        assertEquals(FailureReason.RATE_LIMITED, nextEvent().reason());

        // Others are unaffected, and so are APIs without key-auth (no decision, no event).
        assertEquals(200, send("/orders/1", BYSTANDER, KEY).statusCode());
        assertEquals(BYSTANDER, nextEvent().client().ip());
        assertEquals(200, send("/open/x", ATTACKER, null).statusCode());
        assertNoMoreEvents();

        clock.advance(20_000);
        assertEquals(200, send("/orders/1", ATTACKER, KEY).statusCode());
        assertEquals(AuthEventType.AUTH_SUCCESS, nextEvent().type());
        assertNoMoreEvents();
    }

    @Test
    void successesAreNotCountedAndEveryKeyFailureIs() throws Exception {
        assertEquals(401, send("/orders/1", ATTACKER, null).statusCode());
        assertEquals(FailureReason.MISSING_KEY, nextEvent().reason());
        for (int i = 0; i < 10; i++) {
            assertEquals(200, send("/orders/1", ATTACKER, KEY).statusCode());
            assertEquals(AuthEventType.AUTH_SUCCESS, nextEvent().type());
        }
        assertEquals(401, send("/orders/1", ATTACKER, "a".repeat(300)).statusCode());
        assertEquals(FailureReason.MALFORMED_REQUEST, nextEvent().reason());
        assertEquals(0, limiter.blockedMillis(ATTACKER, clock.millis()));
        assertEquals(401, send("/orders/1", ATTACKER, UNKNOWN).statusCode());
        assertEquals(FailureReason.UNKNOWN_KEY, nextEvent().reason());
        assertEquals(429, send("/orders/1", ATTACKER, KEY).statusCode());
        assertEquals(FailureReason.RATE_LIMITED, nextEvent().reason());
        assertNoMoreEvents();
    }

    @Test
    void theWindowRunsOutWithoutABlock() throws Exception {
        for (int i = 0; i < 2; i++) {
            send("/orders/1", ATTACKER, UNKNOWN);
        }
        clock.advance(60_000);
        for (int i = 0; i < 2; i++) {
            assertEquals(401, send("/orders/1", ATTACKER, UNKNOWN).statusCode());
        }
        assertEquals(200, send("/orders/1", ATTACKER, KEY).statusCode());
        for (int i = 0; i < 5; i++) {
            nextEvent();
        }
        assertNoMoreEvents();
    }

    @Test
    void manySourceAddressesNeverGrowTheTableBeyondItsCapacity() {
        TestClock time = new TestClock(0);
        FailedAuthLimiter small = new FailedAuthLimiter(1, 60_000, 60_000, 4, time);
        assertEquals(4, small.capacity());
        for (int i = 0; i < 10_000; i++) {
            time.advance(1);
            small.recordFailure("client-" + i, time.millis());
            assertTrue(small.tracked() <= 4);
        }
        // With one set of four, the newest four are the ones still blocked.
        for (int i = 0; i < 10_000; i++) {
            boolean blocked = small.blockedMillis("client-" + i, time.millis()) > 0;
            assertEquals(i >= 9_996, blocked, "address " + i);
        }
    }

    private HttpResponse<String> send(String path, String forwardedFor, String key) throws Exception {
        HttpRequest.Builder request = gateway.get(path).header("X-Forwarded-For", forwardedFor);
        if (key != null) {
            request.header("x-apim-key", key);
        }
        return gateway.send(request);
    }

    private AuthEvent nextEvent() throws InterruptedException {
        return gateway.nextEvent();
    }

    private void assertNoMoreEvents() throws InterruptedException {
        gateway.assertNoMoreEvents();
    }

}
