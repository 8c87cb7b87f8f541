package io.keytrail.gateway.http;

import static io.keytrail.gateway.support.TestGateway.api;
import static io.keytrail.gateway.support.TestGateway.sha256;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** API access control, rate limits and quotas on the whole request path, with a clock the test moves. */
class GatewayAccessAndLimitsTest {
    static final String ALL = "A11apisA11apisA11apisA11apisA11a";
    static final String ORDERS_ONLY = "0rders0rders0rders0rders0rders01";
    static final String RATED = "Rat3dRat3dRat3dRat3dRat3dRat3d12";
    static final String QUOTA = "Qu0taQu0taQu0taQu0taQu0taQu0ta12";
    static final String HAMMERED = "Hamm3rHamm3rHamm3rHamm3rHamm3r12";
    static final String ORDERS_RATED = "0rdR8t0rdR8t0rdR8t0rdR8t0rdR8t12";
    static final Instant NOW = Instant.parse("2026-01-31T23:59:00Z");

    private final TestClock clock = new TestClock(NOW.toEpochMilli());
    private TestGateway gateway;
    private StubUpstream upstream;

    @BeforeEach
    void start() {
        KeyRegistry registry = new KeyRegistry();
        registry.apply(record("key_all", ALL, List.of(), null, null));
        registry.apply(record("key_orders", ORDERS_ONLY, List.of("orders"), null, null));
        registry.apply(record("key_rated", RATED, List.of(), new KeyRecord.RateLimit(3, 60), null));
        registry.apply(record("key_quota", QUOTA, List.of(), null, new KeyRecord.Quota(2, KeyRecord.QuotaPeriod.MONTH)));
        registry.apply(record("key_orders_rated", ORDERS_RATED, List.of("orders"), new KeyRecord.RateLimit(1, 60), null));
        registry.apply(record("key_hammered", HAMMERED, List.of(), new KeyRecord.RateLimit(50, 3_600), null));
        gateway = new TestGateway(stub -> List.of(
                api("orders", "/orders", URI.create(stub.url()), true),
                api("billing", "/billing", URI.create(stub.url()), true)),
                registry, clock, null, 4);
        upstream = gateway.upstream;
    }

    @AfterEach
    void stop() {
        gateway.close();
    }

    @Test
    void aKeyWithAnEmptyListCallsEveryApi() throws Exception {
        for (String path : List.of("/orders/1", "/billing/1")) {
            assertEquals(200, send(path, ALL).statusCode());
            assertEquals(AuthEventType.AUTH_SUCCESS, nextEvent().type());
        }
        assertNoMoreEvents();
    }

    @Test
    void aKeyCallsTheApisOfItsListAndIsForbiddenTheOthers() throws Exception {
        assertEquals(200, send("/orders/1", ORDERS_ONLY).statusCode());
        assertEquals(AuthEventType.AUTH_SUCCESS, nextEvent().type());
        upstream.seen.clear();

        HttpResponse<String> forbidden = send("/billing/1", ORDERS_ONLY);
        assertEquals(403, forbidden.statusCode());
        assertEquals("application/json", forbidden.headers().firstValue("Content-Type").orElse(""));
        assertEquals("{\"message\":\"The key may not call this API\",\"status\":403}", forbidden.body());
        assertTrue(upstream.seen.isEmpty());
        AuthEvent event = nextEvent();
        assertEquals(AuthEventType.AUTH_FAILURE, event.type());
        assertEquals(FailureReason.FORBIDDEN_API, event.reason());
        assertEquals(403, event.status());
        assertEquals("billing", event.apiId());
        assertEquals("key_orders", event.credential().keyId());
        assertEquals("0rde", event.credential().keyHint());
        assertEquals("alice", event.developerId());
        assertEquals("shop", event.projectId());
        assertNoMoreEvents();
    }

