package io.keytrail.gateway.proxy;

import static io.keytrail.gateway.proxy.Upstreams.KEY;
import static io.keytrail.gateway.proxy.Upstreams.await;
import static io.keytrail.gateway.proxy.Upstreams.client;
import static io.keytrail.gateway.proxy.Upstreams.deadUrl;
import static io.keytrail.gateway.proxy.Upstreams.fastChecks;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keytrail.events.AuthEvent;
import io.keytrail.events.AuthEventType;
import io.keytrail.gateway.config.HealthCheckSettings;
import io.keytrail.gateway.support.TestGateway;
import io.keytrail.gateway.support.TestUpstream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Balancing over several targets, and targets leaving and rejoining by active and passive health checks. */
class UpstreamBalancingTest {
    static final String UNAVAILABLE = "{\"message\":\"The upstream API is unavailable\",\"status\":502}";

    private TestUpstream a;
    private TestUpstream b;
    private TestGateway gateway;

    @BeforeEach
    void startUpstreams() {
        a = new TestUpstream("a");
        b = new TestUpstream("b");
    }

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
        a.close();
        b.close();
    }

    @Test
    void requestsGoRoundRobinOverTheTargets() throws Exception {
        start(List.of(a.url(), b.url()), null);
        List<String> answered = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            answered.add(okBody());
        }
        assertEquals(5, a.hits.get());
        assertEquals(5, b.hits.get());
        for (int i = 1; i < answered.size(); i++) {
            assertTrue(!answered.get(i).equals(answered.get(i - 1)), "strictly alternating: " + answered);
        }
    }

    @Test
    void aTargetFailingItsHealthChecksIsTakenOutAndComesBackWhenItPasses() throws Exception {
        start(List.of(a.url(), b.url()), fastChecks(2, 2));
        await("both targets are checked", () -> a.healthChecks.get() > 0 && b.healthChecks.get() > 0);

        b.healthStatus = 503;
        await("b is taken out", () -> client(gateway).usableTargets().equals(List.of(URI.create(a.url()))));
        int bBefore = b.hits.get();
        for (int i = 0; i < 6; i++) {
            assertEquals(a.body(), okBody());
        }
        assertEquals(bBefore, b.hits.get(), "no request reaches a target taken out");

        b.healthStatus = 200;
        await("b is back", () -> client(gateway).usableTargets().size() == 2);
        int aBefore = a.hits.get();
        for (int i = 0; i < 6; i++) {
            okBody();
        }
        assertEquals(3, a.hits.get() - aBefore);
        assertEquals(bBefore + 3, b.hits.get());
    }

    @Test
    void withEveryTargetUnhealthyTheAnswerIs502JsonAtOnceAndAuditedOnce() throws Exception {
        start(List.of(a.url(), b.url()), fastChecks(1, 1));
        a.healthStatus = 500;
        b.healthStatus = 404;
        await("both targets are taken out", () -> client(gateway).usableTargets().isEmpty());

        HttpResponse<String> response = gateway.send(gateway.get("/x/1").header("x-apim-key", KEY));
        assertEquals(502, response.statusCode());
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElse(""));
        assertEquals(UNAVAILABLE, response.body());
        assertEquals(0, a.hits.get() + b.hits.get(), "no connection is even tried");
        AuthEvent event = gateway.nextEvent();
        assertEquals(AuthEventType.AUTH_SUCCESS, event.type());
        assertEquals(502, event.status());
        assertEquals("x", event.apiId());
        gateway.assertNoMoreEvents();
    }

    @Test
    void aTargetRefusingConnectionsIsRetriedElsewhereThenEjected() throws Exception {
        String dead = deadUrl();
        start(List.of(dead, a.url()), null);
        for (int i = 0; i < 6; i++) {
            assertEquals(a.body(), okBody(), "a refused connection is retried on the next target");
        }
        assertEquals(List.of(URI.create(a.url())), client(gateway).usableTargets(),
                "three refused connections in a row take the target out");
    }

    @Test
    void withEveryTargetRefusingConnectionsTheAnswerIs502Json() throws Exception {
        start(List.of(deadUrl(), deadUrl()), null);
        for (int i = 0; i < 5; i++) {
            HttpResponse<String> response = gateway.send(gateway.get("/x/" + i).header("x-apim-key", KEY));
            assertEquals(502, response.statusCode());
            assertEquals(UNAVAILABLE, response.body());
            assertEquals(502, gateway.nextEvent().status());
        }
        assertTrue(client(gateway).usableTargets().isEmpty(), "both ejected");
        gateway.assertNoMoreEvents();
    }

    @Test
    void anOnlyTargetIsNeverEjectedPassively() throws Exception {
        start(List.of(deadUrl()), null);
        for (int i = 0; i < 5; i++) {
            assertEquals(502, gateway.send(gateway.get("/x").header("x-apim-key", KEY)).statusCode());
        }
        assertEquals(1, client(gateway).usableTargets().size());
    }

    private void start(List<String> targets, HealthCheckSettings check) {
        gateway = new TestGateway(stub -> List.of(Upstreams.api(targets, check, null, null)), Upstreams.registry(),
                Clock.systemUTC(), null, 1);
    }

    private String okBody() throws Exception {
        HttpResponse<String> response = gateway.send(gateway.get("/x/1").header("x-apim-key", KEY));
        assertEquals(200, response.statusCode(), response.body());
        return response.body();
    }
}