    @Test
    void exactlyTheRateLimitPerWindowThen429WithRetryAfterAndAgainAfterTheWindow() throws Exception {
        clock.set(Instant.parse("2026-11-23T10:00:10Z"));
        for (int i = 0; i < 3; i++) {
            assertEquals(200, send("/orders/1", RATED).statusCode());
            assertEquals(AuthEventType.AUTH_SUCCESS, nextEvent().type());
        }
        clock.advance(19_500);
        HttpResponse<String> limited = send("/orders/1", RATED);
        assertEquals(429, limited.statusCode());
        assertEquals("{\"message\":\"API rate limit exceeded\",\"status\":429}", limited.body());
        assertEquals("31", limited.headers().firstValue("Retry-After").orElse(""), "30.5 s to the minute, rounded up");
        AuthEvent event = nextEvent();
        assertEquals(FailureReason.RATE_LIMITED, event.reason());
        assertEquals(429, event.status());
        assertEquals("key_rated", event.credential().keyId());
        assertEquals("alice", event.developerId());
        assertNoMoreEvents();
        assertEquals(3, upstream.seen.size());

        clock.set(Instant.parse("2026-11-23T10:01:00Z"));
        for (int i = 0; i < 3; i++) {
            assertEquals(200, send("/orders/1", RATED).statusCode());
        }
        assertEquals(429, send("/orders/1", RATED).statusCode());
        assertEquals(List.of(AuthEventType.AUTH_SUCCESS, AuthEventType.AUTH_SUCCESS, AuthEventType.AUTH_SUCCESS,
                AuthEventType.AUTH_FAILURE), List.of(nextEvent().type(), nextEvent().type(), nextEvent().type(),
                nextEvent().type()));
        assertNoMoreEvents();
    }

    @Test
    void aMonthlyQuotaRunsOutAndResetsOnTheFirstOfTheNextMonthUtc() throws Exception {
        assertEquals(200, send("/orders/1", QUOTA).statusCode());
        assertEquals(200, send("/billing/1", QUOTA).statusCode());
        HttpResponse<String> spent = send("/orders/1", QUOTA);
        assertEquals(429, spent.statusCode());
        assertEquals("{\"message\":\"API quota exceeded\",\"status\":429}", spent.body());
        assertEquals("60", spent.headers().firstValue("Retry-After").orElse(""), "a minute to February");
        nextEvent();
        nextEvent();
        assertEquals(FailureReason.RATE_LIMITED, nextEvent().reason());

        clock.set(Instant.parse("2026-02-01T00:00:00Z"));
        assertEquals(200, send("/orders/1", QUOTA).statusCode());
        assertEquals(200, send("/orders/1", QUOTA).statusCode());
        HttpResponse<String> again = send("/orders/1", QUOTA);
        assertEquals(429, again.statusCode());
        assertEquals(String.valueOf(28 * 86_400), again.headers().firstValue("Retry-After").orElse(""));
    }

    @Test
    void aForbiddenRequestTakesNoRateSlot() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertEquals(403, send("/billing/1", ORDERS_RATED).statusCode());
            assertEquals(FailureReason.FORBIDDEN_API, nextEvent().reason());
        }
        assertEquals(200, send("/orders/1", ORDERS_RATED).statusCode(), "access control runs before the limit");
        assertEquals(AuthEventType.AUTH_SUCCESS, nextEvent().type());
        assertEquals(429, send("/orders/1", ORDERS_RATED).statusCode());
        assertEquals(FailureReason.RATE_LIMITED, nextEvent().reason());
        assertNoMoreEvents();
    }

    @Test
    void concurrentRequestsNeverExceedTheLimit() throws Exception {
        int threads = 8;
        int perThread = 20;
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger limited = new AtomicInteger();
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int n = 0; n < threads; n++) {
                done.add(pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < perThread; i++) {
                        int status = send("/orders/1", HAMMERED).statusCode();
                        (status == 200 ? ok : limited).incrementAndGet();
                        assertTrue(status == 200 || status == 429, "status " + status);
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(50, ok.get());
        assertEquals(threads * perThread - 50, limited.get());
        int successes = 0;
        int refusals = 0;
        for (int i = 0; i < threads * perThread; i++) {
            AuthEvent event = nextEvent();
            if (event.reason() == null) {
                successes++;
            } else {
                assertEquals(FailureReason.RATE_LIMITED, event.reason());
                refusals++;
            }
        }
        assertEquals(50, successes);
        assertEquals(threads * perThread - 50, refusals);
        assertNoMoreEvents();
    }

    private HttpResponse<String> send(String path, String key) throws Exception {
        return gateway.send(gateway.get(path).header("x-apim-key", key));
    }

    private AuthEvent nextEvent() throws InterruptedException {
        return gateway.nextEvent();
    }

    private void assertNoMoreEvents() throws InterruptedException {
        gateway.assertNoMoreEvents();
    }

    static KeyRecord record(String keyId, String key, List<String> apis, KeyRecord.RateLimit rate, KeyRecord.Quota quota) {
        return new KeyRecord(1, keyId, sha256(key), key.substring(0, 4), "shop", "alice", KeyStatus.ACTIVE,
                NOW.minusSeconds(3600), null, apis, 1, rate, quota);
    }

}
